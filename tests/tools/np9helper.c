// SPDX-License-Identifier: GPL-2.0-only
/*
 * np9helper: small tools for tests/integration/transports.sh, built with
 * gcc -static so they run in the busybox test guest.
 *
 *   np9helper fdmount [--pipes] [--pidfile FILE] SERVER... -- MOUNT...
 *	Join a 9P server and mount(8) by a socketpair, or with --pipes by two
 *	pipes.  In every argument "{R}" and "{W}" become the descriptors that
 *	side reads and writes.  The server is forked (its pid written to FILE;
 *	stdin, stdout and stderr /dev/null), then this process execs MOUNT,
 *	which keeps its own ends.
 *
 *   np9helper fakesrv PORT MODE
 *	A one-connection 9P server on 127.0.0.1:PORT.  It prints "ready" once
 *	it listens, answers Tversion with 9P2000.L (unless MODE says
 *	otherwise) and then misbehaves on the next request as MODE says:
 *	  bigsize    reply size field far beyond any msize
 *	  smallsize  reply size field 3, below a header
 *	  badtag     a well-formed Rlerror with a tag no request has
 *	  oversize   a 64 KiB reply with the right tag (more than was asked)
 *	  close      close the connection instead of answering Tversion
 *	  silent     never answer anything
 *	  version-u  answer Tversion with 9P2000.u
 *	  full       never accept: the listen queue is filled, connects hang
 *	Then it reads until the client hangs up and prints "bye"; it gives
 *	up after 60 s.
 *
 *   np9helper minisrv tcp PORT | minisrv fds RFD WFD
 *	A read-only 9P2000.L server of one directory holding one file, "data"
 *	(MINISRV_SIZE bytes of the "pattern" below), taking any msize up to
 *	4 MiB.  It reads every request that is already in before it answers,
 *	then answers them newest first, so replies come back out of order.
 *	On tcp it prints "ready" once it listens and serves one connection.
 *	Each Tattach prints "attach uname=U aname=A n_uname=N".
 *
 *   np9helper pattern SIZE
 *	Write the first SIZE bytes of minisrv's "data" to stdout.
 *
 *   np9helper slowdir DIR SECS
 *	Read a small batch of DIR's entries, sleep SECS, read the rest.
 *	Prints the number of entries read, and the error if one ends it;
 *	exit status 0 only if the whole directory was read.
 *
 *   np9helper excl FILE
 *	open(FILE, O_CREAT | O_EXCL | O_WRONLY), nothing before it (a
 *	shell's noclobber stats the name first).  Prints "created" or the
 *	error; exit status 0 only if it created FILE.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>

static void die(const char *what)
{
	fprintf(stderr, "np9helper: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: np9helper fdmount [--pipes] [--pidfile F] SERVER... -- MOUNT...\n"
		"       np9helper fakesrv PORT MODE\n"
		"       np9helper minisrv tcp PORT | minisrv fds RFD WFD\n"
		"       np9helper pattern SIZE\n"
		"       np9helper slowdir DIR SECS\n"
		"       np9helper excl FILE\n");
	exit(2);
}

/* ---- fdmount ---- */

/* arg with every {R} and {W} replaced by rfd and wfd */
static char *subst(const char *arg, int rfd, int wfd)
{
	size_t cap = strlen(arg) * 4 + 32, n = 0;
	char *out = malloc(cap);
	const char *p;

	if (!out)
		die("malloc");
	for (p = arg; *p; p++) {
		if (p[0] == '{' && (p[1] == 'R' || p[1] == 'W') && p[2] == '}') {
			n += snprintf(out + n, cap - n, "%d",
				      p[1] == 'R' ? rfd : wfd);
			p += 2;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	return out;
}

static char **subst_argv(char **argv, int argc, int rfd, int wfd)
{
	char **v = calloc(argc + 1, sizeof(*v));
	int i;

	if (!v)
		die("calloc");
	for (i = 0; i < argc; i++)
		v[i] = subst(argv[i], rfd, wfd);
	return v;
}

static int cmd_fdmount(int argc, char **argv)
{
	const char *pidfile = NULL;
	int pipes = 0, i, sep = -1;
	int srv_r, srv_w, cli_r, cli_w;
	char **sargv, **margv;
	pid_t pid;

	while (argc > 0 && argv[0][0] == '-' && argv[0][1] == '-' && argv[0][2]) {
		if (!strcmp(argv[0], "--pipes")) {
			pipes = 1;
			argc--, argv++;
		} else if (!strcmp(argv[0], "--pidfile") && argc > 1) {
			pidfile = argv[1];
			argc -= 2, argv += 2;
		} else {
			usage();
		}
	}
	for (i = 0; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			sep = i;
			break;
		}
	if (sep < 1 || sep == argc - 1)
		usage();

	if (pipes) {
		int c2s[2], s2c[2];

		if (pipe(c2s) || pipe(s2c))
			die("pipe");
		srv_r = c2s[0];
		srv_w = s2c[1];
		cli_r = s2c[0];
		cli_w = c2s[1];
	} else {
		int sv[2];

		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
			die("socketpair");
		srv_r = srv_w = sv[1];
		cli_r = cli_w = sv[0];
	}
	sargv = subst_argv(argv, sep, srv_r, srv_w);
	margv = subst_argv(argv + sep + 1, argc - sep - 1, cli_r, cli_w);

	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		close(cli_r);
		if (cli_w != cli_r)
			close(cli_w);
		/* not the caller's stdio: a $(...) around us would never end */
		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 ||
		    dup2(null, 2) < 0)
			die("/dev/null");
		if (null > 2)
			close(null);
		execv(sargv[0], sargv);
		die(sargv[0]);
	}
	/* the server's ends must go, or its death would not reach the client */
	close(srv_r);
	if (srv_w != srv_r)
		close(srv_w);
	if (pidfile) {
		FILE *f = fopen(pidfile, "w");

		if (!f || fprintf(f, "%d\n", (int)pid) < 0 || fclose(f))
			die(pidfile);
	}
	execvp(margv[0], margv);
	die(margv[0]);
	return 2;
}

/* ---- fakesrv ---- */

static int read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += n;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
	size_t put = 0;

	while (put < len) {
		ssize_t n = write(fd, (const char *)buf + put, len - put);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		put += n;
	}
	return 0;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static uint32_t get32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* one T-message: type and tag, and for Tversion its msize; -1 at EOF */
static int read_msg(int fd, unsigned char *type, unsigned int *tag,
		    uint32_t *msize)
{
	static unsigned char body[1 << 20];
	unsigned char hdr[7];
	uint32_t size;

	if (read_full(fd, hdr, sizeof(hdr)))
		return -1;
	size = get32(hdr);
	if (size < 7 || size - 7 > sizeof(body))
		return -1;
	if (read_full(fd, body, size - 7))
		return -1;
	*type = hdr[4];
	*tag = hdr[5] | hdr[6] << 8;
	*msize = size >= 11 ? get32(body) : 0;
	return 0;
}

static void send_rversion(int fd, uint32_t msize, const char *version)
{
	unsigned char m[64];
	size_t vl = strlen(version), len = 7 + 4 + 2 + vl;

	put32(m, len);
	m[4] = 101;		/* Rversion */
	m[5] = m[6] = 0xff;	/* NOTAG */
	put32(m + 7, msize);
	m[11] = vl;
	m[12] = 0;
	memcpy(m + 13, version, vl);
	write_full(fd, m, len);
}

/* Rlerror of size bytes in all (the errno, then zero padding) */
static void send_rlerror(int fd, unsigned int tag, uint32_t size)
{
	unsigned char *m = calloc(1, size < 11 ? 11 : size);

	if (!m)
		die("calloc");
	put32(m, size);
	m[4] = 7;		/* Rlerror */
	m[5] = tag;
	m[6] = tag >> 8;
	put32(m + 7, EIO);
	write_full(fd, m, size < 11 ? 11 : size);
	free(m);
}

static int cmd_fakesrv(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	const char *mode;
	unsigned char type, junk[16];
	unsigned int tag;
	uint32_t msize;
	int lfd, fd, one = 1;

	if (argc != 2)
		usage();
	mode = argv[1];
	alarm(60);
	sin.sin_port = htons(atoi(argv[0]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)))
		die("bind");
	if (!strcmp(mode, "full")) {
		/* backlog 0 holds one connection: ours; later SYNs are dropped */
		int c;

		if (listen(lfd, 0))
			die("listen");
		c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&sin, sizeof(sin)))
			die("connect to self");
		printf("ready\n");
		fflush(stdout);
		pause();
		return 0;
	}
	if (listen(lfd, 4))
		die("listen");
	printf("ready\n");
	fflush(stdout);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept");
	close(lfd);

	if (read_msg(fd, &type, &tag, &msize) || type != 100) {
		fprintf(stderr, "np9helper: expected Tversion\n");
		return 1;
	}
	if (msize > (1 << 20))
		msize = 1 << 20;
	if (!strcmp(mode, "close")) {
		printf("bye\n");
		return 0;
	}
	if (!strcmp(mode, "version-u")) {
		send_rversion(fd, msize, "9P2000.u");
	} else if (strcmp(mode, "silent")) {
		send_rversion(fd, msize, "9P2000.L");
		if (read_msg(fd, &type, &tag, &msize))
			return 1;
	}

	if (!strcmp(mode, "bigsize")) {
		memset(junk, 0, sizeof(junk));
		put32(junk, 0x7ffffff0);
		junk[4] = 7;
		junk[5] = tag;
		junk[6] = tag >> 8;
		write_full(fd, junk, sizeof(junk));
	} else if (!strcmp(mode, "smallsize")) {
		memset(junk, 0, sizeof(junk));
		put32(junk, 3);
		write_full(fd, junk, sizeof(junk));
	} else if (!strcmp(mode, "badtag")) {
		send_rlerror(fd, tag ^ 0x5a5a, 11);
	} else if (!strcmp(mode, "oversize")) {
		send_rlerror(fd, tag, 64 * 1024);
	} else if (strcmp(mode, "silent") && strcmp(mode, "version-u")) {
		fprintf(stderr, "np9helper: unknown mode %s\n", mode);
		return 2;
	}
	/* wait for the client to hang up, answering nothing more */
	while (read(fd, junk, sizeof(junk)) > 0)
		;
	printf("bye\n");
	return 0;
}

/* ---- minisrv ---- */

#define MINISRV_SIZE	(12u << 20)
#define MINISRV_MAXMSG	(4u << 20)
#define MINISRV_BATCH	32
#define MINISRV_FIDS	4096

static unsigned char pattern_byte(uint64_t off)
{
	return (unsigned char)(off * 7 + (off >> 12) * 13 + (off >> 20));
}

static int cmd_pattern(int argc, char **argv)
{
	static unsigned char buf[65536];
	uint64_t size, off = 0;

	if (argc != 1)
		usage();
	size = strtoull(argv[0], NULL, 0);
	while (off < size) {
		size_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);
		size_t i;

		for (i = 0; i < n; i++)
			buf[i] = pattern_byte(off + i);
		if (write_full(1, buf, n))
			die("write");
		off += n;
	}
	return 0;
}

struct msg {
	unsigned char *buf;	/* whole T-message */
	uint32_t size;
};

struct wbuf {
	unsigned char *p;
	size_t len, cap;
};

static void w_bytes(struct wbuf *w, const void *src, size_t n)
{
	if (w->len + n > w->cap) {
		fprintf(stderr, "np9helper: reply overflow\n");
		exit(1);
	}
	memcpy(w->p + w->len, src, n);
	w->len += n;
}

static void w8(struct wbuf *w, uint8_t v)
{
	w_bytes(w, &v, 1);
}

static void w16(struct wbuf *w, uint16_t v)
{
	unsigned char b[2] = { v, v >> 8 };

	w_bytes(w, b, 2);
}

static void w32(struct wbuf *w, uint32_t v)
{
	unsigned char b[4];

	put32(b, v);
	w_bytes(w, b, 4);
}

static void w64(struct wbuf *w, uint64_t v)
{
	w32(w, (uint32_t)v);
	w32(w, (uint32_t)(v >> 32));
}

static void w_qid(struct wbuf *w, int node)
{
	w8(w, node ? 0x00 : 0x80);	/* QTFILE, QTDIR */
	w32(w, 1);			/* version */
	w64(w, node ? 2 : 1);		/* path */
}

static void w_str(struct wbuf *w, const char *s)
{
	w16(w, strlen(s));
	w_bytes(w, s, strlen(s));
}

static uint64_t get64(const unsigned char *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

/*
 * print a Tattach's strings and uid on stdout: "attach uname=U aname=A
 * n_uname=N"; -1 if they do not fit in the message
 */
static int minisrv_log_attach(const struct msg *m)
{
	const unsigned char *p = m->buf + 15, *end = m->buf + m->size;
	uint16_t ulen, alen;

	if (p + 2 > end)
		return -1;
	ulen = p[0] | p[1] << 8;
	if (p + 2 + ulen + 2 > end)
		return -1;
	alen = p[2 + ulen] | p[3 + ulen] << 8;
	if (p + 4 + ulen + alen + 4 > end)
		return -1;
	printf("attach uname=%.*s aname=%.*s n_uname=%u\n", ulen,
	       (const char *)p + 2, alen, (const char *)p + 4 + ulen,
	       get32(p + 4 + ulen + alen));
	fflush(stdout);
	return 0;
}

/* build the reply to m in w */
static void minisrv_answer(struct msg *m, struct wbuf *w, uint32_t *msize,
			  signed char *fids)
{
	unsigned char type = m->buf[4], *b = m->buf + 7;
	uint16_t tag = m->buf[5] | m->buf[6] << 8;
	uint32_t fid = m->size >= 11 ? get32(b) : 0, err = 0;
	int node = fid < MINISRV_FIDS ? fids[fid] : -1;

	w->len = 0;
	w32(w, 0);		/* size, filled in below */
	w8(w, type + 1);
	w16(w, tag);
	switch (type) {
	case 100:	/* Tversion */
		*msize = get32(b);
		if (*msize > MINISRV_MAXMSG)
			*msize = MINISRV_MAXMSG;
		w32(w, *msize);
		w_str(w, "9P2000.L");
		break;
	case 104:	/* Tattach fid afid uname aname n_uname */
		if (fid >= MINISRV_FIDS || minisrv_log_attach(m)) {
			err = EINVAL;
			break;
		}
		fids[fid] = 0;
		w_qid(w, 0);
		break;
	case 110: {	/* Twalk fid newfid nwname name... */
		uint32_t nfid = get32(b + 4);
		uint16_t nw = b[8] | b[9] << 8, len;

		if (node < 0 || nfid >= MINISRV_FIDS) {
			err = EBADF;
			break;
		}
		if (nw == 0) {
			fids[nfid] = node;
			w16(w, 0);
			break;
		}
		len = b[10] | b[11] << 8;
		if (nw != 1 || node != 0 || len != 4 || memcmp(b + 12, "data", 4)) {
			err = ENOENT;
			break;
		}
		fids[nfid] = 1;
		w16(w, 1);
		w_qid(w, 1);
		break;
	}
	case 24:	/* Tgetattr fid mask */
		if (node < 0) {
			err = EBADF;
			break;
		}
		w64(w, 0x7ff);			/* valid: basic */
		w_qid(w, node);
		w32(w, node ? 0100444 : 040555);
		w32(w, 0);
		w32(w, 0);
		w64(w, node ? 1 : 2);		/* nlink */
		w64(w, 0);			/* rdev */
		w64(w, node ? MINISRV_SIZE : 4096);
		w64(w, 4096);			/* blksize */
		w64(w, node ? MINISRV_SIZE / 512 : 8);
		for (int i = 0; i < 3; i++) {	/* atime mtime ctime */
			w64(w, 1700000000);
			w64(w, 0);
		}
		w64(w, 0);			/* btime */
		w64(w, 0);
		w64(w, 0);			/* gen */
		w64(w, 0);			/* data_version */
		break;
	case 12:	/* Tlopen fid flags */
		if (node < 0) {
			err = EBADF;
			break;
		}
		w_qid(w, node);
		w32(w, 0);
		break;
	case 116: {	/* Tread fid offset count */
		uint64_t off = get64(b + 4);
		uint32_t count = get32(b + 12), n = 0, i;

		if (node != 1) {
			err = node < 0 ? EBADF : EISDIR;
			break;
		}
		if (count > *msize - 11)
			count = *msize - 11;
		if (off < MINISRV_SIZE)
			n = MINISRV_SIZE - off < count ? MINISRV_SIZE - off : count;
		w32(w, n);
		for (i = 0; i < n; i++)
			w8(w, pattern_byte(off + i));
		break;
	}
	case 40: {	/* Treaddir fid offset count */
		uint64_t off = get64(b + 4);

		if (node != 0) {
			err = node < 0 ? EBADF : ENOTDIR;
			break;
		}
		if (off > 0) {
			w32(w, 0);
			break;
		}
		w32(w, 13 + 8 + 1 + 2 + 4);
		w_qid(w, 1);
		w64(w, 1);		/* offset of the next entry */
		w8(w, 8);		/* DT_REG */
		w_str(w, "data");
		break;
	}
	case 120:	/* Tclunk */
		if (node < 0) {
			err = EBADF;
			break;
		}
		fids[fid] = -1;
		break;
	case 8:		/* Tstatfs */
		w32(w, 0x01021997);
		w32(w, 4096);
		for (int i = 0; i < 6; i++)
			w64(w, i < 3 ? 4096 : 0);
		w32(w, 255);
		break;
	case 108:	/* Tflush: see minisrv_serve() */
		break;
	default:
		err = EOPNOTSUPP;
		break;
	}
	if (err) {
		w->len = 0;
		w32(w, 0);
		w8(w, 7);	/* Rlerror */
		w16(w, tag);
		w32(w, err);
	}
	put32(w->p, w->len);
}

static int minisrv_serve(int rfd, int wfd)
{
	static signed char fids[MINISRV_FIDS];
	struct msg batch[MINISRV_BATCH];
	struct wbuf w = { .cap = MINISRV_MAXMSG + 64 };
	uint32_t msize = 8192;
	int n, i;

	memset(fids, -1, sizeof(fids));
	w.p = malloc(w.cap);
	if (!w.p)
		die("malloc");
	for (;;) {
		/* one request, then every other one already in */
		for (n = 0; n < MINISRV_BATCH; n++) {
			struct pollfd pfd = { .fd = rfd, .events = POLLIN };
			unsigned char hdr[4];

			if (n && poll(&pfd, 1, 0) <= 0)
				break;
			if (read_full(rfd, hdr, 4))
				return 0;
			batch[n].size = get32(hdr);
			if (batch[n].size < 7 || batch[n].size > MINISRV_MAXMSG) {
				fprintf(stderr, "np9helper: bad T-message size\n");
				return 1;
			}
			batch[n].buf = malloc(batch[n].size);
			if (!batch[n].buf)
				die("malloc");
			memcpy(batch[n].buf, hdr, 4);
			if (read_full(rfd, batch[n].buf + 4, batch[n].size - 4))
				return 0;
		}
		/* a request flushed in the same batch is never answered */
		for (i = 0; i < n; i++) {
			uint16_t old;
			int j;

			if (batch[i].buf[4] != 108 || batch[i].size < 9)
				continue;
			old = batch[i].buf[7] | batch[i].buf[8] << 8;
			for (j = 0; j < i; j++)
				if ((batch[j].buf[5] | batch[j].buf[6] << 8) == old)
					batch[j].buf[4] = 0;	/* silent */
		}
		for (i = n - 1; i >= 0; i--) {
			if (batch[i].buf[4]) {
				minisrv_answer(&batch[i], &w, &msize, fids);
				if (write_full(wfd, w.p, w.len))
					return 0;
			}
			free(batch[i].buf);
		}
	}
}

static int cmd_minisrv(int argc, char **argv)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	int lfd, fd, one = 1;

	if (argc == 3 && !strcmp(argv[0], "fds"))
		return minisrv_serve(atoi(argv[1]), atoi(argv[2]));
	if (argc != 2 || strcmp(argv[0], "tcp"))
		usage();
	sin.sin_port = htons(atoi(argv[1]));
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sin, sizeof(sin)) || listen(lfd, 4))
		die("bind/listen");
	printf("ready\n");
	fflush(stdout);
	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		die("accept");
	close(lfd);
	return minisrv_serve(fd, fd);
}

/* ---- slowdir ---- */

static int cmd_slowdir(int argc, char **argv)
{
	char buf[512];
	long n, total = 0;
	int fd, first = 1;

	if (argc != 2)
		usage();
	fd = open(argv[0], O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		die(argv[0]);
	for (;;) {
		char *p;

		n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
		if (n < 0) {
			printf("%ld entries, then error: %s\n", total,
			       strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		for (p = buf; p < buf + n;) {
			unsigned short reclen;

			memcpy(&reclen, p + 16, sizeof(reclen));
			p += reclen;
			total++;
		}
		if (first) {
			first = 0;
			printf("first batch read\n");
			fflush(stdout);
			sleep(atoi(argv[1]));
		}
	}
	printf("%ld entries\n", total);
	return 0;
}

/* ---- excl ---- */

static int cmd_excl(int argc, char **argv)
{
	int fd;

	if (argc != 1)
		usage();
	fd = open(argv[0], O_CREAT | O_EXCL | O_WRONLY, 0644);
	if (fd < 0) {
		printf("%s\n", strerror(errno));
		return 1;
	}
	printf("created\n");
	return close(fd) ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		usage();
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(argv[1], "fdmount"))
		return cmd_fdmount(argc - 2, argv + 2);
	if (!strcmp(argv[1], "fakesrv"))
		return cmd_fakesrv(argc - 2, argv + 2);
	if (!strcmp(argv[1], "minisrv"))
		return cmd_minisrv(argc - 2, argv + 2);
	if (!strcmp(argv[1], "pattern"))
		return cmd_pattern(argc - 2, argv + 2);
	if (!strcmp(argv[1], "slowdir"))
		return cmd_slowdir(argc - 2, argv + 2);
	if (!strcmp(argv[1], "excl"))
		return cmd_excl(argc - 2, argv + 2);
	usage();
	return 2;
}
