// SPDX-License-Identifier: GPL-2.0-only
/*
 * Randomized stress for a ninep mount, run in the guest.
 *
 *   stress data DIR SEED NPROC OPS
 *	NPROC processes, each on its own file, do OPS random operations
 *	(write, pwrite past the end, truncate up/down, mmap write + msync,
 *	read, fsync, close/reopen) checked against an in-memory model of the
 *	file; every read compares, and the file is compared whole at the end
 *	through a fresh descriptor (after dropping the page cache if
 *	STRESS_DROP_CACHES is set).
 *   stress names DIR SEED NPROC OPS
 *	NPROC processes create, rename, link and unlink names among 64 in
 *	two shared directories; then prints the sorted tree (name, size,
 *	nlink) so the caller can compare it with a fresh mount's view.
 *   stress openrace DIR SEED NPROC OPS
 *	one name in DIR: processes 0, 4, 8... open(O_CREAT) it and write a
 *	byte, 1, 5, 9... rename a file of their own over it, 2, 6, 10...
 *	unlink it, the others open it for reading and read.  Each
 *	open(O_CREAT) must succeed: the name either holds a file to open or
 *	is created, whatever the others did just before; an open for reading
 *	succeeds or finds no name (ENOENT), never a stale one, and the
 *	open file's name in /proc never reads "(deleted)" while the file is
 *	still at the name.
 *
 * Prints "ok - NAME" / "not ok - NAME # why" per process.  Hole punching
 * is not exercised: 9P2000.L has no fallocate.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <dirent.h>

#define MAXLEN	(4 << 20)

static unsigned long long rng;

/* the final compare then reads what the server (or cache=fscache) holds */
static void drop_page_cache(void)
{
	int fd;

	sync();
	fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "3", 1) != 1)
			perror("/proc/sys/vm/drop_caches");
		close(fd);
	}
}

static unsigned int rnd(unsigned int n)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned int)(rng >> 33) % n;
}

static void fill(unsigned char *p, size_t n)
{
	while (n--)
		*p++ = rnd(256);
}

static int data_worker(const char *dir, int id, unsigned long long seed,
		       long ops)
{
	unsigned char *model = calloc(1, MAXLEN), *buf = malloc(MAXLEN);
	char path[4096];
	size_t size = 0;
	long i;
	int fd;

	rng = seed * 1000003 + id;
	snprintf(path, sizeof(path), "%s/data.%d", dir, id);
	fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	if (fd < 0 || !model || !buf) {
		printf("not ok - data.%d # open: %s\n", id, strerror(errno));
		return 1;
	}
	for (i = 0; i < ops; i++) {
		unsigned int op = rnd(100);
		size_t off = rnd(MAXLEN / 2), len = 1 + rnd(256 << 10);

		if (off + len > MAXLEN)
			len = MAXLEN - off;
		if (op < 35) {			/* write */
			fill(buf, len);
			if (pwrite(fd, buf, len, off) != (ssize_t)len)
				goto fail;
			memcpy(model + off, buf, len);
			if (off + len > size)
				size = off + len;
		} else if (op < 60) {		/* read and compare */
			ssize_t n = pread(fd, buf, len, off);
			size_t want = off >= size ? 0 :
				      (off + len > size ? size - off : len);

			if (n != (ssize_t)want || memcmp(buf, model + off, want)) {
				printf("not ok - data.%d # op %ld: read %zd@%zu, wanted %zu\n",
				       id, i, n, off, want);
				return 1;
			}
		} else if (op < 72) {		/* truncate */
			size_t ns = rnd(MAXLEN);

			if (ftruncate(fd, ns))
				goto fail;
			if (ns < size)
				memset(model + ns, 0, size - ns);
			size = ns;
		} else if (op < 84 && size > 0) { /* mmap write + msync */
			size_t moff = off % size & ~4095UL;
			size_t mlen = len;
			unsigned char *m;

			if (moff + mlen > size)
				mlen = size - moff;
			m = mmap(NULL, mlen, PROT_READ | PROT_WRITE, MAP_SHARED,
				 fd, moff);
			if (m == MAP_FAILED)
				goto fail;
			fill(buf, mlen);
			memcpy(m, buf, mlen);
			memcpy(model + moff, buf, mlen);
			if (msync(m, mlen, MS_SYNC) || munmap(m, mlen))
				goto fail;
		} else if (op < 90) {		/* fsync */
			if (fsync(fd))
				goto fail;
		} else {			/* close and reopen */
			if (close(fd))
				goto fail;
			fd = open(path, O_RDWR);
			if (fd < 0)
				goto fail;
		}
	}
	close(fd);
	if (getenv("STRESS_DROP_CACHES"))
		drop_page_cache();
	fd = open(path, O_RDONLY);
	{
		struct stat st;
		ssize_t n;

		if (fd < 0 || fstat(fd, &st))
			goto fail;
		n = pread(fd, buf, MAXLEN, 0);
		if (st.st_size != (off_t)size || n != (ssize_t)size ||
		    memcmp(buf, model, size)) {
			printf("not ok - data.%d # final: size %lld/%zu\n", id,
			       (long long)st.st_size, size);
			return 1;
		}
	}
	close(fd);
	printf("ok - data.%d (%ld ops, final size %zu)\n", id, ops, size);
	return 0;
fail:
	printf("not ok - data.%d # op %ld: %s\n", id, i, strerror(errno));
	return 1;
}

static int names_worker(const char *dir, int id, unsigned long long seed,
			long ops)
{
	char a[4096], b[4096];
	long i;

	rng = seed * 7919 + id;
	for (i = 0; i < ops; i++) {
		unsigned int op = rnd(100);

		snprintf(a, sizeof(a), "%s/d%u/n%02u", dir, rnd(2), rnd(64));
		snprintf(b, sizeof(b), "%s/d%u/n%02u", dir, rnd(2), rnd(64));
		errno = 0;
		if (op < 35) {
			int fd = open(a, O_CREAT | O_WRONLY | O_APPEND, 0644);

			if (fd >= 0) {
				if (write(fd, "x", 1) != 1) {
					printf("not ok - names.%d # write: %s\n",
					       id, strerror(errno));
					return 1;
				}
				close(fd);
			}
		} else if (op < 60) {
			rename(a, b);
		} else if (op < 75) {
			link(a, b);
		} else {
			unlink(a);
		}
		/* the races make ENOENT/EEXIST normal; anything else is not */
		if (errno && errno != ENOENT && errno != EEXIST) {
			printf("not ok - names.%d # op %ld on %s: %s\n", id, i, a,
			       strerror(errno));
			return 1;
		}
	}
	printf("ok - names.%d (%ld ops)\n", id, ops);
	return 0;
}

/*
 * Whether fd's name reads "(deleted)" in /proc while its file is still
 * at name: the kernel lost track of a name nobody removed.  A file that
 * left name never comes back to it, so a file found there after the
 * readlink was there all along.
 */
static int openrace_deleted(int fd, const char *name)
{
	char link[64], target[4096];
	struct stat a, b;
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = 0;
	if (n < 10 || strcmp(target + n - 10, " (deleted)"))
		return 0;
	return !fstat(fd, &a) && !stat(name, &b) && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

static int openrace_worker(const char *dir, int id, long ops)
{
	char name[4096], own[4096];
	const char *what;
	long i;
	int fd;

	snprintf(name, sizeof(name), "%s/n", dir);
	snprintf(own, sizeof(own), "%s/t%d", dir, id);
	for (i = 0; i < ops; i++) {
		errno = 0;
		switch (id % 4) {
		case 0:
			what = "open";
			fd = open(name, O_CREAT | O_WRONLY | O_APPEND, 0644);
			if (fd < 0)
				break;
			what = "write";
			if (write(fd, "x", 1) != 1) {
				close(fd);
				break;
			}
			what = "close";
			if (close(fd))
				break;
			continue;
		case 1:
			what = "create";
			fd = open(own, O_CREAT | O_WRONLY, 0644);
			if (fd < 0 || close(fd))
				break;
			what = "rename";
			if (rename(own, name))
				break;
			continue;
		case 2:
			what = "unlink";
			if (unlink(name) && errno != ENOENT)
				break;
			continue;
		default:
			what = "open for reading";
			fd = open(name, O_RDONLY);
			if (fd < 0) {
				if (errno == ENOENT)
					continue;
				break;
			}
			what = "read";
			if (read(fd, own, sizeof(own)) < 0) {
				close(fd);
				break;
			}
			what = "name of the open file";
			if (openrace_deleted(fd, name)) {
				close(fd);
				errno = 0;
				break;
			}
			what = "close";
			if (close(fd))
				break;
			continue;
		}
		printf("not ok - openrace.%d # op %ld: %s%s%s\n", id, i, what,
		       errno ? ": " : " reads (deleted), the file still there",
		       errno ? strerror(errno) : "");
		return 1;
	}
	printf("ok - openrace.%d (%ld ops)\n", id, ops);
	return 0;
}

static int cmp(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* the tree as name size nlink lines, sorted */
static void list_tree(const char *dir)
{
	char *lines[256], path[4096];
	int n = 0, d, i;

	for (d = 0; d < 2; d++) {
		struct dirent *e;
		DIR *dp;

		snprintf(path, sizeof(path), "%s/d%d", dir, d);
		dp = opendir(path);
		while (dp && (e = readdir(dp)) && n < 256) {
			struct stat st;
			char full[8192];

			if (e->d_name[0] == '.')
				continue;
			snprintf(full, sizeof(full), "%s/%s", path, e->d_name);
			if (lstat(full, &st))
				continue;
			if (asprintf(&lines[n], "d%d/%s %lld %lu", d, e->d_name,
				     (long long)st.st_size,
				     (unsigned long)st.st_nlink) > 0)
				n++;
		}
		if (dp)
			closedir(dp);
	}
	qsort(lines, n, sizeof(lines[0]), cmp);
	for (i = 0; i < n; i++)
		printf("tree %s\n", lines[i]);
}

int main(int argc, char **argv)
{
	int nproc, i, status, failed = 0;
	unsigned long long seed;
	long ops;

	if (argc == 3 && !strcmp(argv[1], "tree")) {
		list_tree(argv[2]);
		return 0;
	}
	if (argc != 6) {
		fprintf(stderr,
			"usage: %s data|names|openrace DIR SEED NPROC OPS | tree DIR\n",
			argv[0]);
		return 2;
	}
	seed = strtoull(argv[3], NULL, 0);
	nproc = atoi(argv[4]);
	ops = atol(argv[5]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "names")) {
		char p[4096];

		for (i = 0; i < 2; i++) {
			snprintf(p, sizeof(p), "%s/d%d", argv[2], i);
			mkdir(p, 0755);
		}
	}
	for (i = 0; i < nproc; i++) {
		if (fork() != 0)
			continue;
		if (!strcmp(argv[1], "data"))
			_exit(data_worker(argv[2], i, seed, ops));
		if (!strcmp(argv[1], "openrace"))
			_exit(openrace_worker(argv[2], i, ops));
		_exit(names_worker(argv[2], i, seed, ops));
	}
	while (wait(&status) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed = 1;
	if (!strcmp(argv[1], "names"))
		list_tree(argv[2]);
	return failed;
}
