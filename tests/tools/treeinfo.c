// SPDX-License-Identifier: GPL-2.0-only
/*
 * treeinfo: a manifest of a directory tree, to compare what a 9p mount in a
 * guest shows with what the host has.  Built static on the host and copied
 * into test guests:  gcc -static -O2 -o treeinfo treeinfo.c
 *
 *   treeinfo [-x RELPATH]... [-H RELPATH]... [-D] DIR
 *	One line per entry (DIR itself is "."), sorted bytewise by path:
 *	  PATH type=T mode=OOOO uid=U gid=G nlink=N size=S rdev=MAJ:MIN
 *	       mtime=SEC.NSEC [target=LINK] [hash=FNV] [links-to=PATH]
 *	Symlinks are not followed.  Paths and link targets are escaped
 *	(bytes outside 0x21..0x7e and '\' as \xHH) so a line is one entry.
 *	hash is a 64-bit FNV-1a over 8-byte words of the content (regular
 *	files only; empty files are not opened).  Inode numbers are not
 *	printed; files sharing an inode (hard links) name the first path
 *	of their group in links-to=.  atime and ctime are left out.
 *	-x RELPATH: list RELPATH itself but not what is below it.
 *	-D: leave out size and nlink of directories.
 *	-H RELPATH: do not read RELPATH (a regular file): hash=not-read.
 *	Exit status 1 if any entry could not be read (the entry then shows
 *	error=ENAME).
 *
 *   treeinfo --open PATH
 *	open(PATH, O_RDONLY) and print "ok" or the errno name (ELOOP, ...).
 *
 *   treeinfo --as UID:GID MODE ARGS...
 *	drop to UID:GID (no supplementary groups), then run MODE.
 *
 *   treeinfo --pread PATH OFFSET LENGTH
 *	pread LENGTH bytes at OFFSET, print "<bytes read> <hash>".
 *
 *   treeinfo --hash PATH
 *	print the content hash of PATH (as in the manifest).
 *
 *   treeinfo --mmap-hash PATH
 *	the same, reading through a private read-only mmap.
 *
 *   treeinfo --stat DIR RELPATH...
 *	manifest lines for just these entries below DIR (no descent, no
 *	links-to), in the order given.
 *
 *   treeinfo --ls DIR
 *	readdir() only, like `ls -f`: every name (with . and ..) in
 *	directory order, escaped, one a line; no stat.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>

#define BUFSZ (1 << 20)

struct entry {
	char *path;		/* escaped, relative */
	char *line;		/* everything after the path */
	dev_t dev;
	ino_t ino;
	int grouped;		/* non-directory with nlink > 1 */
};

static struct entry *ents;
static size_t nents, cap;
static char **excl, **nohash;
static int nexcl, nnohash;
static int no_dir_size;
static int errors;
static unsigned char *buf;

static const char *ename(int e)
{
	switch (e) {
#define E(x) case x: return #x
	E(EPERM); E(ENOENT); E(EIO); E(ENXIO); E(EBADF); E(EAGAIN);
	E(ENOMEM); E(EACCES); E(EFAULT); E(EBUSY); E(EEXIST); E(EXDEV);
	E(ENODEV); E(ENOTDIR); E(EISDIR); E(EINVAL); E(ENFILE); E(EMFILE);
	E(ETXTBSY); E(EFBIG); E(ENOSPC); E(ESPIPE); E(EROFS); E(EMLINK);
	E(ERANGE); E(ENAMETOOLONG); E(ENOSYS); E(ENOTEMPTY); E(ELOOP);
	E(ENODATA); E(EOVERFLOW); E(EOPNOTSUPP); E(ESTALE); E(ENOTCONN);
	E(ECONNREFUSED); E(ETIMEDOUT); E(EINTR);
#undef E
	}
	static char b[32];
	snprintf(b, sizeof(b), "E%d", e);
	return b;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p) {
		perror("realloc");
		exit(2);
	}
	return p;
}

/* escape bytes outside 0x21..0x7e and '\' as \xHH */
static char *escape(const char *s, size_t len)
{
	char *o = xrealloc(NULL, len * 4 + 1), *p = o;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = s[i];
		if (c < 0x21 || c > 0x7e || c == '\\')
			p += sprintf(p, "\\x%02x", c);
		else
			*p++ = c;
	}
	*p = 0;
	return o;
}

#define FNV_OFF 0xcbf29ce484222325ULL
#define FNV_PRIME 0x100000001b3ULL

static uint64_t fnv_words(uint64_t h, const unsigned char *p, size_t n)
{
	size_t i = 0;
	for (; i + 8 <= n; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h ^= w;
		h *= FNV_PRIME;
	}
	for (; i < n; i++) {
		h ^= p[i];
		h *= FNV_PRIME;
	}
	return h;
}

/*
 * Hash a whole fd.  Reads are chunked on 8-byte boundaries of the file
 * offset except at EOF, so the result does not depend on how read()
 * splits the data.
 */
static int hash_fd(int fd, uint64_t *out, off_t *total)
{
	uint64_t h = FNV_OFF;
	size_t have = 0;
	off_t tot = 0;
	for (;;) {
		ssize_t r = read(fd, buf + have, BUFSZ - have);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		have += r;
		tot += r;
		size_t whole = have & ~(size_t)7;
		h = fnv_words(h, buf, whole);
		memmove(buf, buf + whole, have - whole);
		have -= whole;
	}
	h = fnv_words(h, buf, have);
	*out = h;
	if (total)
		*total = tot;
	return 0;
}

static void add(const char *rel, size_t rlen, const char *fmt_line,
		const struct stat *st)
{
	if (nents == cap) {
		cap = cap ? cap * 2 : 1024;
		ents = xrealloc(ents, cap * sizeof(*ents));
	}
	struct entry *e = &ents[nents++];
	e->path = escape(rel, rlen);
	e->line = strdup(fmt_line);
	e->dev = st ? st->st_dev : 0;
	e->ino = st ? st->st_ino : 0;
	e->grouped = st && !S_ISDIR(st->st_mode) && st->st_nlink > 1;
}

static char typechar(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG: return 'f';
	case S_IFDIR: return 'd';
	case S_IFLNK: return 'l';
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	}
	return '?';
}

static int excluded(const char *rel)
{
	for (int i = 0; i < nexcl; i++)
		if (!strcmp(rel, excl[i]))
			return 1;
	return 0;
}

static int not_hashed(const char *rel)
{
	for (int i = 0; i < nnohash; i++)
		if (!strcmp(rel, nohash[i]))
			return 1;
	return 0;
}

static void walk(int dirfd, const char *name, const char *rel);

/* one entry: dirfd/name, relative path rel */
static void visit(int dirfd, const char *name, const char *rel)
{
	struct stat st;
	char line[8192];
	int n;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
		snprintf(line, sizeof(line), " error=%s", ename(errno));
		add(rel, strlen(rel), line, NULL);
		errors++;
		return;
	}
	int isdir = S_ISDIR(st.st_mode);
	n = snprintf(line, sizeof(line), " type=%c mode=%04o uid=%u gid=%u",
		     typechar(st.st_mode), (unsigned)(st.st_mode & 07777),
		     (unsigned)st.st_uid, (unsigned)st.st_gid);
	if (!(isdir && no_dir_size))
		n += snprintf(line + n, sizeof(line) - n, " nlink=%lu size=%lld",
			      (unsigned long)st.st_nlink, (long long)st.st_size);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		n += snprintf(line + n, sizeof(line) - n, " rdev=%u:%u",
			      major(st.st_rdev), minor(st.st_rdev));
	else
		n += snprintf(line + n, sizeof(line) - n, " rdev=-");
	n += snprintf(line + n, sizeof(line) - n, " mtime=%lld.%09ld",
		      (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);

	if (S_ISLNK(st.st_mode)) {
		char t[4096];
		ssize_t l = readlinkat(dirfd, name, t, sizeof(t));
		if (l < 0) {
			n += snprintf(line + n, sizeof(line) - n, " error=%s", ename(errno));
			errors++;
		} else {
			char *e = escape(t, l);
			n += snprintf(line + n, sizeof(line) - n, " target=%s", e);
			free(e);
		}
	} else if (S_ISREG(st.st_mode) && not_hashed(rel)) {
		n += snprintf(line + n, sizeof(line) - n, " hash=not-read");
	} else if (S_ISREG(st.st_mode)) {
		uint64_t h = FNV_OFF;
		int err = 0;
		if (st.st_size > 0) {
			int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY);
			if (fd < 0) {
				err = errno;
			} else {
				off_t tot;
				int r = hash_fd(fd, &h, &tot);
				if (r < 0)
					err = -r;
				close(fd);
			}
		}
		if (err) {
			n += snprintf(line + n, sizeof(line) - n, " error=%s", ename(err));
			errors++;
		} else {
			n += snprintf(line + n, sizeof(line) - n, " hash=%016" PRIx64, h);
		}
	}
	add(rel, strlen(rel), line, &st);

	if (isdir && !excluded(rel))
		walk(dirfd, name, rel);
}

static void walk(int pdirfd, const char *name, const char *rel)
{
	int fd = openat(pdirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (fd < 0) {
		char line[64];
		snprintf(line, sizeof(line), " walk-error=%s", ename(errno));
		add(rel, strlen(rel), line, NULL);
		errors++;
		return;
	}
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		errors++;
		return;
	}
	struct dirent *de;
	size_t rlen = strlen(rel);
	for (;;) {
		errno = 0;
		de = readdir(d);
		if (!de) {
			if (errno) {
				char line[64];
				snprintf(line, sizeof(line), " readdir-error=%s", ename(errno));
				add(rel, rlen, line, NULL);
				errors++;
			}
			break;
		}
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		size_t nlen = strlen(de->d_name);
		char *child = xrealloc(NULL, rlen + nlen + 2);
		if (!strcmp(rel, "."))
			memcpy(child, de->d_name, nlen + 1);
		else
			sprintf(child, "%s/%s", rel, de->d_name);
		visit(dirfd(d), de->d_name, child);
		free(child);
	}
	closedir(d);
}

static int cmp_ent(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);
	if (c)
		return c;
	return strcmp(x->line, y->line);
}

struct ino_ref {
	dev_t dev;
	ino_t ino;
	size_t idx;
};

static int cmp_ino(const void *a, const void *b)
{
	const struct ino_ref *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int manifest(const char *dir)
{
	visit(AT_FDCWD, dir, ".");
	qsort(ents, nents, sizeof(*ents), cmp_ent);

	/* hard-link groups: each member after the first (in path order)
	 * names the first */
	size_t ng = 0;
	struct ino_ref *refs = xrealloc(NULL, (nents + 1) * sizeof(*refs));
	for (size_t i = 0; i < nents; i++)
		if (ents[i].grouped)
			refs[ng++] = (struct ino_ref){ ents[i].dev, ents[i].ino, i };
	qsort(refs, ng, sizeof(*refs), cmp_ino);
	char **linkto = calloc(nents, sizeof(char *));
	for (size_t i = 0; i < ng;) {
		size_t j = i + 1;
		while (j < ng && refs[j].dev == refs[i].dev && refs[j].ino == refs[i].ino)
			j++;
		for (size_t k = i + 1; k < j; k++)
			linkto[refs[k].idx] = ents[refs[i].idx].path;
		i = j;
	}

	for (size_t i = 0; i < nents; i++) {
		fputs(ents[i].path, stdout);
		fputs(ents[i].line, stdout);
		if (linkto[i]) {
			fputs(" links-to=", stdout);
			fputs(linkto[i], stdout);
		}
		putchar('\n');
	}
	if (fflush(stdout) || ferror(stdout)) {
		perror("stdout");
		return 2;
	}
	return errors ? 1 : 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: treeinfo [--as UID:GID] MODE...\n"
		"       treeinfo [-x RELPATH]... [-H RELPATH]... [-D] DIR\n"
		"       treeinfo --open PATH\n"
		"       treeinfo --pread PATH OFFSET LENGTH\n"
		"       treeinfo --hash PATH\n"
		"       treeinfo --mmap-hash PATH\n"
		"       treeinfo --stat DIR RELPATH...\n"
		"       treeinfo --ls DIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	buf = malloc(BUFSZ);
	if (!buf)
		return 2;

	if (argc >= 4 && !strcmp(argv[1], "--as")) {
		unsigned uid, gid;
		if (sscanf(argv[2], "%u:%u", &uid, &gid) != 2)
			usage();
		if (setgroups(0, NULL) || setresgid(gid, gid, gid) ||
		    setresuid(uid, uid, uid)) {
			perror("treeinfo: --as");
			return 2;
		}
		argv += 2;
		argc -= 2;
	}

	if (argc == 3 && !strcmp(argv[1], "--open")) {
		int fd = open(argv[2], O_RDONLY | O_NOCTTY | O_NONBLOCK);
		if (fd < 0) {
			puts(ename(errno));
		} else {
			puts("ok");
			close(fd);
		}
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--hash")) {
		uint64_t h;
		off_t tot;
		int fd = open(argv[2], O_RDONLY | O_NOCTTY);
		if (fd < 0) {
			printf("error=%s\n", ename(errno));
			return 1;
		}
		int r = hash_fd(fd, &h, &tot);
		if (r < 0) {
			printf("error=%s\n", ename(-r));
			return 1;
		}
		printf("%016" PRIx64 "\n", h);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--mmap-hash")) {
		struct stat st;
		int fd = open(argv[2], O_RDONLY | O_NOCTTY);
		if (fd < 0 || fstat(fd, &st) < 0) {
			printf("error=%s\n", ename(errno));
			return 1;
		}
		uint64_t h = FNV_OFF;
		if (st.st_size > 0) {
			void *m = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
			if (m == MAP_FAILED) {
				printf("error=%s\n", ename(errno));
				return 1;
			}
			h = fnv_words(h, m, st.st_size);
			munmap(m, st.st_size);
		}
		printf("%016" PRIx64 "\n", h);
		return 0;
	}
	if (argc >= 3 && !strcmp(argv[1], "--stat")) {
		int dfd = open(argv[2], O_RDONLY | O_DIRECTORY);
		if (dfd < 0) {
			printf("error=%s\n", ename(errno));
			return 1;
		}
		for (int k = 3; k < argc; k++) {
			excl = xrealloc(excl, (nexcl + 1) * sizeof(*excl));
			excl[nexcl++] = argv[k];
			visit(dfd, argv[k], argv[k]);
		}
		for (size_t k = 0; k < nents; k++)
			printf("%s%s\n", ents[k].path, ents[k].line);
		return errors ? 1 : 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--ls")) {
		DIR *d = opendir(argv[2]);
		struct dirent *de;
		if (!d) {
			printf("error=%s\n", ename(errno));
			return 1;
		}
		for (;;) {
			errno = 0;
			de = readdir(d);
			if (!de)
				break;
			char *e = escape(de->d_name, strlen(de->d_name));
			puts(e);
			free(e);
		}
		if (errno) {
			printf("error=%s\n", ename(errno));
			return 1;
		}
		closedir(d);
		return fflush(stdout) ? 2 : 0;
	}
	if (argc == 5 && !strcmp(argv[1], "--pread")) {
		off_t off = strtoll(argv[3], NULL, 0);
		size_t len = strtoull(argv[4], NULL, 0), got = 0;
		unsigned char *b = malloc(len ? len : 1);
		int fd = open(argv[2], O_RDONLY | O_NOCTTY);
		if (!b || fd < 0) {
			printf("error=%s\n", ename(errno));
			return 1;
		}
		while (got < len) {
			ssize_t r = pread(fd, b + got, len - got, off + got);
			if (r < 0) {
				if (errno == EINTR)
					continue;
				printf("error=%s\n", ename(errno));
				return 1;
			}
			if (r == 0)
				break;
			got += r;
		}
		printf("%zu %016" PRIx64 "\n", got, fnv_words(FNV_OFF, b, got));
		return 0;
	}

	int i = 1;
	for (; i < argc; i++) {
		if (!strcmp(argv[i], "-x") && i + 1 < argc) {
			excl = xrealloc(excl, (nexcl + 1) * sizeof(*excl));
			excl[nexcl++] = argv[++i];
		} else if (!strcmp(argv[i], "-H") && i + 1 < argc) {
			nohash = xrealloc(nohash, (nnohash + 1) * sizeof(*nohash));
			nohash[nnohash++] = argv[++i];
		} else if (!strcmp(argv[i], "-D")) {
			no_dir_size = 1;
		} else if (argv[i][0] == '-') {
			usage();
		} else {
			break;
		}
	}
	if (i != argc - 1)
		usage();
	return manifest(argv[i]);
}
