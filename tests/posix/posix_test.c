// SPDX-License-Identifier: GPL-2.0-only
/*
 * POSIX conformance cases for a ninep mount, run in the guest.
 *
 *   posix_test DIR [CASE...] [-x CASE]...
 *   posix_test --list [CASE...] [-x CASE]...
 *
 * Each case works in a fresh subdirectory of DIR and asserts exact
 * results; it prints "ok - NAME" or "not ok - NAME # why".  Exit status
 * is 1 if any case failed.  --list prints the names of the cases that
 * would run.
 *
 * Environment: NINEP_XATTR_MAX, the size of the large xattr value
 * xattrs_user sets (default 65536, the VFS limit; nfs-ganesha takes at
 * most 65535).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/xattr.h>
#include <sys/sysmacros.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <signal.h>
#include <time.h>
#include <linux/fs.h>

static int failed;
static char why[8192];

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		snprintf(why, sizeof(why), __VA_ARGS__);		\
		return -1;						\
	}								\
} while (0)
#define SYS(call) CHECK((call) >= 0, "%s: %s (line %d)", #call,	\
			strerror(errno), __LINE__)
#define FAILS(call, err) do {						\
	errno = 0;							\
	CHECK((call) < 0 && errno == (err), "%s: wanted %s, got %s",	\
	      #call, strerror(err), errno ? strerror(errno) : "success"); \
} while (0)

static void fill(unsigned char *p, size_t n, unsigned int seed)
{
	while (n--) {
		seed = seed * 1103515245 + 12345;
		*p++ = seed >> 16;
	}
}

static int put(const char *path, const char *s)
{
	int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	return close(fd) || n != (ssize_t)strlen(s) ? -1 : 0;
}

/* the file's whole content, NUL-terminated, in a static buffer */
static const char *get(const char *path)
{
	static char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return "<open failed>";
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n < 0)
		return "<read failed>";
	buf[n] = 0;
	return buf;
}

static off_t size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) ? -1 : st.st_size;
}

static int t_create_write_read(void)
{
	SYS(put("f", "hello"));
	CHECK(!strcmp(get("f"), "hello"), "read back \"%s\"", get("f"));
	CHECK(size_of("f") == 5, "size %lld", (long long)size_of("f"));
	return 0;
}

static int t_o_excl(void)
{
	int fd;

	SYS(fd = open("f", O_CREAT | O_EXCL | O_WRONLY, 0600));
	close(fd);
	FAILS(open("f", O_CREAT | O_EXCL | O_WRONLY, 0600), EEXIST);
	return 0;
}

static int t_o_trunc(void)
{
	int fd;

	SYS(put("f", "0123456789"));
	SYS(fd = open("f", O_WRONLY | O_TRUNC));
	close(fd);
	CHECK(size_of("f") == 0, "size %lld", (long long)size_of("f"));
	return 0;
}

static int t_o_append(void)
{
	int a, b;

	SYS(put("f", "x"));
	SYS(a = open("f", O_WRONLY | O_APPEND));
	SYS(b = open("f", O_WRONLY | O_APPEND));
	SYS(write(a, "aa", 2));
	SYS(write(b, "bbb", 3));
	SYS(write(a, "c", 1));
	close(a);
	close(b);
	CHECK(!strcmp(get("f"), "xaabbbc"), "content \"%s\"", get("f"));
	return 0;
}

static int t_truncate(void)
{
	char buf[64];
	int fd;

	SYS(put("f", "abcdefghij"));
	SYS(truncate("f", 1 << 20));
	CHECK(size_of("f") == 1 << 20, "size after grow");
	SYS(fd = open("f", O_RDONLY));
	SYS(pread(fd, buf, 20, 0));
	close(fd);
	CHECK(!memcmp(buf, "abcdefghij", 10), "head lost");
	CHECK(!memcmp(buf + 10, "\0\0\0\0\0\0\0\0\0\0", 10), "tail not zero");
	SYS(truncate("f", 3));
	CHECK(!strcmp(get("f"), "abc"), "after shrink \"%s\"", get("f"));
	SYS(fd = open("f", O_RDWR));
	SYS(ftruncate(fd, 1));
	close(fd);
	CHECK(!strcmp(get("f"), "a"), "after ftruncate \"%s\"", get("f"));
	return 0;
}

static int t_holes_and_big_offsets(void)
{
	const off_t far = 5LL << 30;	/* beyond 4 GiB */
	char buf[16];
	int fd;

	SYS(fd = open("f", O_CREAT | O_RDWR, 0644));
	CHECK(pwrite(fd, "end", 3, far) == 3, "pwrite at 5 GiB");
	CHECK(pwrite(fd, "mid", 3, 10 << 20) == 3, "pwrite at 10 MiB");
	SYS(fsync(fd));
	close(fd);
	CHECK(size_of("f") == far + 3, "size %lld", (long long)size_of("f"));
	SYS(fd = open("f", O_RDONLY));
	CHECK(pread(fd, buf, 3, far) == 3 && !memcmp(buf, "end", 3),
	      "read at 5 GiB");
	CHECK(pread(fd, buf, 6, (10 << 20) - 3) == 6 &&
	      !memcmp(buf, "\0\0\0mid", 6), "read around 10 MiB");
	CHECK(pread(fd, buf, 8, 4096) == 8 && !memcmp(buf, "\0\0\0\0\0\0\0\0", 8),
	      "hole not zero");
	close(fd);
	return 0;
}

/* writes and reads that straddle msize and page boundaries */
static int t_straddle(void)
{
	size_t n = (3 << 20) + 12345;
	unsigned char *w = malloc(n), *r = malloc(n);
	int fd, ok;

	CHECK(w && r, "malloc");
	fill(w, n, 7);
	SYS(fd = open("f", O_CREAT | O_RDWR, 0644));
	CHECK(pwrite(fd, w, n, 4095) == (ssize_t)n, "pwrite");
	SYS(fdatasync(fd));
	close(fd);
	SYS(fd = open("f", O_RDONLY | O_DIRECT));
	close(fd);
	SYS(fd = open("f", O_RDONLY));
	CHECK(pread(fd, r, n, 4095) == (ssize_t)n, "pread");
	close(fd);
	ok = !memcmp(w, r, n);
	free(w);
	free(r);
	CHECK(ok, "data differs");
	return 0;
}

static int t_mmap_shared(void)
{
	char *p;
	int fd;

	SYS(fd = open("f", O_CREAT | O_RDWR, 0644));
	SYS(ftruncate(fd, 8192));
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap: %s", strerror(errno));
	memcpy(p + 4090, "mapped!", 7);
	SYS(msync(p, 8192, MS_SYNC));
	munmap(p, 8192);
	close(fd);
	SYS(fd = open("f", O_RDONLY));
	{
		char buf[8] = "";

		CHECK(pread(fd, buf, 7, 4090) == 7 && !memcmp(buf, "mapped!", 7),
		      "read after msync \"%.7s\"", buf);
	}
	close(fd);
	return 0;
}

static int t_rename_over(void)
{
	struct stat st;

	SYS(put("a", "from a"));
	SYS(put("b", "from b"));
	SYS(rename("a", "b"));
	CHECK(!strcmp(get("b"), "from a"), "b is \"%s\"", get("b"));
	FAILS(stat("a", &st), ENOENT);
	return 0;
}

static int t_rename_dir_across(void)
{
	struct stat st;

	SYS(mkdir("d1", 0755));
	SYS(mkdir("d2", 0755));
	SYS(mkdir("d1/x", 0755));
	SYS(put("d1/x/f", "inside"));
	SYS(rename("d1/x", "d2/x"));
	CHECK(!strcmp(get("d2/x/f"), "inside"), "moved file \"%s\"",
	      get("d2/x/f"));
	FAILS(stat("d1/x", &st), ENOENT);
	FAILS(stat("d1/x/f", &st), ENOENT);
	SYS(stat("d1", &st));
	CHECK(st.st_nlink == 2, "d1 nlink %lu", (unsigned long)st.st_nlink);
	SYS(stat("d2", &st));
	CHECK(st.st_nlink == 3, "d2 nlink %lu", (unsigned long)st.st_nlink);
	return 0;
}

static int t_renameat2_flags(void)
{
	SYS(put("a", "a"));
	SYS(put("b", "b"));
	FAILS(renameat2(AT_FDCWD, "a", AT_FDCWD, "b", RENAME_NOREPLACE), EEXIST);
	SYS(renameat2(AT_FDCWD, "a", AT_FDCWD, "c", RENAME_NOREPLACE));
	FAILS(renameat2(AT_FDCWD, "b", AT_FDCWD, "c", RENAME_EXCHANGE), EINVAL);
	FAILS(renameat2(AT_FDCWD, "b", AT_FDCWD, "d", RENAME_WHITEOUT), EINVAL);
	return 0;
}

static int t_unlinked_open_file(void)
{
	struct stat st;
	char buf[16] = "";
	int fd;

	SYS(fd = open("f", O_CREAT | O_RDWR, 0644));
	SYS(write(fd, "before", 6));
	SYS(unlink("f"));
	SYS(pwrite(fd, "after", 5, 6));
	SYS(fsync(fd));
	CHECK(pread(fd, buf, 11, 0) == 11 && !memcmp(buf, "beforeafter", 11),
	      "read \"%s\"", buf);
	SYS(fstat(fd, &st));
	CHECK(st.st_size == 11, "fstat size %lld", (long long)st.st_size);
	SYS(fchmod(fd, 0600));
	SYS(fstat(fd, &st));
	CHECK((st.st_mode & 07777) == 0600, "mode %o", st.st_mode & 07777);
	SYS(ftruncate(fd, 3));
	SYS(fstat(fd, &st));
	CHECK(st.st_size == 3, "size after ftruncate %lld",
	      (long long)st.st_size);
	close(fd);
	FAILS(stat("f", &st), ENOENT);
	return 0;
}

static int t_links(void)
{
	struct stat a, b;
	char buf[64];
	ssize_t n;

	SYS(put("f", "data"));
	SYS(link("f", "g"));
	SYS(stat("f", &a));
	SYS(stat("g", &b));
	CHECK(a.st_ino == b.st_ino, "hard links differ in inode");
	CHECK(a.st_nlink == 2, "nlink %lu", (unsigned long)a.st_nlink);
	SYS(unlink("f"));
	SYS(stat("g", &b));
	CHECK(b.st_nlink == 1, "nlink after unlink %lu",
	      (unsigned long)b.st_nlink);
	SYS(symlink("g", "s"));
	n = readlink("s", buf, sizeof(buf));
	CHECK(n == 1 && buf[0] == 'g', "readlink");
	CHECK(!strcmp(get("s"), "data"), "through symlink");
	SYS(lstat("s", &a));
	CHECK(S_ISLNK(a.st_mode), "lstat not a link");
	return 0;
}

static int t_dirs(void)
{
	struct stat st;

	SYS(mkdir("d", 0750));
	SYS(stat("d", &st));
	CHECK(S_ISDIR(st.st_mode), "not a dir");
	SYS(put("d/f", "x"));
	FAILS(rmdir("d"), ENOTEMPTY);
	FAILS(mkdir("d", 0755), EEXIST);
	FAILS(unlink("d"), EISDIR);
	SYS(unlink("d/f"));
	SYS(rmdir("d"));
	FAILS(stat("d", &st), ENOENT);
	return 0;
}

static int t_attrs(void)
{
	struct timespec ts[2] = {
		{ .tv_sec = 1000000000, .tv_nsec = 123456789 },
		{ .tv_sec = 1200000000, .tv_nsec = 987654321 },
	};
	struct stat st, st2;

	SYS(put("f", "x"));
	SYS(chmod("f", 0751));
	SYS(stat("f", &st));
	CHECK((st.st_mode & 07777) == 0751, "mode %o", st.st_mode & 07777);
	SYS(chown("f", 1234, 5678));
	SYS(stat("f", &st));
	CHECK(st.st_uid == 1234 && st.st_gid == 5678, "owner %u:%u",
	      st.st_uid, st.st_gid);
	SYS(utimensat(AT_FDCWD, "f", ts, 0));
	SYS(stat("f", &st));
	CHECK(st.st_atim.tv_sec == ts[0].tv_sec &&
	      st.st_atim.tv_nsec == ts[0].tv_nsec, "atime %ld.%09ld",
	      st.st_atim.tv_sec, st.st_atim.tv_nsec);
	CHECK(st.st_mtim.tv_sec == ts[1].tv_sec &&
	      st.st_mtim.tv_nsec == ts[1].tv_nsec, "mtime %ld.%09ld",
	      st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	SYS(utimensat(AT_FDCWD, "f", ts, 0));
	SYS(stat("f", &st2));
	CHECK(st2.st_atim.tv_sec == st.st_atim.tv_sec &&
	      st2.st_atim.tv_nsec == st.st_atim.tv_nsec, "UTIME_OMIT moved atime");
	CHECK(st2.st_mtim.tv_sec > 1200000000, "UTIME_NOW left mtime");
	return 0;
}

static int t_xattrs(void)
{
	static char big[65536], back[65536];
	const char *env = getenv("NINEP_XATTR_MAX");
	size_t bigsz = env ? strtoul(env, NULL, 0) : sizeof(big);
	char list[256];
	ssize_t n;

	CHECK(bigsz > 10 && bigsz <= sizeof(big), "NINEP_XATTR_MAX %zu", bigsz);

	SYS(put("f", "x"));
	SYS(setxattr("f", "user.a", "1", 1, 0));
	FAILS(setxattr("f", "user.a", "2", 1, XATTR_CREATE), EEXIST);
	FAILS(setxattr("f", "user.b", "2", 1, XATTR_REPLACE), ENODATA);
	n = getxattr("f", "user.a", NULL, 0);
	CHECK(n == 1, "size probe %zd", n);
	n = getxattr("f", "user.a", back, sizeof(back));
	CHECK(n == 1 && back[0] == '1', "get %zd", n);
	FAILS(getxattr("f", "user.none", back, sizeof(back)), ENODATA);
	fill((unsigned char *)big, bigsz, 3);
	SYS(setxattr("f", "user.big", big, bigsz, 0));
	n = getxattr("f", "user.big", back, sizeof(back));
	CHECK(n == (ssize_t)bigsz && !memcmp(big, back, n),
	      "%zu-byte value %zd", bigsz, n);
	FAILS(getxattr("f", "user.big", back, 10), ERANGE);
	n = listxattr("f", list, sizeof(list));
	CHECK(n > 0 && memmem(list, n, "user.a", 7) &&
	      memmem(list, n, "user.big", 9), "list %zd", n);
	SYS(removexattr("f", "user.a"));
	FAILS(getxattr("f", "user.a", back, sizeof(back)), ENODATA);
	return 0;
}

static int t_name_too_long(void)
{
	char name[300];
	int fd;

	memset(name, 'n', 255);
	name[255] = 0;
	SYS(fd = open(name, O_CREAT | O_WRONLY, 0644));
	close(fd);
	SYS(unlink(name));
	memset(name, 'n', 256);
	name[256] = 0;
	FAILS(open(name, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	return 0;
}

static int t_fifo(void)
{
	struct stat st;

	SYS(mkfifo("p", 0644));
	SYS(lstat("p", &st));
	CHECK(S_ISFIFO(st.st_mode), "mode %o", st.st_mode);
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int setlk(int fd, int cmd, short type)
{
	struct flock l = { .l_type = type, .l_whence = SEEK_SET,
			   .l_start = 0, .l_len = 100 };

	return fcntl(fd, cmd, &l);
}

static void on_alarm(int sig)
{
	(void)sig;
}

/* run fn in a child; its exit status is the result */
static int in_child(int (*fn)(int), int arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

static int child_trylock(int want)
{
	int fd = open("f", O_RDWR);
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			   .l_start = 0, .l_len = 100 };

	if (fd < 0)
		return 10;
	if (setlk(fd, F_SETLK, F_WRLCK) == 0 || errno != want)
		return 11;
	if (fcntl(fd, F_GETLK, &l) || l.l_type != F_WRLCK ||
	    l.l_pid != getppid())
		return 12;
	return 0;
}

static int child_interrupted(int unused)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int fd = open("f", O_RDWR);

	(void)unused;
	sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
	alarm(1);
	if (setlk(fd, F_SETLKW, F_WRLCK) == 0)
		return 20;
	return errno == EINTR ? 0 : 21;
}

static int t_posix_locks(void)
{
	int fd, r;

	SYS(put("f", "lock me"));
	SYS(fd = open("f", O_RDWR));
	SYS(setlk(fd, F_SETLK, F_WRLCK));
	r = in_child(child_trylock, EAGAIN);
	CHECK(r == 0, "conflicting F_SETLK/F_GETLK in another process (%d)", r);
	r = in_child(child_interrupted, 0);
	CHECK(r == 0, "a signal did not interrupt F_SETLKW (%d)", r);
	SYS(setlk(fd, F_SETLK, F_UNLCK));
	close(fd);
	return 0;
}

/* a waiter gets the lock promptly once the holder lets go */
static int t_lock_wait_wakes(void)
{
	int fd, p[2], status;
	double released, got;
	pid_t pid;

	SYS(put("f", "x"));
	SYS(fd = open("f", O_RDWR));
	SYS(setlk(fd, F_SETLK, F_WRLCK));
	SYS(pipe(p));
	pid = fork();
	if (pid == 0) {
		int cfd = open("f", O_RDWR);
		double t;

		if (setlk(cfd, F_SETLKW, F_WRLCK))
			_exit(1);
		t = now();
		_exit(write(p[1], &t, sizeof(t)) == sizeof(t) ? 0 : 2);
	}
	usleep(300000);
	released = now();
	SYS(setlk(fd, F_SETLK, F_UNLCK));
	CHECK(read(p[0], &got, sizeof(got)) == sizeof(got), "waiter failed");
	waitpid(pid, &status, 0);
	close(fd);
	CHECK(got - released < 0.25, "waiter woke %.3f s after release",
	      got - released);
	return 0;
}

static int child_flock(int unused)
{
	int fd = open("f", O_RDONLY);

	(void)unused;
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return 30;
	return errno == EWOULDBLOCK ? 0 : 31;
}

static int t_flock(void)
{
	int fd, r;

	SYS(put("f", "x"));
	SYS(fd = open("f", O_RDONLY));
	SYS(flock(fd, LOCK_EX));
	r = in_child(child_flock, 0);
	CHECK(r == 0, "flock conflict not seen (%d)", r);
	SYS(flock(fd, LOCK_UN));
	CHECK(in_child(child_flock, 0) == 30, "flock not released");
	close(fd);
	return 0;
}

struct tcase {
	const char *name;
	int (*fn)(void);
};

static const struct tcase cases[] = {
	{ "create_write_read", t_create_write_read },
	{ "o_excl", t_o_excl },
	{ "o_trunc", t_o_trunc },
	{ "o_append", t_o_append },
	{ "truncate_up_down", t_truncate },
	{ "holes_and_offsets_past_4GiB", t_holes_and_big_offsets },
	{ "writes_straddling_msize", t_straddle },
	{ "mmap_shared_msync", t_mmap_shared },
	{ "rename_over_existing", t_rename_over },
	{ "rename_dir_across_parents", t_rename_dir_across },
	{ "renameat2_flags", t_renameat2_flags },
	{ "unlinked_open_file_usable", t_unlinked_open_file },
	{ "hard_and_symbolic_links", t_links },
	{ "mkdir_rmdir", t_dirs },
	{ "chmod_chown_utimensat", t_attrs },
	{ "xattrs_user", t_xattrs },
	{ "name_too_long", t_name_too_long },
	{ "mkfifo", t_fifo },
	{ "fcntl_locks_conflict_and_signal", t_posix_locks },
	{ "lock_wait_wakes_promptly", t_lock_wait_wakes },
	{ "flock", t_flock },
};

/* CASE... runs those; -x CASE leaves one out; neither runs all */
static int wanted(const char *name, int argc, char **argv)
{
	int i, listed = 0;

	for (i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-x")) {
			if (++i < argc && !strcmp(argv[i], name))
				return 0;
			continue;
		}
		listed = 1;
		if (!strcmp(argv[i], name))
			return 1;
	}
	return !listed;
}

int main(int argc, char **argv)
{
	char dir[4096];
	size_t i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|--list [CASE...] [-x CASE]...\n",
			argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "--list")) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			if (wanted(cases[i].name, argc, argv))
				printf("%s\n", cases[i].name);
		return 0;
	}
	umask(022);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!wanted(cases[i].name, argc, argv))
			continue;
		snprintf(dir, sizeof(dir), "%s/posix.%d.%s", argv[1],
			 (int)getpid(), cases[i].name);
		why[0] = 0;
		if (mkdir(dir, 0755) || chdir(dir)) {
			printf("not ok - %s # setup: %s\n", cases[i].name,
			       strerror(errno));
			failed++;
			continue;
		}
		if (cases[i].fn()) {
			printf("not ok - %s # %s\n", cases[i].name, why);
			failed++;
		} else {
			printf("ok - %s\n", cases[i].name);
		}
		if (chdir("/"))
			return 2;
	}
	return failed ? 1 : 0;
}
