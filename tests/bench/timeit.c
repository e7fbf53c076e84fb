// SPDX-License-Identifier: GPL-2.0-only
/*
 * timeit CMD [ARGS...]: run CMD with stdout and stderr to /dev/null and
 * print its wall time (CLOCK_MONOTONIC) and the CPU time (user + system) it
 * and the children it waited for used, both in microseconds.  Exit status:
 * CMD's, or 127 if it could not be run.
 */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>

static long long us_of(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

int main(int argc, char **argv)
{
	struct timespec a, b;
	struct rusage ru;
	int status, fd;
	pid_t pid;

	if (argc < 2) {
		fprintf(stderr, "usage: timeit CMD [ARGS...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid < 0)
		return 127;
	if (!pid) {
		fd = open("/dev/null", O_WRONLY);
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return 127;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%lld %lld\n", (long long)(b.tv_sec - a.tv_sec) * 1000000 +
	       (b.tv_nsec - a.tv_nsec) / 1000,
	       us_of(&ru.ru_utime) + us_of(&ru.ru_stime));
	return WIFEXITED(status) ? WEXITSTATUS(status) : 127;
}
