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
#include <dirent.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/sendfile.h>
#include <sys/quota.h>
#include <sys/syscall.h>
#include <linux/posix_acl.h>
#include <linux/posix_acl_xattr.h>

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

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

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

/* entries in dir other than . and .. */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int t_unlinked_open_file(void)
{
	struct stat st;
	char buf[16] = "", path[64];
	int fd, fd2;

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
	/* opened again for writing through its /proc link, as a shell's >> does */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	SYS(fd2 = open(path, O_WRONLY | O_APPEND));
	SYS(write(fd2, "more", 4));
	SYS(close(fd2));
	CHECK(pread(fd, buf, 8, 0) == 7 && !memcmp(buf, "befmore", 7),
	      "read after reopen \"%.7s\"", buf);
	close(fd);
	FAILS(stat("f", &st), ENOENT);
	CHECK(entries(".") == 0, "%d names left behind", entries("."));
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

/*
 * glibc's opendir(3) sizes its buffer from st_blksize: a directory that
 * reports the server's iounit (~msize) costs an mmap and munmap per listing.
 */
static int t_blksize(void)
{
	struct stat st;

	SYS(mkdir("d", 0755));
	SYS(put("f", "x"));
	SYS(stat("d", &st));
	CHECK(st.st_blksize >= 512 && st.st_blksize <= 32768,
	      "directory st_blksize %ld", (long)st.st_blksize);
	SYS(stat("f", &st));
	CHECK(st.st_blksize >= 4096, "file st_blksize %ld",
	      (long)st.st_blksize);
	SYS(unlink("f"));
	SYS(rmdir("d"));
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

/*
 * A file replaced by a rename while open stays usable through its
 * descriptor, the file now at the name is untouched, and nothing is left
 * behind once it is closed.
 */
static int t_replaced_open_file(void)
{
	struct stat st;
	char buf[16] = "";
	int fd;

	SYS(fd = open("f", O_CREAT | O_RDWR, 0644));
	SYS(write(fd, "old", 3));
	SYS(put("g", "new"));
	SYS(rename("g", "f"));
	SYS(pwrite(fd, "er", 2, 3));
	SYS(fsync(fd));
	CHECK(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "older", 5),
	      "read \"%s\"", buf);
	SYS(fchmod(fd, 0600));
	SYS(fstat(fd, &st));
	CHECK(st.st_nlink == 0 && st.st_size == 5 &&
	      (st.st_mode & 07777) == 0600,
	      "open file: nlink %lu size %lld mode %o",
	      (unsigned long)st.st_nlink, (long long)st.st_size,
	      st.st_mode & 07777);
	SYS(stat("f", &st));
	CHECK(st.st_size == 3 && (st.st_mode & 07777) == 0644,
	      "f: size %lld mode %o", (long long)st.st_size,
	      st.st_mode & 07777);
	CHECK(!strcmp(get("f"), "new"), "f is \"%s\"", get("f"));
	SYS(close(fd));
	CHECK(entries(".") == 1, "%d names after the close", entries("."));
	return 0;
}

/* O_TMPFILE cannot be expressed in 9P2000.L: refused, nothing left behind */
static int t_o_tmpfile(void)
{
	struct stat st;
	int fd;

	FAILS(fd = open(".", O_TMPFILE | O_RDWR, 0600), EOPNOTSUPP);
	FAILS(fd = open(".", O_TMPFILE | O_WRONLY | O_EXCL, 0600), EOPNOTSUPP);
	SYS(stat(".", &st));
	CHECK(st.st_nlink == 2, "dir nlink %lu", (unsigned long)st.st_nlink);
	CHECK(entries(".") == 0, "%d entries appeared", entries("."));
	return 0;
}

static int make_pattern(const char *path, size_t n, unsigned int seed,
			unsigned char **datap)
{
	unsigned char *p = malloc(n);
	int fd;

	if (!p)
		return -1;
	fill(p, n, seed);
	fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	if (fd < 0 || write(fd, p, n) != (ssize_t)n || close(fd)) {
		free(p);
		return -1;
	}
	*datap = p;
	return 0;
}

/* the whole file equals want[0..n) */
/* what same_content() found */
static char content_why[100];

static int same_content(const char *path, const unsigned char *want, size_t n)
{
	unsigned char *got = malloc(n + 1);
	ssize_t r = -1;
	int fd = open(path, O_RDONLY);

	if (fd >= 0 && got)
		r = pread(fd, got, n + 1, 0);
	if (fd >= 0)
		close(fd);
	snprintf(content_why, sizeof(content_why), "read %zd of %zu bytes",
		 r, n);
	if (r == (ssize_t)n && memcmp(got, want, n)) {
		size_t i = 0;

		while (got[i] == want[i])
			i++;
		snprintf(content_why, sizeof(content_why),
			 "%zu bytes, first difference at %zu", n, i);
	}
	r = r == (ssize_t)n && !memcmp(got, want, n);
	free(got);
	return r;
}

/* no ->copy_file_range: the VFS copies through splice, same mount only */
static int t_copy_file_range(void)
{
	const size_t n = (3 << 20) + 777;
	unsigned char *src, *want;
	loff_t in = 4095, out = 100;
	int a, b, t;
	ssize_t r;
	size_t done;

	SYS(make_pattern("a", n, 11, &src));
	want = calloc(1, n);
	CHECK(want, "calloc");
	SYS(a = open("a", O_RDONLY));
	SYS(b = open("b", O_CREAT | O_RDWR, 0644));
	/* a piece from the middle to an offset: both offsets move */
	r = copy_file_range(a, &in, b, &out, (1 << 20) + 123, 0);
	CHECK(r == (1 << 20) + 123, "copy_file_range %zd: %s", r,
	      strerror(errno));
	CHECK(in == 4095 + r && out == 100 + r, "offsets %lld %lld",
	      (long long)in, (long long)out);
	memcpy(want + 100, src + 4095, r);
	CHECK(same_content("b", want, 100 + r), "piece differs");
	/* then the whole file, with the file positions, to the end */
	SYS(ftruncate(b, 0));
	SYS(lseek(b, 0, SEEK_SET));
	for (done = 0; (r = copy_file_range(a, NULL, b, NULL, 1 << 20, 0)) > 0;)
		done += r;
	CHECK(r == 0 && done == n - 0, "copied %zu of %zu (%s)", done, n,
	      r ? strerror(errno) : "eof");
	CHECK(same_content("b", src, n), "whole copy differs");
	close(b);
	/* to another filesystem: EXDEV, which cp(1) takes as "copy by hand" */
	SYS(t = open("/tmp/posix_test.xdev", O_CREAT | O_TRUNC | O_WRONLY, 0644));
	in = 0;
	FAILS(copy_file_range(a, &in, t, NULL, 10, 0), EXDEV);
	close(t);
	unlink("/tmp/posix_test.xdev");
	close(a);
	free(src);
	free(want);
	return 0;
}

/* file -> pipe -> file with splice(2), and sendfile(2) */
static int t_splice_pipe(void)
{
	const size_t n = (1 << 20) + 4097;
	unsigned char *src, *back;
	int a, b, p[2];
	loff_t in = 0;
	size_t done = 0;
	ssize_t r, w;
	off_t off = 0;

	SYS(make_pattern("a", n, 5, &src));
	back = malloc(n);
	CHECK(back, "malloc");
	SYS(pipe(p));
	SYS(a = open("a", O_RDONLY));
	SYS(b = open("b", O_CREAT | O_WRONLY, 0644));
	while (done < n) {
		r = splice(a, &in, p[1], NULL, 65536, 0);
		CHECK(r > 0, "splice from file: %zd %s", r, strerror(errno));
		for (w = 0; w < r;) {
			ssize_t k = splice(p[0], NULL, b, NULL, r - w, 0);

			CHECK(k > 0, "splice to file: %zd %s", k,
			      strerror(errno));
			w += k;
		}
		done += r;
	}
	CHECK(splice(a, &in, p[1], NULL, 65536, 0) == 0, "no eof");
	close(b);
	CHECK(same_content("b", src, n), "file->pipe->file differs");
	/* a pipe filled by write(2), spliced into the middle of a file */
	SYS(write(p[1], "SPLICED", 7));
	SYS(b = open("b", O_WRONLY));
	in = 1000;
	CHECK(splice(p[0], NULL, b, &in, 7, 0) == 7, "pipe->file");
	close(b);
	memcpy(src + 1000, "SPLICED", 7);
	CHECK(same_content("b", src, n), "pipe->file at offset differs");
	/* sendfile between two files of the mount */
	SYS(b = open("c", O_CREAT | O_WRONLY, 0644));
	for (done = 0; (r = sendfile(b, a, &off, 1 << 20)) > 0;)
		done += r;
	CHECK(r == 0 && done == n, "sendfile %zu", done);
	close(b);
	SYS(b = open("a", O_RDONLY));
	CHECK(read(b, back, n) == (ssize_t)n, "read a");
	close(b);
	CHECK(same_content("c", back, n), "sendfile copy differs");
	close(a);
	close(p[0]);
	close(p[1]);
	free(src);
	free(back);
	return 0;
}

/* every namespace call with a 256-byte component: ENAMETOOLONG */
static int t_name_too_long_everywhere(void)
{
	char name[300], path[8192];
	struct stat st;

	memset(name, 'n', 256);
	name[256] = 0;
	SYS(put("f", "x"));
	SYS(mkdir("d", 0755));
	FAILS(stat(name, &st), ENAMETOOLONG);
	FAILS(mkdir(name, 0755), ENAMETOOLONG);
	FAILS(symlink("f", name), ENAMETOOLONG);
	FAILS(link("f", name), ENAMETOOLONG);
	FAILS(rename("f", name), ENAMETOOLONG);
	FAILS(mknod(name, S_IFREG | 0644, 0), ENAMETOOLONG);
	snprintf(path, sizeof(path), "d/%s", name);
	FAILS(open(path, O_CREAT | O_WRONLY, 0644), ENAMETOOLONG);
	FAILS(unlink(path), ENAMETOOLONG);
	/* a path longer than PATH_MAX */
	memset(path, 'p', 5000);
	path[5000] = 0;
	FAILS(stat(path, &st), ENAMETOOLONG);
	CHECK(!strcmp(get("f"), "x"), "f changed");
	CHECK(entries(".") == 2, "%d entries", entries("."));
	return 0;
}

/* ---- cases that mount the export again, with options (-a TAG) ---- */

static const char *aux_tag, *aux2_tag, *small_tag, *ro_tag;
static char case_dir[512];	/* this case's directory, relative to DIR */
static char mounted[4][64];	/* mount points to take down after a case */
static char cache_opt[32];	/* DIR's "cache=MODE", for mounts like it */
static const char *top_dir;	/* DIR */

/* DIR's cache mode, from /proc/mounts, into cache_opt */
static void find_cache_opt(const char *top)
{
	char mnt[256], opts[1024], *c;
	FILE *f = fopen("/proc/mounts", "r");

	if (!f)
		return;
	while (fscanf(f, "%*s %255s %*s %1023s %*d %*d", mnt, opts) == 2) {
		if (strcmp(mnt, top))
			continue;
		c = strstr(opts, "cache=");
		if (c)
			snprintf(cache_opt, sizeof(cache_opt), "%.*s",
				 (int)strcspn(c, ","), c);
	}
	fclose(f);
}

/* mount tag at /tmp/posix_test.NAME with opts; the mount point */
static const char *mount_at(const char *tag, const char *name,
			    unsigned long flags, const char *opts)
{
	static char mnt[64];
	char o[256];
	int i;

	snprintf(mnt, sizeof(mnt), "/tmp/posix_test.%s", name);
	snprintf(o, sizeof(o), "trans=virtio%s%s", *opts ? "," : "", opts);
	mkdir(mnt, 0755);
	if (mount(tag, mnt, "9p", flags, o))
		return NULL;
	for (i = 0; i < 4; i++) {
		if (!mounted[i][0]) {
			snprintf(mounted[i], sizeof(mounted[i]), "%s", mnt);
			break;
		}
	}
	return mnt;
}

static int umount_all(void)
{
	int i, err = 0;

	for (i = 0; i < 4; i++) {
		if (!mounted[i][0])
			continue;
		if (umount(mounted[i])) {
			err = -1;
			umount2(mounted[i], MNT_DETACH);
		}
		mounted[i][0] = 0;
	}
	return err;
}

/* the export mounted again (tag -a) with opts: this case's directory there */
static const char *aux_dir(unsigned long flags, const char *opts)
{
	static char dir[600];
	const char *mnt;

	if (!aux_tag)
		return NULL;
	if (mounted[0][0])
		umount_all();
	mnt = mount_at(aux_tag, "aux", flags, opts);
	if (!mnt)
		return NULL;
	snprintf(dir, sizeof(dir), "%s/%s", mnt, case_dir);
	return dir;
}

#define AUX(var, flags, opts) do {					\
	CHECK(aux_tag, "needs -a TAG (a second tag for the export)");	\
	var = aux_dir(flags, opts);					\
	CHECK(var, "mount -o %s: %s", opts, strerror(errno));		\
} while (0)

/*
 * From /proc/self/mountstats, DIR's mount: the number after key (" Twrite="
 * for the Twrites sent so far, "msize: "), or -1 when not found.
 */
static long long mount_stat(const char *key)
{
	char line[4096], head[600], *p;
	long long v = -1;
	int in = 0;
	FILE *f = fopen("/proc/self/mountstats", "r");

	if (!f)
		return -1;
	snprintf(head, sizeof(head), " mounted on %s with fstype ", top_dir);
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "device ", 7)) {
			in = !!strstr(line, head);
			continue;
		}
		p = in ? strstr(line, key) : NULL;
		if (p) {
			v = strtoll(p + strlen(key), NULL, 10);
			break;
		}
		/* counters appear once sent: a known mount starts at 0 */
		if (in && strstr(line, "requests:"))
			v = 0;
	}
	fclose(f);
	return v;
}

/*
 * 256 write(2)s of 4 KiB and the Twrites they cost.  Write-back
 * (cache=coherent, mmap, loose): nothing is sent before close (stat shows
 * the local size meanwhile), then msize-sized Twrites.  Write-through
 * (none, readahead): one Twrite per write(2), before it returns.  Either
 * way the bytes are read back from the server: through a cache=none mount
 * of the second tag, or (other transports) after dropping the page cache.
 */
static int t_writes_gathered(void)
{
	const size_t bs = 4096, n = 256, size = bs * n;
	static unsigned char buf[256 * 4096];
	int back = strcmp(cache_opt, "cache=none") &&
		    strcmp(cache_opt, "cache=readahead");
	long long w0, w1, w2, msize = mount_stat("msize: "), lo;
	char path[700];
	const char *d;
	size_t i;
	int fd;

	CHECK(cache_opt[0], "no cache= in /proc/mounts for %s", top_dir);
	CHECK(msize > 0, "no msize in mountstats for %s", top_dir);
	fill(buf, size, 41);
	w0 = mount_stat(" Twrite=");
	SYS(fd = open("f", O_CREAT | O_WRONLY | O_TRUNC, 0644));
	for (i = 0; i < n; i++)
		CHECK(write(fd, buf + i * bs, bs) == (ssize_t)bs,
		      "write %zu: %s", i, strerror(errno));
	CHECK(size_of("f") == (off_t)size, "size %lld before close",
	      (long long)size_of("f"));
	w1 = mount_stat(" Twrite=");
	SYS(close(fd));
	w2 = mount_stat(" Twrite=");
	lo = (size + msize - 1) / msize;
	if (back) {
		CHECK(w1 == w0, "%s: %lld Twrites before close", cache_opt,
		      w1 - w0);
		CHECK(w2 - w0 >= lo && w2 - w0 <= lo + 1,
		      "%s: %lld Twrites at close for %zu bytes, msize %lld",
		      cache_opt, w2 - w0, size, msize);
	} else {
		CHECK(w1 - w0 == (long long)n && w2 == w1,
		      "%s: %lld Twrites by write(2), %lld at close", cache_opt,
		      w1 - w0, w2 - w1);
	}
	CHECK(same_content("f", buf, size), "content differs here");
	if (aux_tag) {
		AUX(d, 0, "cache=none");
		snprintf(path, sizeof(path), "%s/f", d);
	} else {
		/* no second tag (another transport): drop the clean pages */
		fd = open("/proc/sys/vm/drop_caches", O_WRONLY);
		CHECK(fd >= 0 && write(fd, "1", 1) == 1,
		      "drop_caches: %s", strerror(errno));
		close(fd);
		snprintf(path, sizeof(path), "f");
	}
	CHECK(same_content(path, buf, size), "content differs on the server: %s",
	      content_why);
	return 0;
}

/* run fn(arg) in a child with uid and gid id (no supplementary groups) */
static int as_user(unsigned int id, int (*fn)(const char *), const char *arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(id, id, id) ||
		    setresuid(id, id, id))
			_exit(98);
		umask(022);
		_exit(fn(arg));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

static int child_create(const char *path)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);

	if (fd < 0)
		return errno == EACCES ? 13 : 10;
	if (write(fd, "mine", 4) != 4)
		return 11;
	return close(fd) ? 12 : 0;
}

static int child_mkdir(const char *path)
{
	return mkdir(path, 0755) ? (errno == EACCES ? 13 : 10) : 0;
}

static int child_stat(const char *path)
{
	struct stat st;

	return stat(path, &st) ? (errno == EACCES ? 13 : 10) : 0;
}

static int child_open_rw(const char *path)
{
	int fd = open(path, O_RDWR);

	if (fd < 0)
		return errno == EACCES ? 13 : 10;
	close(fd);
	return 0;
}

static int child_open_r(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno == EACCES ? 13 : 10;
	close(fd);
	return 0;
}

/* 0, or the errno open(O_RDONLY) failed with */
static int child_open_errno(const char *path)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int owner_is(const char *path, uid_t uid, gid_t gid)
{
	struct statx stx;
	struct stat st;

	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_STATX_FORCE_SYNC,
		  STATX_UID | STATX_GID, &stx) || lstat(path, &st)) {
		snprintf(why, sizeof(why), "stat %s: %s", path,
			 strerror(errno));
		return 0;
	}
	if (st.st_uid != uid || st.st_gid != gid) {
		snprintf(why, sizeof(why), "%s owned by %u:%u, wanted %u:%u",
			 path, st.st_uid, st.st_gid, uid, gid);
		return 0;
	}
	return 1;
}

/*
 * Who owns what another guest user creates, in each access= mode; the
 * owner is read back through the test's own mount (access=user, root).
 */
static int t_access_modes(void)
{
	static const struct {
		const char *opts;
		uid_t owner;
		int root_sees;	/* what root gets from stat in that mode */
	} modes[] = {
		{ "access=user", 1000, 0 },
		{ "access=client", 1000, 0 },
		{ "access=any", 0, 0 },
		{ "access=1000", 1000, 13 },
	};
	char path[700], mine[64];
	const char *d;
	int i, r;

	SYS(chmod(".", 0777));
	for (i = 0; i < N(modes); i++) {
		AUX(d, 0, modes[i].opts);
		snprintf(path, sizeof(path), "%s/f%d", d, i);
		r = as_user(1000, child_create, path);
		CHECK(r == 0, "%s: uid 1000 create: %d", modes[i].opts, r);
		snprintf(path, sizeof(path), "%s/d%d", d, i);
		r = as_user(1000, child_mkdir, path);
		CHECK(r == 0, "%s: uid 1000 mkdir: %d", modes[i].opts, r);
		snprintf(mine, sizeof(mine), "f%d", i);
		if (!owner_is(mine, modes[i].owner, 1000))
			return -1;
		snprintf(mine, sizeof(mine), "d%d", i);
		if (!owner_is(mine, modes[i].owner, 1000))
			return -1;
		/* the guest checks permissions: 2000 may not write in d */
		snprintf(path, sizeof(path), "%s/d%d/g", d, i);
		r = as_user(2000, child_create, path);
		CHECK(r == 13, "%s: uid 2000 create in a 0755 dir of uid %u: %d",
		      modes[i].opts, modes[i].owner, r);
		/* access=<uid>: nobody else gets in, root included */
		r = as_user(2000, child_stat, d);
		CHECK(r == (modes[i].root_sees ? 13 : 0),
		      "%s: uid 2000 stat: %d", modes[i].opts, r);
		r = child_stat(d);
		CHECK(r == modes[i].root_sees, "%s: root stat: %d",
		      modes[i].opts, r);
		CHECK(!umount_all(), "%s: umount: %s", modes[i].opts,
		      strerror(errno));
	}
	return 0;
}

/* ---- POSIX ACLs: raw system.posix_acl_* values ---- */

struct ace {
	unsigned short tag, perm;
	unsigned int id;
};

#define NOID 0xffffffffu
#define U_OBJ(p)	{ ACL_USER_OBJ, p, NOID }
#define U(id, p)	{ ACL_USER, p, id }
#define G_OBJ(p)	{ ACL_GROUP_OBJ, p, NOID }
#define G(id, p)	{ ACL_GROUP, p, id }
#define MASK(p)		{ ACL_MASK, p, NOID }
#define OTHER(p)	{ ACL_OTHER, p, NOID }

static size_t acl_blob(char *buf, const struct ace *e, int n)
{
	struct posix_acl_xattr_header h = { .a_version = POSIX_ACL_XATTR_VERSION };
	struct posix_acl_xattr_entry x;
	int i;

	memcpy(buf, &h, sizeof(h));
	for (i = 0; i < n; i++) {
		x.e_tag = e[i].tag;
		x.e_perm = e[i].perm;
		x.e_id = e[i].id;
		memcpy(buf + sizeof(h) + i * sizeof(x), &x, sizeof(x));
	}
	return sizeof(h) + n * sizeof(x);
}

static int set_acl(const char *path, const char *name, const struct ace *e,
		   int n)
{
	char buf[512];

	return setxattr(path, name, buf, acl_blob(buf, e, n), 0);
}

/* the ACL name of path is exactly e[0..n) */
static int acl_is(const char *path, const char *name, const struct ace *e,
		  int n)
{
	char want[512], got[512];
	size_t wn = acl_blob(want, e, n);
	ssize_t gn = getxattr(path, name, got, sizeof(got));

	if (gn == (ssize_t)wn && !memcmp(want, got, wn))
		return 1;
	snprintf(why, sizeof(why), "%s %s: %zd bytes (%s), wanted %zu", path,
		 name, gn, gn < 0 ? strerror(errno) : "differ", wn);
	return 0;
}

/* the mode as the server has it now (not from another mount's cache) */
static mode_t mode_of(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, AT_STATX_FORCE_SYNC, STATX_MODE, &stx))
		return (mode_t)-1;
	return stx.stx_mode & 07777;
}

#define ACL_A "system.posix_acl_access"
#define ACL_D "system.posix_acl_default"

static int t_acl_access(void)
{
	const struct ace acl[] = { U_OBJ(6), U(1000, 6), G_OBJ(4), G(3000, 2),
				   MASK(6), OTHER(0) };
	const struct ace chmodded[] = { U_OBJ(6), U(1000, 6), G_OBJ(4),
					G(3000, 2), MASK(1), OTHER(4) };
	const struct ace plain[] = { U_OBJ(7), G_OBJ(5), OTHER(1) };
	char f[700], g[700], blob[512], back[512];
	struct stat st;
	const char *d;
	size_t bn;
	ssize_t n;
	int r, fd;

	SYS(put("f", "acl"));
	SYS(chmod("f", 0600));
	AUX(d, 0, "posixacl");
	snprintf(f, sizeof(f), "%s/f", d);
	snprintf(g, sizeof(g), "%s/g", d);
	FAILS(getxattr(f, ACL_A, NULL, 0), ENODATA);
	FAILS(getxattr(f, ACL_D, NULL, 0), ENODATA);
	SYS(set_acl(f, ACL_A, acl, N(acl)));
	if (!acl_is(f, ACL_A, acl, N(acl)))
		return -1;
	CHECK(mode_of(f) == 0660, "mode %o after setting the ACL", mode_of(f));
	/* the guest enforces it: 1000 by its entry, 1001 falls to other */
	r = as_user(1000, child_open_rw, f);
	CHECK(r == 0, "uid 1000 (named entry) open O_RDWR: %d", r);
	r = as_user(1001, child_open_r, f);
	CHECK(r == 13, "uid 1001 (other ---) open O_RDONLY: %d", r);
	/* a default ACL belongs to directories only */
	FAILS(set_acl(f, ACL_D, acl, N(acl)), EACCES);
	/*
	 * chmod rewrites the mask and other entries.  (With a mask of ---
	 * Linux would skip the ACL and let a named user have the other
	 * bits, as on any local filesystem: --x keeps the ACL in play.)
	 */
	SYS(chmod(f, 0614));
	if (!acl_is(f, ACL_A, chmodded, N(chmodded)))
		return -1;
	r = as_user(1000, child_open_r, f);
	CHECK(r == 13, "uid 1000 after the mask went to --x: %d", r);
	r = as_user(1001, child_open_r, f);
	CHECK(r == 0, "uid 1001 after other became r--: %d", r);
	/* the server has it: a fresh mount (no cache) reads the same */
	CHECK(!umount_all(), "umount: %s", strerror(errno));
	AUX(d, 0, "posixacl");
	if (!acl_is(f, ACL_A, chmodded, N(chmodded)))
		return -1;
	CHECK(mode_of(f) == 0614, "mode %o after remount", mode_of(f));
	/* an ACL the mode can say is not stored: the mode changes instead */
	SYS(set_acl(f, ACL_A, plain, N(plain)));
	FAILS(getxattr(f, ACL_A, NULL, 0), ENODATA);
	CHECK(mode_of(f) == 0751, "mode %o after a 3-entry ACL", mode_of(f));
	/* removexattr removes it */
	SYS(put(g, "g"));
	SYS(set_acl(g, ACL_A, acl, N(acl)));
	SYS(removexattr(g, ACL_A));
	FAILS(getxattr(g, ACL_A, NULL, 0), ENODATA);
	CHECK(mode_of(g) == 0660, "mode %o after removal", mode_of(g));
	r = as_user(1000, child_open_r, g);
	CHECK(r == 13, "uid 1000 after its entry was removed: %d", r);
	/* malformed values are refused before they reach the server */
	FAILS(setxattr(g, ACL_A, "\2\0\0\0\1\0", 6, 0), EINVAL);
	/* a file unlinked while open keeps its ACL */
	SYS(fd = open(g, O_RDWR));
	SYS(unlink(g));
	bn = acl_blob(blob, acl, N(acl));
	SYS(fsetxattr(fd, ACL_A, blob, bn, 0));
	n = fgetxattr(fd, ACL_A, back, sizeof(back));
	SYS(fstat(fd, &st));
	close(fd);
	CHECK(n == (ssize_t)bn && !memcmp(blob, back, bn),
	      "fgetxattr after unlink: %zd", n);
	CHECK((st.st_mode & 07777) == 0660, "mode %o", st.st_mode & 07777);
	return 0;
}

static int t_acl_default_inherited(void)
{
	const struct ace dflt[] = { U_OBJ(7), U(1000, 7), G_OBJ(5), MASK(7),
				    OTHER(0) };
	const struct ace file_acl[] = { U_OBJ(6), U(1000, 7), G_OBJ(5),
					MASK(6), OTHER(0) };
	const struct ace dir_acl[] = { U_OBJ(7), U(1000, 7), G_OBJ(5),
				       MASK(7), OTHER(0) };
	char d1[700], p[800];
	const char *d;
	int fd, r, pass;

	SYS(mkdir("d", 0755));
	AUX(d, 0, "posixacl");
	snprintf(d1, sizeof(d1), "%s/d", d);
	SYS(set_acl(d1, ACL_D, dflt, N(dflt)));
	if (!acl_is(d1, ACL_D, dflt, N(dflt)))
		return -1;
	FAILS(getxattr(d1, ACL_A, NULL, 0), ENODATA);
	/* the umask (022) does not apply under a default ACL */
	snprintf(p, sizeof(p), "%s/f", d1);
	SYS(fd = open(p, O_CREAT | O_WRONLY, 0666));
	close(fd);
	snprintf(p, sizeof(p), "%s/sub", d1);
	SYS(mkdir(p, 0777));
	snprintf(p, sizeof(p), "%s/l", d1);
	SYS(symlink("f", p));
	/* once as created (cached), once from a fresh mount (the server) */
	for (pass = 0; pass < 2; pass++) {
		snprintf(p, sizeof(p), "%s/f", d1);
		if (!acl_is(p, ACL_A, file_acl, N(file_acl)))
			return -1;
		FAILS(getxattr(p, ACL_D, NULL, 0), ENODATA);
		CHECK(mode_of(p) == 0660, "file mode %o", mode_of(p));
		r = as_user(1000, child_open_rw, p);
		CHECK(r == 0, "uid 1000 open the inheriting file: %d", r);
		snprintf(p, sizeof(p), "%s/sub", d1);
		if (!acl_is(p, ACL_A, dir_acl, N(dir_acl)) ||
		    !acl_is(p, ACL_D, dflt, N(dflt)))
			return -1;
		CHECK(mode_of(p) == 0770, "dir mode %o", mode_of(p));
		snprintf(p, sizeof(p), "%s/l", d1);
		FAILS(lgetxattr(p, ACL_A, NULL, 0), EOPNOTSUPP);
		CHECK(!umount_all(), "umount: %s", strerror(errno));
		AUX(d, 0, "posixacl");
	}
	/* without a default ACL the umask applies as usual */
	snprintf(p, sizeof(p), "%s/plain", d);
	SYS(fd = open(p, O_CREAT | O_WRONLY, 0666));
	close(fd);
	CHECK(mode_of(p) == 0644, "mode %o with umask 022", mode_of(p));
	FAILS(getxattr(p, ACL_A, NULL, 0), ENODATA);
	snprintf(p, sizeof(p), "%s/plaind", d);
	SYS(mkdir(p, 0777));
	CHECK(mode_of(p) == 0755, "dir mode %o with umask 022", mode_of(p));
	return 0;
}

/* run cmd with sh; its output (stdout and stderr) in out; its status */
static int run_cmd(const char *cmd, char *out, size_t size)
{
	char full[512];
	size_t n = 0;
	FILE *p;

	snprintf(full, sizeof(full), "%s 2>&1", cmd);
	p = popen(full, "r");
	if (!p)
		return -1;
	while (n + 1 < size && !feof(p) && !ferror(p))
		n += fread(out + n, 1, size - 1 - n, p);
	out[n] = 0;
	return pclose(p);
}

#define RUN(cmd, want) do {						\
	char out_[1024];						\
	int st_ = run_cmd(cmd, out_, sizeof(out_));			\
	CHECK(st_ == 0 && !strcmp(out_, want),				\
	      "%s: status %d, output \"%s\"", cmd, st_, out_);		\
} while (0)

/* the real tools: setfacl(1) and getfacl(1), copied into the guest */
static int t_acl_tools(void)
{
	const struct ace acl[] = { U_OBJ(6), U(1000, 7), G_OBJ(4), G(3000, 4),
				   MASK(7), OTHER(4) };
	const struct ace dflt[] = { U_OBJ(7), U(1000, 5), G_OBJ(5), MASK(5),
				    OTHER(5) };
	const char *d;

	CHECK(!access("/usr/bin/setfacl", X_OK) &&
	      !access("/usr/bin/getfacl", X_OK),
	      "needs /usr/bin/setfacl and /usr/bin/getfacl in the guest");
	SYS(put("f", "x"));
	SYS(mkdir("d", 0755));
	AUX(d, 0, "posixacl");
	SYS(chdir(d));
	RUN("setfacl -m u:1000:rwx,g:3000:r f", "");
	if (!acl_is("f", ACL_A, acl, N(acl)))
		return -1;
	CHECK(mode_of("f") == 0674, "mode %o", mode_of("f"));
	RUN("getfacl -cn f", "user::rw-\nuser:1000:rwx\ngroup::r--\n"
	    "group:3000:r--\nmask::rwx\nother::r--\n\n");
	RUN("setfacl -d -m u:1000:rx d", "");
	if (!acl_is("d", ACL_D, dflt, N(dflt)))
		return -1;
	RUN("getfacl -cn d", "user::rwx\ngroup::r-x\nother::r-x\n"
	    "default:user::rwx\ndefault:user:1000:r-x\ndefault:group::r-x\n"
	    "default:mask::r-x\ndefault:other::r-x\n\n");
	RUN("setfacl -b f", "");
	FAILS(getxattr("f", ACL_A, NULL, 0), ENODATA);
	CHECK(mode_of("f") == 0644, "mode %o after setfacl -b", mode_of("f"));
	RUN("getfacl -cn f", "user::rw-\ngroup::r--\nother::r--\n\n");
	return 0;
}

/*
 * Two posixacl mounts of one export (tags -a and -b): an ACL changed
 * through one is seen through the other once it has the file's
 * attributes again (the server's ctime moved).
 */
static int t_acl_two_mounts(void)
{
	const struct ace grant[] = { U_OBJ(6), U(1000, 6), G_OBJ(4), MASK(6),
				     OTHER(0) };
	const struct ace deny[] = { U_OBJ(6), U(1000, 0), G_OBJ(4), MASK(6),
				    OTHER(0) };
	char fa[700], fb[700];
	struct statx stx;
	const char *d, *mb;
	int r;

	CHECK(aux2_tag, "needs -b TAG (a third tag for the export)");
	SYS(put("f", "x"));
	AUX(d, 0, "posixacl");
	snprintf(fa, sizeof(fa), "%s/f", d);
	mb = mount_at(aux2_tag, "aux2", 0, "posixacl");
	CHECK(mb, "mount -b: %s", strerror(errno));
	snprintf(fb, sizeof(fb), "%s/%s/f", mb, case_dir);
	SYS(set_acl(fa, ACL_A, grant, N(grant)));
	r = as_user(1000, child_open_rw, fb);
	CHECK(r == 0, "uid 1000 through the other mount: %d", r);
	if (!acl_is(fb, ACL_A, grant, N(grant)))
		return -1;
	SYS(set_acl(fa, ACL_A, deny, N(deny)));
	SYS(statx(AT_FDCWD, fb, AT_STATX_FORCE_SYNC, STATX_BASIC_STATS, &stx));
	if (!acl_is(fb, ACL_A, deny, N(deny)))
		return -1;
	r = as_user(1000, child_open_r, fb);
	CHECK(r == 13, "uid 1000 after its entry went to ---: %d", r);
	return 0;
}

/*
 * Values from the server that are no valid ACL (run-all puts them on
 * ../bad-acl-size and ../bad-acl-entries, as QEMU's mapped-xattr
 * attribute, where the guest cannot write them): EIO, for getfacl and
 * for the permission check alike.
 */
static int t_acl_malformed(void)
{
	static const char *const names[] = { "bad-acl-size", "bad-acl-entries" };
	char p[800];
	const char *d;
	int i, r;

	AUX(d, 0, "posixacl");
	for (i = 0; i < N(names); i++) {
		snprintf(p, sizeof(p), "%s/../%s", d, names[i]);
		CHECK(mode_of(p) == 0660, "%s: mode %o (run-all makes it)",
		      names[i], mode_of(p));
		FAILS(getxattr(p, ACL_A, NULL, 0), EIO);
		r = as_user(1000, child_open_errno, p);
		CHECK(r == EIO, "%s: uid 1000 open: %s", names[i],
		      strerror(r));
	}
	return 0;
}

/* without posixacl the ACL names are refused and ACLs do not count */
static int t_acl_off(void)
{
	const struct ace acl[] = { U_OBJ(6), U(1000, 6), G_OBJ(0), MASK(6),
				   OTHER(0) };
	char f[700], list[1024];
	const char *d;
	ssize_t n;
	int r;

	SYS(put("f", "x"));
	FAILS(set_acl("f", ACL_A, acl, N(acl)), EOPNOTSUPP);
	FAILS(getxattr("f", ACL_A, NULL, 0), EOPNOTSUPP);
	FAILS(removexattr("f", ACL_A), EOPNOTSUPP);
	SYS(setxattr("f", "user.x", "1", 1, 0));
	AUX(d, 0, "posixacl");
	snprintf(f, sizeof(f), "%s/f", d);
	SYS(set_acl(f, ACL_A, acl, N(acl)));
	CHECK(!umount_all(), "umount: %s", strerror(errno));
	/* the mode shows the mask; the named entry is not honoured here */
	CHECK(mode_of("f") == 0660, "mode %o", mode_of("f"));
	r = as_user(1000, child_open_r, "f");
	CHECK(r == 13, "uid 1000 without posixacl: %d", r);
	FAILS(getxattr("f", ACL_A, NULL, 0), EOPNOTSUPP);
	n = listxattr("f", list, sizeof(list));
	CHECK(n == 7 && !memcmp(list, "user.x", 7), "list %zd \"%.*s\"", n,
	      (int)(n > 0 ? n : 0), list);
	return 0;
}

/* every modifying call: EROFS; reads work */
static int all_erofs(const char *d)
{
	char f[800], x[800], sub[800];
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	char buf[16];
	ssize_t n;
	int fd;

	snprintf(f, sizeof(f), "%s/f", d);
	snprintf(x, sizeof(x), "%s/new", d);
	snprintf(sub, sizeof(sub), "%s/sub", d);
	SYS(fd = open(f, O_RDONLY));
	n = read(fd, buf, sizeof(buf));
	close(fd);
	CHECK(n == 10 && !memcmp(buf, "read only\n", 10), "read %zd", n);
	FAILS(open(f, O_WRONLY), EROFS);
	FAILS(open(f, O_RDWR | O_TRUNC), EROFS);
	FAILS(open(x, O_CREAT | O_WRONLY, 0644), EROFS);
	FAILS(truncate(f, 0), EROFS);
	FAILS(chmod(f, 0600), EROFS);
	FAILS(chown(f, 1, 1), EROFS);
	FAILS(utimensat(AT_FDCWD, f, ts, 0), EROFS);
	FAILS(setxattr(f, "user.x", "1", 1, 0), EROFS);
	FAILS(mkdir(x, 0755), EROFS);
	FAILS(mknod(x, S_IFIFO | 0644, 0), EROFS);
	FAILS(symlink("f", x), EROFS);
	FAILS(link(f, x), EROFS);
	FAILS(rename(f, x), EROFS);
	FAILS(unlink(f), EROFS);
	FAILS(rmdir(sub), EROFS);
	CHECK(size_of(f) == 10, "size %lld", (long long)size_of(f));
	return 0;
}

static int t_ro_mount(void)
{
	const char *d;

	SYS(put("f", "read only\n"));
	SYS(mkdir("sub", 0755));
	AUX(d, MS_RDONLY, "");
	return all_erofs(d);
}

/* QEMU's readonly=on export (tag -r): the server says EROFS */
static int t_ro_export(void)
{
	const char *mnt;

	CHECK(ro_tag, "needs -r TAG (a readonly=on export holding f, sub/)");
	mnt = mount_at(ro_tag, "ro", 0, "");
	CHECK(mnt, "mount: %s", strerror(errno));
	return all_erofs(mnt);
}

/*
 * A full export (tag -s, a 2 MiB tmpfs on the host).  Write-through
 * (cache=none, readahead) reports ENOSPC from the write(2) that hit it and
 * everything write(2) took is on the server; write-back (the other modes)
 * takes every write(2) into the page cache and reports ENOSPC from fsync,
 * and the server then holds a prefix of the data, never anything else.
 */
static int t_enospc(void)
{
	const size_t chunk = 256 << 10, max = (8 << 20) - chunk;
	unsigned char *buf = malloc(chunk), *all = malloc(8 << 20);
	char f[100];
	size_t total = 0;
	const char *mnt;
	off_t size;
	ssize_t n;
	int fd, fs, cl, err = 0;

	CHECK(small_tag, "needs -s TAG (an export of a 2 MiB filesystem)");
	CHECK(buf && all, "malloc");
	/* in DIR's cache mode: write-through and write-back differ here */
	mnt = mount_at(small_tag, "small", 0, cache_opt);
	CHECK(mnt, "mount: %s", strerror(errno));
	snprintf(f, sizeof(f), "%s/fill", mnt);
	SYS(fd = open(f, O_CREAT | O_TRUNC | O_WRONLY, 0644));
	while (total < max) {
		fill(buf, chunk, total);
		n = write(fd, buf, chunk);
		if (n < 0) {
			err = errno;
			break;
		}
		memcpy(all + total, buf, n);
		total += n;
	}
	fs = fsync(fd) ? errno : 0;
	cl = close(fd) ? errno : 0;
	size = size_of(f);
	if (err) {
		CHECK(err == ENOSPC, "write ended with %s after %zu bytes",
		      strerror(err), total);
		CHECK(total >= (1 << 20) && total <= (2 << 20),
		      "%zu bytes fit in a 2 MiB tmpfs", total);
		/* what write(2) took is on the server: nothing fails later */
		CHECK(size == (off_t)total, "size %lld, %zu written (fsync: %s)",
		      (long long)size, total, strerror(fs));
		CHECK(!fs && !cl, "after ENOSPC from write: fsync %s, close %s",
		      strerror(fs), strerror(cl));
	} else {
		CHECK(total == max, "write took %zu bytes", total);
		CHECK(fs == ENOSPC, "all written to the page cache: fsync %s",
		      strerror(fs));
		/* fsync reported it: close has nothing more to say */
		CHECK(!cl, "close after fsync's ENOSPC: %s", strerror(cl));
		CHECK(size >= (1 << 20) && size <= (2 << 20),
		      "%lld bytes on a 2 MiB tmpfs", (long long)size);
		total = size;
	}
	CHECK(same_content(f, all, total), "content differs");
	SYS(unlink(f));
	free(buf);
	free(all);
	return 0;
}

/*
 * access=any is one identity for every local user: root by default,
 * dfltuid= when given; dfltgid= gives new objects its group (but in a
 * setgid directory).  Other access modes ignore both.  The owners are
 * read back through the test's own mount.
 */
static int t_access_any_dflt(void)
{
	static const struct {
		const char *opts;
		uid_t uid;	/* owner of what root and uid 1000 create */
		gid_t gid;	/* group of what root creates; 0: the creator's */
	} modes[] = {
		{ "access=any,dfltuid=1234", 1234, 0 },
		{ "access=any,dfltuid=1234,dfltgid=2345", 1234, 2345 },
		{ "access=any", 0, 0 },
		{ "access=user,dfltuid=1234,dfltgid=2345", (uid_t)-1, 0 },
	};
	char path[700], mine[64], line[512];
	const char *d;
	int i, r, shown;
	FILE *m;

	SYS(chmod(".", 0777));
	SYS(mkdir("sg", 0777));
	SYS(chown("sg", 0, 3000));
	SYS(chmod("sg", 02777));
	for (i = 0; i < N(modes); i++) {
		uid_t u = modes[i].uid;

		AUX(d, 0, modes[i].opts);
		/* /proc/mounts shows the options given */
		m = fopen("/proc/mounts", "r");
		CHECK(m, "/proc/mounts: %s", strerror(errno));
		shown = 0;
		while (fgets(line, sizeof(line), m))
			if (strstr(line, " /tmp/posix_test.aux 9p ") &&
			    (!strstr(modes[i].opts, "dfltuid") ||
			     strstr(line, ",dfltuid=1234")) &&
			    (!strstr(modes[i].opts, "dfltgid") ||
			     strstr(line, ",dfltgid=2345")))
				shown = 1;
		fclose(m);
		CHECK(shown, "%s: not in /proc/mounts", modes[i].opts);
		snprintf(path, sizeof(path), "%s/r%d", d, i);
		r = child_create(path);
		CHECK(r == 0, "%s: root create: %d", modes[i].opts, r);
		snprintf(path, sizeof(path), "%s/u%d", d, i);
		r = as_user(1000, child_create, path);
		CHECK(r == 0, "%s: uid 1000 create: %d", modes[i].opts, r);
		snprintf(path, sizeof(path), "%s/d%d", d, i);
		r = as_user(1000, child_mkdir, path);
		CHECK(r == 0, "%s: uid 1000 mkdir: %d", modes[i].opts, r);
		snprintf(path, sizeof(path), "%s/l%d", d, i);
		SYS(symlink("r0", path));
		snprintf(path, sizeof(path), "%s/sg/s%d", d, i);
		r = as_user(1000, child_create, path);
		CHECK(r == 0, "%s: uid 1000 create in sg: %d", modes[i].opts, r);

		snprintf(mine, sizeof(mine), "r%d", i);
		if (!owner_is(mine, u == (uid_t)-1 ? 0 : u, modes[i].gid))
			return -1;
		snprintf(mine, sizeof(mine), "l%d", i);
		if (!owner_is(mine, u == (uid_t)-1 ? 0 : u, modes[i].gid))
			return -1;
		snprintf(mine, sizeof(mine), "u%d", i);
		if (!owner_is(mine, u == (uid_t)-1 ? 1000 : u,
			      modes[i].gid ?: 1000))
			return -1;
		snprintf(mine, sizeof(mine), "d%d", i);
		if (!owner_is(mine, u == (uid_t)-1 ? 1000 : u,
			      modes[i].gid ?: 1000))
			return -1;
		/* a setgid directory's group wins over dfltgid= */
		snprintf(mine, sizeof(mine), "sg/s%d", i);
		if (!owner_is(mine, u == (uid_t)-1 ? 1000 : u, 3000))
			return -1;
		CHECK(!umount_all(), "%s: umount: %s", modes[i].opts,
		      strerror(errno));
	}
	return 0;
}

/* a character device node (1,3: null) takes ACLs like any file */
static int t_acl_device(void)
{
	const struct ace acl[] = { U_OBJ(6), U(1000, 6), G_OBJ(4), MASK(6),
				   OTHER(0) };
	const struct ace chmodded[] = { U_OBJ(6), U(1000, 6), G_OBJ(4),
					MASK(4), OTHER(4) };
	const struct ace dflt[] = { U_OBJ(7), U(1001, 6), G_OBJ(5), MASK(7),
				    OTHER(0) };
	const struct ace inherited[] = { U_OBJ(6), U(1001, 6), G_OBJ(5),
					 MASK(6), OTHER(0) };
	char c[700], e[700], cmd[800];
	struct stat st;
	const char *d;
	int r, pass;

	SYS(mkdir("dd", 0755));
	AUX(d, 0, "posixacl");
	snprintf(c, sizeof(c), "%s/c", d);
	snprintf(e, sizeof(e), "%s/dd/e", d);
	SYS(mknod(c, S_IFCHR | 0600, makedev(1, 3)));
	SYS(lstat(c, &st));
	CHECK(S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3),
	      "mode %o rdev %u:%u", st.st_mode, major(st.st_rdev),
	      minor(st.st_rdev));
	FAILS(getxattr(c, ACL_A, NULL, 0), ENODATA);
	r = as_user(1000, child_open_rw, c);
	CHECK(r == 13, "uid 1000 before the ACL: %d", r);
	SYS(set_acl(c, ACL_A, acl, N(acl)));
	if (!acl_is(c, ACL_A, acl, N(acl)))
		return -1;
	CHECK(mode_of(c) == 0660, "mode %o after setting the ACL", mode_of(c));
	/* the guest honours it when opening the device (its own null) */
	r = as_user(1000, child_open_rw, c);
	CHECK(r == 0, "uid 1000 (named entry) open O_RDWR: %d", r);
	r = as_user(1001, child_open_r, c);
	CHECK(r == 13, "uid 1001 (other ---) open O_RDONLY: %d", r);
	/* a default ACL belongs to directories only */
	FAILS(set_acl(c, ACL_D, dflt, N(dflt)), EACCES);
	SYS(chmod(c, 0644));
	if (!acl_is(c, ACL_A, chmodded, N(chmodded)))
		return -1;
	/* the tools see the same */
	CHECK(!access("/usr/bin/getfacl", X_OK),
	      "needs /usr/bin/getfacl in the guest");
	snprintf(cmd, sizeof(cmd), "getfacl -cnEp %s", c);
	RUN(cmd, "user::rw-\nuser:1000:rw-\ngroup::r--\nmask::r--\n"
	    "other::r--\n\n");
	/* a node made under a default ACL inherits it (umask ignored) */
	snprintf(cmd, sizeof(cmd), "%s/dd", d);
	SYS(set_acl(cmd, ACL_D, dflt, N(dflt)));
	SYS(mknod(e, S_IFCHR | 0666, makedev(1, 3)));
	/* once as cached, once from a fresh mount (the server) */
	for (pass = 0; pass < 2; pass++) {
		if (!acl_is(c, ACL_A, chmodded, N(chmodded)) ||
		    !acl_is(e, ACL_A, inherited, N(inherited)))
			return -1;
		CHECK(mode_of(e) == 0660, "inheriting node's mode %o",
		      mode_of(e));
		SYS(lstat(e, &st));
		CHECK(S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3),
		      "inheriting node: mode %o", st.st_mode);
		r = as_user(1001, child_open_rw, e);
		CHECK(r == 0, "uid 1001 (inherited entry) open: %d", r);
		r = as_user(1000, child_open_r, e);
		CHECK(r == 13, "uid 1000 (other ---) open: %d", r);
		CHECK(!umount_all(), "umount: %s", strerror(errno));
		AUX(d, 0, "posixacl");
	}
	SYS(removexattr(c, ACL_A));
	FAILS(getxattr(c, ACL_A, NULL, 0), ENODATA);
	CHECK(mode_of(c) == 0644, "mode %o after removal", mode_of(c));
	return 0;
}

/* ---- server filesystems with limits (-m, -q): SOURCE,OPTIONS mounts ---- */

static const char *links_spec, *quota_spec;

/* mount spec ("SOURCE,OPTIONS") at /tmp/posix_test.NAME; the mount point */
static const char *mount_spec(const char *spec, const char *name)
{
	static char mnt[64];
	char src[256], opts[512];
	const char *comma = strchr(spec, ',');
	int i;

	if (!comma || comma - spec >= (int)sizeof(src)) {
		errno = EINVAL;
		return NULL;
	}
	memcpy(src, spec, comma - spec);
	src[comma - spec] = 0;
	/* in DIR's cache mode: write-through and write-back differ */
	snprintf(opts, sizeof(opts), "%s%s%s", comma + 1,
		 cache_opt[0] ? "," : "", cache_opt);
	snprintf(mnt, sizeof(mnt), "/tmp/posix_test.%s", name);
	mkdir(mnt, 0755);
	if (mount(src, mnt, "9p", 0, opts))
		return NULL;
	for (i = 0; i < 4; i++) {
		if (!mounted[i][0]) {
			snprintf(mounted[i], sizeof(mounted[i]), "%s", mnt);
			break;
		}
	}
	return mnt;
}

static nlink_t nlink_of(const char *path)
{
	struct statx stx;

	if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_STATX_FORCE_SYNC,
		  STATX_NLINK, &stx))
		return 0;
	return stx.stx_nlink;
}

#define MINIX_LINK_MAX	250	/* minix v1 (mkfs.minix -1) */

/*
 * EMLINK from the server's filesystem (-m: a minix v1 filesystem, 250
 * links per inode) for link(), mkdir() and a directory's rename(): the
 * call fails, no name appears or moves, the link counts stay.
 */
static int t_emlink(void)
{
	char top[128], f[160], p[200], q[200];
	const char *mnt;
	struct stat st;
	int i, before;

	CHECK(links_spec, "needs -m SPEC (a minix v1 filesystem's export)");
	mnt = mount_spec(links_spec, "links");
	CHECK(mnt, "mount %s: %s", links_spec, strerror(errno));
	/* minix v1 names are at most 30 bytes: not the case's directory */
	snprintf(top, sizeof(top), "%s/e%d", mnt, (int)getpid());
	SYS(mkdir(top, 0755));
	snprintf(f, sizeof(f), "%s/f", top);
	SYS(put(f, "links"));
	for (i = 1; i < MINIX_LINK_MAX; i++) {
		snprintf(p, sizeof(p), "%s/l%d", top, i);
		SYS(link(f, p));
	}
	CHECK(nlink_of(f) == MINIX_LINK_MAX, "nlink %lu after %d links",
	      (unsigned long)nlink_of(f), MINIX_LINK_MAX - 1);
	before = entries(top);
	snprintf(p, sizeof(p), "%s/over", top);
	FAILS(link(f, p), EMLINK);
	FAILS(lstat(p, &st), ENOENT);
	/* again: the failed name must not have become a positive dentry */
	FAILS(link(f, p), EMLINK);
	FAILS(lstat(p, &st), ENOENT);
	CHECK(entries(top) == before, "%d entries, %d before", entries(top),
	      before);
	CHECK(nlink_of(f) == MINIX_LINK_MAX, "nlink %lu after EMLINK",
	      (unsigned long)nlink_of(f));
	SYS(stat(f, &st));
	CHECK(st.st_nlink == MINIX_LINK_MAX, "cached nlink %lu",
	      (unsigned long)st.st_nlink);
	CHECK(!strcmp(get(f), "links"), "content \"%s\"", get(f));
	/* one name less makes room for one more */
	snprintf(q, sizeof(q), "%s/l1", top);
	SYS(unlink(q));
	SYS(link(f, p));
	CHECK(nlink_of(p) == MINIX_LINK_MAX, "nlink %lu after relinking",
	      (unsigned long)nlink_of(p));

	/* a directory of 250 links (248 subdirectories) takes no more */
	snprintf(p, sizeof(p), "%s/d", top);
	SYS(mkdir(p, 0755));
	for (i = 0; i < MINIX_LINK_MAX - 2; i++) {
		snprintf(q, sizeof(q), "%s/d/s%d", top, i);
		SYS(mkdir(q, 0755));
	}
	CHECK(nlink_of(p) == MINIX_LINK_MAX, "dir nlink %lu",
	      (unsigned long)nlink_of(p));
	before = entries(p);
	snprintf(q, sizeof(q), "%s/d/over", top);
	FAILS(mkdir(q, 0755), EMLINK);
	FAILS(lstat(q, &st), ENOENT);
	/* a directory moved in would add a link too: it stays where it is */
	snprintf(q, sizeof(q), "%s/m", top);
	SYS(mkdir(q, 0755));
	snprintf(f, sizeof(f), "%s/d/m", top);
	FAILS(rename(q, f), EMLINK);
	FAILS(lstat(f, &st), ENOENT);
	SYS(lstat(q, &st));
	CHECK(S_ISDIR(st.st_mode), "m is no directory any more");
	CHECK(entries(p) == before, "%d entries, %d before", entries(p),
	      before);
	CHECK(nlink_of(p) == MINIX_LINK_MAX, "dir nlink %lu after EMLINK",
	      (unsigned long)nlink_of(p));
	/* files move in freely: they add no link to the directory */
	snprintf(q, sizeof(q), "%s/l2", top);
	snprintf(f, sizeof(f), "%s/d/l2", top);
	SYS(rename(q, f));
	CHECK(nlink_of(p) == MINIX_LINK_MAX, "dir nlink %lu after a file",
	      (unsigned long)nlink_of(p));
	return 0;
}

/* the aname= of a spec: diod serves local paths, so also the path here */
static int spec_aname(const char *spec, char *buf, size_t size)
{
	const char *a = strstr(spec, ",aname=");
	size_t n;

	if (!a)
		return -1;
	a += 7;
	n = strcspn(a, ",");
	if (n >= size)
		return -1;
	memcpy(buf, a, n);
	buf[n] = 0;
	return 0;
}

static int quota_get(int qfd, uid_t uid, struct dqblk *q)
{
	return syscall(SYS_quotactl_fd, qfd, QCMD(Q_GETQUOTA, USRQUOTA), uid,
		       q);
}

static int quota_set(int qfd, uid_t uid, struct dqblk *q)
{
	return syscall(SYS_quotactl_fd, qfd, QCMD(Q_SETQUOTA, USRQUOTA), uid,
		       q);
}

/*
 * EDQUOT from the server's filesystem (-q: a local ext4 directory with
 * usrquota, served by diod in this guest as a user without
 * CAP_SYS_RESOURCE).  The case limits that user's blocks to 1 MiB more
 * than it has: write(2) returns a short count or EDQUOT, the file holds
 * exactly what was reported written, and fsync and close have nothing
 * left to report.  Then with no inode to spare, creates fail with
 * EDQUOT and leave no name.
 */
static int t_edquot(void)
{
	const size_t chunk = 256 << 10, most = 8 << 20;
	unsigned char *buf = malloc(chunk), *all = malloc(most);
	char local[256], top[300], f[340], p[340];
	struct dqblk q, saved;
	const char *mnt;
	struct stat st;
	size_t total = 0;
	int fd, qfd, fs, cl, err = 0, shortw = 0;
	ssize_t n;
	uid_t who;

	CHECK(quota_spec, "needs -q SPEC (an ext4 export with usrquota)");
	CHECK(buf && all, "malloc");
	CHECK(!spec_aname(quota_spec, local, sizeof(local)),
	      "-q SPEC has no aname=");
	mnt = mount_spec(quota_spec, "quota");
	CHECK(mnt, "mount %s: %s", quota_spec, strerror(errno));
	snprintf(top, sizeof(top), "%s/q%d", mnt, (int)getpid());
	SYS(mkdir(top, 0755));
	snprintf(f, sizeof(f), "%s/fill", top);
	SYS(fd = open(f, O_CREAT | O_TRUNC | O_WRONLY, 0644));
	/* the server's user: the one whose quota counts */
	SYS(fstat(fd, &st));
	who = st.st_uid;
	CHECK(who != 0, "the server writes as root: quotas do not bind it");
	SYS(qfd = open(local, O_RDONLY | O_DIRECTORY));
	SYS(quota_get(qfd, who, &saved));
	q = saved;
	q.dqb_bhardlimit = (saved.dqb_curspace >> 10) + 1024;
	q.dqb_bsoftlimit = 0;
	q.dqb_valid = QIF_BLIMITS;
	SYS(quota_set(qfd, who, &q));
	while (total < most - chunk) {
		fill(buf, chunk, total);
		n = write(fd, buf, chunk);
		if (n < 0) {
			err = errno;
			break;
		}
		memcpy(all + total, buf, n);
		total += n;
		shortw += n < (ssize_t)chunk;
	}
	fs = fsync(fd) ? errno : 0;
	cl = close(fd) ? errno : 0;
	if (err || total < most - chunk) {
		/* write-through: write(2) reports it, nothing fails later */
		CHECK(err == EDQUOT, "write ended with %s after %zu bytes",
		      err ? strerror(err) : "no error", total);
		CHECK(shortw <= 1, "%d short writes before EDQUOT", shortw);
		CHECK(total >= (512 << 10) && total <= (1 << 20),
		      "%zu bytes fit in a 1 MiB quota", total);
		CHECK(size_of(f) == (off_t)total, "size %lld, %zu written",
		      (long long)size_of(f), total);
		CHECK(!fs && !cl, "after EDQUOT from write: fsync %s, close %s",
		      strerror(fs), strerror(cl));
	} else {
		/* write-back: fsync reports it; the server has a prefix */
		CHECK(fs == EDQUOT, "all in the page cache: fsync %s",
		      strerror(fs));
		CHECK(!cl, "close after fsync's EDQUOT: %s", strerror(cl));
		total = size_of(f);
		CHECK(total >= (512 << 10) && total <= (1 << 20),
		      "%zu bytes fit in a 1 MiB quota", total);
	}
	CHECK(same_content(f, all, total), "content differs: %s",
	      content_why);
	/*
	 * appending to the full file fails the same way, changing nothing:
	 * from write(2), or from close with write-back
	 */
	SYS(fd = open(f, O_WRONLY | O_APPEND));
	errno = 0;
	n = write(fd, buf, chunk);
	err = n < 0 ? errno : 0;
	cl = close(fd) ? errno : 0;
	CHECK((n < 0 && err == EDQUOT && !cl) ||
	      (n == (ssize_t)chunk && cl == EDQUOT),
	      "append: %zd (%s), close: %s", n, strerror(err), strerror(cl));
	CHECK(size_of(f) == (off_t)total, "size %lld after the append",
	      (long long)size_of(f));

	/* no inode to spare: creates fail and leave nothing */
	SYS(quota_get(qfd, who, &q));
	q.dqb_ihardlimit = q.dqb_curinodes;
	q.dqb_isoftlimit = 0;
	q.dqb_valid = QIF_ILIMITS;
	SYS(quota_set(qfd, who, &q));
	snprintf(p, sizeof(p), "%s/new", top);
	FAILS(open(p, O_CREAT | O_EXCL | O_WRONLY, 0644), EDQUOT);
	FAILS(lstat(p, &st), ENOENT);
	FAILS(mkdir(p, 0755), EDQUOT);
	FAILS(symlink("fill", p), EDQUOT);
	FAILS(lstat(p, &st), ENOENT);
	CHECK(entries(top) == 1, "%d entries", entries(top));
	/* the limits off again: the space comes back */
	saved.dqb_valid = QIF_LIMITS;
	SYS(quota_set(qfd, who, &saved));
	close(qfd);
	SYS(unlink(f));
	SYS(put(p, "room again"));
	CHECK(!strcmp(get(p), "room again"), "content \"%s\"", get(p));
	free(buf);
	free(all);
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
	{ "replaced_open_file_usable", t_replaced_open_file },
	{ "hard_and_symbolic_links", t_links },
	{ "mkdir_rmdir", t_dirs },
	{ "chmod_chown_utimensat", t_attrs },
	{ "st_blksize_dir_and_file", t_blksize },
	{ "xattrs_user", t_xattrs },
	{ "name_too_long", t_name_too_long },
	{ "mkfifo", t_fifo },
	{ "fcntl_locks_conflict_and_signal", t_posix_locks },
	{ "lock_wait_wakes_promptly", t_lock_wait_wakes },
	{ "flock", t_flock },
	{ "o_tmpfile_refused", t_o_tmpfile },
	{ "copy_file_range", t_copy_file_range },
	{ "splice_sendfile_pipe", t_splice_pipe },
	{ "name_too_long_everywhere", t_name_too_long_everywhere },
	{ "access_modes_ownership", t_access_modes },
	{ "access_any_dfltuid_dfltgid", t_access_any_dflt },
	{ "acl_access_roundtrip_chmod", t_acl_access },
	{ "acl_default_inherited", t_acl_default_inherited },
	{ "acl_refused_without_posixacl", t_acl_off },
	{ "acl_setfacl_getfacl", t_acl_tools },
	{ "acl_seen_by_a_second_mount", t_acl_two_mounts },
	{ "acl_malformed_from_server", t_acl_malformed },
	{ "acl_device_node", t_acl_device },
	{ "ro_mount_erofs", t_ro_mount },
	{ "ro_export_erofs", t_ro_export },
	{ "enospc_full_export", t_enospc },
	{ "writes_gathered", t_writes_gathered },
	{ "emlink_server_link_limit", t_emlink },
	{ "edquot_server_quota", t_edquot },
};

/* CASE... runs those; -x CASE leaves one out; neither runs all */
static int wanted(const char *name, int argc, char **argv)
{
	int i, listed = 0;

	for (i = 0; i < argc; i++) {
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

static int print_usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-a TAG] [-b TAG] [-s TAG] [-r TAG] [-m SPEC] [-q SPEC] DIR|--list [CASE...] [-x CASE]...\n"
		"  -a TAG   a second virtio tag for DIR's export (mounted with options)\n"
		"  -b TAG   a third one\n"
		"  -s TAG   an export of a 2 MiB filesystem (ENOSPC)\n"
		"  -r TAG   a readonly=on export holding f (\"read only\\n\") and sub/\n"
		"  -m SPEC  SOURCE,OPTIONS of a 9P mount of a minix v1 filesystem (EMLINK)\n"
		"  -q SPEC  SOURCE,OPTIONS of a 9P mount (aname= its local path) of an\n"
		"           ext4 directory with usrquota, served as a non-root user (EDQUOT)\n",
		prog);
	return 2;
}

int main(int argc, char **argv)
{
	const char *top;
	char dir[4096];
	size_t i;
	int a = 1, r, fd;

	while (a + 1 < argc && argv[a][0] == '-' && argv[a][1] &&
	       !argv[a][2]) {
		switch (argv[a][1]) {
		case 'a':
			aux_tag = argv[a + 1];
			break;
		case 'b':
			aux2_tag = argv[a + 1];
			break;
		case 's':
			small_tag = argv[a + 1];
			break;
		case 'r':
			ro_tag = argv[a + 1];
			break;
		case 'm':
			links_spec = argv[a + 1];
			break;
		case 'q':
			quota_spec = argv[a + 1];
			break;
		default:
			return print_usage(argv[0]);
		}
		a += 2;
	}
	if (a >= argc)
		return print_usage(argv[0]);
	top = argv[a++];
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(top, "--list")) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			if (wanted(cases[i].name, argc - a, argv + a))
				printf("%s\n", cases[i].name);
		return 0;
	}
	umask(022);
	top_dir = top;
	find_cache_opt(top);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (!wanted(cases[i].name, argc - a, argv + a))
			continue;
		snprintf(case_dir, sizeof(case_dir), "posix.%d.%s",
			 (int)getpid(), cases[i].name);
		snprintf(dir, sizeof(dir), "%s/%s", top, case_dir);
		why[0] = 0;
		if (mkdir(dir, 0755) || chdir(dir)) {
			printf("not ok - %s # setup: %s\n", cases[i].name,
			       strerror(errno));
			failed++;
			continue;
		}
		r = cases[i].fn();
		/* a case that failed half way may have left files open */
		for (fd = 3; fd < 1024; fd++)
			close(fd);
		if (r) {
			if (chdir("/") || umount_all())
				strcat(why, " (and umount failed)");
			printf("not ok - %s # %s\n", cases[i].name, why);
			failed++;
		} else if (chdir("/") || umount_all()) {
			printf("not ok - %s # umount: %s\n", cases[i].name,
			       strerror(errno));
			failed++;
		} else {
			printf("ok - %s\n", cases[i].name);
		}
	}
	return failed ? 1 : 0;
}
