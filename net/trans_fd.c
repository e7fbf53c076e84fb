// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep stream transports: TCP, unix sockets and file descriptors.
 *
 * The three carry 9P over a byte stream, so they share one channel and
 * differ only in how the stream is opened:
 *
 *   tcp   mount source: an IPv4 or IPv6 address literal; port= (564)
 *   unix  mount source: the path of a listening unix stream socket
 *   fd    rfdno=, wfdno=: descriptors of the mounting process, either one
 *         stream socket (both the same) or the ends of two pipes
 *
 * Each channel has one kernel thread that does all of its I/O and never
 * blocks in it: every read and write is non-blocking, and entries we hook
 * onto the stream's poll wait queues wake the thread when it may get
 * further.  request() only queues; the thread writes the queue in order and
 * cuts the incoming bytes into replies, reading each reply body straight
 * into the buffer of the request named by its tag.
 *
 * Requests on the send queue, and the ones being written or read, carry an
 * extra reference of ours, since the core may fail (and its issuer free) a
 * request at any time.  When the core declares the client dead the thread
 * is kicked and drops them all: unmount waits for that.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/poll.h>
#include <linux/kthread.h>
#include <linux/sched/mm.h>
#include <linux/net.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/inet.h>
#include <linux/un.h>
#include <linux/tcp.h>
#include <linux/uio.h>
#include <linux/unaligned.h>
#include <net/sock.h>
#include <ninep/transport.h>

#define NP_FD_CONNECT_TIMEOUT	30	/* seconds, when timeout= is not set */
#define NP_FD_BATCH		16	/* messages each way per pass */
#define NP_FD_MAXWAIT		4	/* a pipe has two wait queues */
#define NP_FD_PRIVPORT_HI	1023
#define NP_FD_PRIVPORT_LO	512

#define NP_FD_RX_EVENTS	(EPOLLIN | EPOLLRDNORM | EPOLLRDHUP | EPOLLHUP | EPOLLERR)
#define NP_FD_TX_EVENTS	(EPOLLOUT | EPOLLWRNORM | EPOLLHUP | EPOLLERR)

/* bits in np_fd_chan.flags */
#define NP_FD_KICK	0	/* the thread has something to look at */

struct np_fd_chan;

/* one of our entries on a wait queue of the stream */
struct np_fd_waiter {
	struct np_fd_chan *ch;
	wait_queue_head_t *head;
	wait_queue_entry_t entry;
	__poll_t events;	/* the direction(s) it watches */
};

struct np_fd_chan {
	struct np_client *clnt;
	const char *name;		/* the transport's, for messages */
	struct file *rd, *wr;		/* one file for a socket */
	struct task_struct *task;
	unsigned long flags;
	bool tx_want;			/* bytes wait to be written */

	spinlock_t lock;		/* txq, dead, err */
	struct list_head txq;		/* requests to write, referenced */
	bool dead;			/* the thread gave up on the stream */
	int err;

	/* the thread's own state */
	struct np_req *tx_req;		/* being written, referenced */
	u32 tx_off;
	struct np_req *rx_req;		/* being read, referenced */
	u32 rx_off;			/* bytes of this reply read so far */
	u32 rx_size;
	u8 rx_hdr[NP_HDRSZ];

	poll_table pt;			/* for hooking onto the wait queues */
	__poll_t pt_events;
	int nwait;
	bool wait_overflow;
	struct np_fd_waiter wait[NP_FD_MAXWAIT];
};

static void np_fd_kick(struct np_fd_chan *ch)
{
	set_bit(NP_FD_KICK, &ch->flags);
	wake_up_process(ch->task);
}

static int np_fd_wake(wait_queue_entry_t *entry, unsigned int mode, int sync,
		      void *key)
{
	struct np_fd_waiter *w = container_of(entry, struct np_fd_waiter,
					      entry);
	__poll_t want = w->events;

	/* room to write only matters while something waits to be written */
	if (!READ_ONCE(w->ch->tx_want))
		want &= ~(EPOLLOUT | EPOLLWRNORM);
	if (key && !(key_to_poll(key) & want))
		return 0;
	np_fd_kick(w->ch);
	return 0;
}

static void np_fd_queue_proc(struct file *file, wait_queue_head_t *head,
			     poll_table *pt)
{
	struct np_fd_chan *ch = container_of(pt, struct np_fd_chan, pt);
	struct np_fd_waiter *w;

	if (ch->nwait == NP_FD_MAXWAIT) {
		ch->wait_overflow = true;
		return;
	}
	w = &ch->wait[ch->nwait++];
	w->ch = ch;
	w->head = head;
	w->events = ch->pt_events;
	init_waitqueue_func_entry(&w->entry, np_fd_wake);
	add_wait_queue(head, &w->entry);
}

static void np_fd_unhook(struct np_fd_chan *ch)
{
	int i;

	for (i = 0; i < ch->nwait; i++)
		remove_wait_queue(ch->wait[i].head, &ch->wait[i].entry);
	ch->nwait = 0;
}

/*
 * One non-blocking transfer between the stream and iter: the bytes moved,
 * 0 at the end of the stream, -EAGAIN if it would block, or an errno.
 */
static int np_fd_xfer(struct file *file, struct iov_iter *iter)
{
	struct socket *sock = sock_from_file(file);
	bool out = iov_iter_rw(iter) == WRITE;
	struct kiocb kiocb;

	if (sock) {
		struct msghdr msg = {
			.msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL,
			.msg_iter = *iter,
		};

		if (out)
			return sock_sendmsg(sock, &msg);
		return sock_recvmsg(sock, &msg, MSG_DONTWAIT);
	}
	/* a pipe: IOCB_NOWAIT leaves the file's own O_NONBLOCK alone */
	init_sync_kiocb(&kiocb, file);
	kiocb.ki_flags |= IOCB_NOWAIT;
	if (out)
		return vfs_iocb_iter_write(file, &kiocb, iter);
	return vfs_iocb_iter_read(file, &kiocb, iter);
}

/* write queued requests: 1 if any bytes went out, 0 if none could, -errno */
static int np_fd_send(struct np_fd_chan *ch)
{
	int moved = 0, done = 0;

	while (done < NP_FD_BATCH) {
		struct np_req *req = ch->tx_req;
		struct iov_iter iter;
		struct kvec kv;
		int n;

		if (!req) {
			spin_lock(&ch->lock);
			req = list_first_entry_or_null(&ch->txq, struct np_req,
						       trans_link);
			if (req)
				list_del_init(&req->trans_link);
			else
				WRITE_ONCE(ch->tx_want, false);
			spin_unlock(&ch->lock);
			if (!req)
				break;
			ch->tx_req = req;
			ch->tx_off = 0;
		}
		kv.iov_base = req->tc.data + ch->tx_off;
		kv.iov_len = req->tc.pos - ch->tx_off;
		iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, kv.iov_len);
		n = np_fd_xfer(ch->wr, &iter);
		if (n == -EAGAIN)
			break;
		if (n <= 0)
			return n ? n : -EPIPE;
		moved = 1;
		ch->tx_off += n;
		if (ch->tx_off < req->tc.pos)
			continue;
		ch->tx_req = NULL;
		np_req_put(req);
		done++;
	}
	return moved;
}

/* a reply header is in: find its request; -EPROTO if the stream is bad */
static int np_fd_reply_begin(struct np_fd_chan *ch)
{
	struct np_client *clnt = ch->clnt;
	u32 msize = READ_ONCE(clnt->msize);
	u32 size = get_unaligned_le32(ch->rx_hdr);
	u16 tag = get_unaligned_le16(ch->rx_hdr + 5);
	struct np_req *req;

	if (size < NP_HDRSZ || size > msize) {
		pr_warn_ratelimited("ninep: %s: reply of %u bytes with msize %u: closing the channel\n",
				    ch->name, size, msize);
		return -EPROTO;
	}
	req = np_tag_lookup(clnt, tag);
	if (!req) {
		pr_warn_ratelimited("ninep: %s: reply with tag %u, which no request has: closing the channel\n",
				    ch->name, tag);
		return -EPROTO;
	}
	ch->rx_req = req;
	ch->rx_size = size;
	/* a reply too big for its buffer is read and dropped; the core fails it */
	if (size <= req->rc_cap)
		memcpy(req->rc.data, ch->rx_hdr, NP_HDRSZ);
	return 0;
}

/* read replies: 1 if any bytes came in, 0 if none could, -errno */
static int np_fd_recv(struct np_fd_chan *ch)
{
	int moved = 0, done = 0;

	while (done < NP_FD_BATCH) {
		struct np_req *req = ch->rx_req;
		struct iov_iter iter;
		struct kvec kv;
		int n;

		if (req && ch->rx_off == ch->rx_size) {
			ch->rx_req = NULL;
			ch->rx_off = 0;
			np_req_complete(req, ch->rx_size, 0);
			np_req_put(req);
			done++;
			continue;
		}
		if (!req) {
			kv.iov_base = ch->rx_hdr + ch->rx_off;
			kv.iov_len = NP_HDRSZ - ch->rx_off;
			iov_iter_kvec(&iter, ITER_DEST, &kv, 1, kv.iov_len);
		} else if (ch->rx_size > req->rc_cap) {
			iov_iter_discard(&iter, ITER_DEST,
					 ch->rx_size - ch->rx_off);
		} else {
			kv.iov_base = req->rc.data + ch->rx_off;
			kv.iov_len = ch->rx_size - ch->rx_off;
			iov_iter_kvec(&iter, ITER_DEST, &kv, 1, kv.iov_len);
		}
		n = np_fd_xfer(ch->rd, &iter);
		if (n == -EAGAIN)
			break;
		if (n <= 0)
			return n ? n : -ECONNRESET;
		moved = 1;
		ch->rx_off += n;
		if (!req && ch->rx_off == NP_HDRSZ) {
			n = np_fd_reply_begin(ch);
			if (n)
				return n;
		}
	}
	return moved;
}

/* drop every request the channel still holds, failing it with err */
static void np_fd_drop_reqs(struct np_fd_chan *ch, int err)
{
	struct np_req *req;

	/* one at a time under the lock: cancel() may be looking at the queue */
	for (;;) {
		spin_lock(&ch->lock);
		req = list_first_entry_or_null(&ch->txq, struct np_req,
					       trans_link);
		if (req)
			list_del_init(&req->trans_link);
		spin_unlock(&ch->lock);
		if (!req)
			break;
		np_req_complete(req, 0, err);
		np_req_put(req);
	}
	if (ch->tx_req) {
		np_req_put(ch->tx_req);
		ch->tx_req = NULL;
	}
	if (ch->rx_req) {
		np_req_complete(ch->rx_req, 0, err);
		np_req_put(ch->rx_req);
		ch->rx_req = NULL;
	}
	ch->rx_off = 0;
}

/* the stream is unusable: fail everything now and later with err */
static void np_fd_fail(struct np_fd_chan *ch, int err)
{
	spin_lock(&ch->lock);
	ch->dead = true;
	ch->err = err;
	spin_unlock(&ch->lock);
	np_client_disconnect(ch->clnt, err);
	np_fd_drop_reqs(ch, err);
}

static void np_fd_broken(struct np_fd_chan *ch, int err)
{
	if (err == -EPROTO) {
		/* reported already; the server speaks nonsense */
		np_fd_fail(ch, -EIO);
		return;
	}
	if (err == -ECONNRESET)
		pr_warn("ninep: %s: the server closed the connection\n",
			ch->name);
	else
		pr_warn("ninep: %s: connection lost: %pe\n", ch->name,
			ERR_PTR(err));
	np_fd_fail(ch, -ECONNRESET);
}

static int np_fd_thread(void *data)
{
	struct np_fd_chan *ch = data;
	unsigned int nofs;
	bool up = true;

	/* no fs reclaim from here: it could wait for our own replies */
	nofs = memalloc_nofs_save();
	while (!kthread_should_stop()) {
		int tx = 0, rx = 0;

		/*
		 * A wakeup after the look at the stream below sets the kick
		 * again, so the sleep further down cannot miss it.
		 */
		clear_bit(NP_FD_KICK, &ch->flags);
		/* the clear before the look; pairs with the waker's set_bit */
		smp_mb__after_atomic();
		if (up && READ_ONCE(ch->clnt->dead)) {
			/* umount -f or a timeout: stop talking to the server */
			np_fd_fail(ch, -EIO);
			up = false;
		}
		if (up) {
			tx = np_fd_send(ch);
			if (tx >= 0)
				rx = np_fd_recv(ch);
			if (tx < 0 || rx < 0) {
				np_fd_broken(ch, tx < 0 ? tx : rx);
				up = false;
			} else if (tx || rx) {
				cond_resched();
				continue;
			}
		}
		set_current_state(TASK_IDLE);
		if (!test_bit(NP_FD_KICK, &ch->flags) && !kthread_should_stop())
			schedule();
		__set_current_state(TASK_RUNNING);
	}
	memalloc_nofs_restore(nofs);
	return 0;
}

static void np_fd_put_files(struct file *rd, struct file *wr)
{
	if (wr && wr != rd)
		fput(wr);
	if (rd)
		fput(rd);
}

/* start a channel on rd and wr (one reference each, or one if the same) */
static int np_fd_start(struct np_client *clnt, const char *name,
		       struct file *rd, struct file *wr)
{
	struct np_fd_chan *ch;
	int err;

	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch) {
		err = -ENOMEM;
		goto put;
	}
	ch->clnt = clnt;
	ch->name = name;
	ch->rd = rd;
	ch->wr = wr;
	spin_lock_init(&ch->lock);
	INIT_LIST_HEAD(&ch->txq);
	ch->task = kthread_create(np_fd_thread, ch, "ninep-%s", name);
	if (IS_ERR(ch->task)) {
		err = PTR_ERR(ch->task);
		goto free;
	}

	init_poll_funcptr(&ch->pt, np_fd_queue_proc);
	ch->pt._key = NP_FD_RX_EVENTS | NP_FD_TX_EVENTS;
	ch->pt_events = NP_FD_RX_EVENTS;
	if (wr == rd)
		ch->pt_events |= NP_FD_TX_EVENTS;
	vfs_poll(rd, &ch->pt);
	if (wr != rd) {
		ch->pt_events = NP_FD_TX_EVENTS;
		vfs_poll(wr, &ch->pt);
	}
	if (ch->wait_overflow || !ch->nwait) {
		pr_err("ninep: %s: cannot wait on this kind of file\n", name);
		err = -EINVAL;
		np_fd_unhook(ch);
		kthread_stop(ch->task);
		goto free;
	}
	clnt->trans_priv = ch;
	np_fd_kick(ch);
	return 0;

free:
	kfree(ch);
put:
	np_fd_put_files(rd, wr);
	return err;
}

static void np_fd_close(struct np_client *clnt)
{
	struct np_fd_chan *ch = clnt->trans_priv;

	if (!ch)
		return;
	/* no wakeups from the stream once unhooked; then the thread ends */
	np_fd_unhook(ch);
	kthread_stop(ch->task);
	np_fd_drop_reqs(ch, -EIO);
	np_fd_put_files(ch->rd, ch->wr);
	clnt->trans_priv = NULL;
	kfree(ch);
}

static int np_fd_request(struct np_client *clnt, struct np_req *req)
{
	struct np_fd_chan *ch = clnt->trans_priv;
	int err;

	spin_lock(&ch->lock);
	err = ch->dead ? ch->err : 0;
	if (!err) {
		refcount_inc(&req->ref);
		list_add_tail(&req->trans_link, &ch->txq);
		WRITE_ONCE(ch->tx_want, true);
	}
	spin_unlock(&ch->lock);
	if (err) {
		/*
		 * Complete it rather than return err: the disconnect that
		 * came with the failure may have completed it already, and
		 * np_req_complete() knows to do it only once.
		 */
		np_req_complete(req, 0, err);
		return 0;
	}
	np_fd_kick(ch);
	return 0;
}

/* the core gave up on the client: the thread lets go of its requests */
static void np_fd_disconnect(struct np_client *clnt)
{
	struct np_fd_chan *ch = READ_ONCE(clnt->trans_priv);

	if (ch)
		np_fd_kick(ch);
}

static bool np_fd_cancel(struct np_client *clnt, struct np_req *req)
{
	struct np_fd_chan *ch = clnt->trans_priv;
	bool queued;

	/* the request being written has left the queue: too late for it */
	spin_lock(&ch->lock);
	queued = !list_empty(&req->trans_link);
	if (queued)
		list_del_init(&req->trans_link);
	spin_unlock(&ch->lock);
	if (!queued)
		return false;
	np_req_complete(req, 0, -EINTR);
	np_req_put(req);
	return true;
}

/* ---- sockets we open: tcp and unix ---- */

static int np_sock_connect(struct socket *sock, struct sockaddr *addr,
			   int len, const struct np_client_opts *opts)
{
	int err;

	/* a blocking connect waits at most the send timeout */
	sock_set_sndtimeo(sock->sk, opts->timeout ?: NP_FD_CONNECT_TIMEOUT);
	err = kernel_connect(sock, addr, len, 0);
	if (err == -EINPROGRESS || err == -EAGAIN)
		err = -ETIMEDOUT;
	sock_set_sndtimeo(sock->sk, 0);
	return err;
}

static int np_sock_start(struct np_client *clnt, const char *name,
			 struct socket *sock)
{
	struct file *file;

	file = sock_alloc_file(sock, 0, NULL);	/* releases sock on error */
	if (IS_ERR(file))
		return PTR_ERR(file);
	return np_fd_start(clnt, name, file, file);
}

/* parse an address literal, [v6] allowed: the address length or -EINVAL */
static int np_tcp_addr(const char *src, u16 port, struct sockaddr_storage *ss)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	size_t len = strlen(src);
	const char *end;

	memset(ss, 0, sizeof(*ss));
	if (in4_pton(src, len, (u8 *)&sin->sin_addr, '\0', &end) &&
	    end == src + len) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		return sizeof(*sin);
	}
	if (len > 2 && src[0] == '[' && src[len - 1] == ']') {
		src++;
		len -= 2;
	}
	if (in6_pton(src, len, (u8 *)&sin6->sin6_addr, -1, &end) &&
	    end == src + len) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		return sizeof(*sin6);
	}
	return -EINVAL;
}

/* privport: bind to a free local port below 1024 */
static int np_tcp_bind_priv(struct socket *sock,
			    const struct sockaddr_storage *dst, int len)
{
	struct sockaddr_storage src;
	int port, err = -EADDRINUSE;

	memset(&src, 0, sizeof(src));
	src.ss_family = dst->ss_family;
	for (port = NP_FD_PRIVPORT_HI; port >= NP_FD_PRIVPORT_LO; port--) {
		if (src.ss_family == AF_INET)
			((struct sockaddr_in *)&src)->sin_port = htons(port);
		else
			((struct sockaddr_in6 *)&src)->sin6_port = htons(port);
		err = kernel_bind(sock, (struct sockaddr *)&src, len);
		if (err != -EADDRINUSE)
			break;
	}
	return err;
}

static int np_tcp_create(struct np_client *clnt, const char *devname,
			 const struct np_client_opts *opts)
{
	struct sockaddr_storage ss;
	struct socket *sock;
	int len, err;

	len = np_tcp_addr(devname, opts->port, &ss);
	if (len < 0) {
		pr_err("ninep: tcp: \"%s\" is not an IPv4 or IPv6 address\n",
		       devname);
		return len;
	}
	err = sock_create(ss.ss_family, SOCK_STREAM, IPPROTO_TCP, &sock);
	if (err) {
		pr_err("ninep: tcp: cannot create a socket: %pe\n",
		       ERR_PTR(err));
		return err;
	}
	if (opts->privport) {
		err = np_tcp_bind_priv(sock, &ss, len);
		if (err) {
			pr_err("ninep: tcp: no privileged local port: %pe\n",
			       ERR_PTR(err));
			goto release;
		}
	}
	err = np_sock_connect(sock, (struct sockaddr *)&ss, len, opts);
	if (err) {
		pr_err("ninep: tcp: cannot connect to %pISpc: %pe\n", &ss,
		       ERR_PTR(err));
		goto release;
	}
	/* requests are small and each waits for its reply: no Nagle */
	tcp_sock_set_nodelay(sock->sk);
	return np_sock_start(clnt, "tcp", sock);

release:
	sock_release(sock);
	return err;
}

static int np_unix_create(struct np_client *clnt, const char *devname,
			  const struct np_client_opts *opts)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = strlen(devname);
	struct socket *sock;
	int err;

	if (!len || len >= sizeof(sun.sun_path)) {
		pr_err("ninep: unix: socket path \"%s\" is empty or too long\n",
		       devname);
		return -EINVAL;
	}
	memcpy(sun.sun_path, devname, len);
	err = sock_create(AF_UNIX, SOCK_STREAM, 0, &sock);
	if (err) {
		pr_err("ninep: unix: cannot create a socket: %pe\n",
		       ERR_PTR(err));
		return err;
	}
	err = np_sock_connect(sock, (struct sockaddr *)&sun,
			      offsetof(struct sockaddr_un, sun_path) + len + 1,
			      opts);
	if (err) {
		pr_err("ninep: unix: cannot connect to %s: %pe\n", devname,
		       ERR_PTR(err));
		sock_release(sock);
		return err;
	}
	return np_sock_start(clnt, "unix", sock);
}

/* ---- descriptors of the mounting process ---- */

/* a stream socket or a pipe: something with a byte stream and a poll queue */
static bool np_fd_usable(struct file *file)
{
	struct socket *sock = sock_from_file(file);

	if (sock)
		return sock->type == SOCK_STREAM;
	return S_ISFIFO(file_inode(file)->i_mode);
}

static int np_fdno_create(struct np_client *clnt, const char *devname,
			  const struct np_client_opts *opts)
{
	struct file *rd = NULL, *wr = NULL;
	int err;

	if (opts->rfd < 0 || opts->wfd < 0) {
		pr_err("ninep: fd: rfdno= and wfdno= are both needed\n");
		return -EINVAL;
	}
	rd = fget(opts->rfd);
	wr = fget(opts->wfd);
	err = -EBADF;
	if (!rd || !wr) {
		pr_err("ninep: fd: rfdno=%d or wfdno=%d is not an open file\n",
		       opts->rfd, opts->wfd);
		goto put;
	}
	if (!(rd->f_mode & FMODE_READ) || !(wr->f_mode & FMODE_WRITE)) {
		pr_err("ninep: fd: rfdno=%d must be readable, wfdno=%d writable\n",
		       opts->rfd, opts->wfd);
		goto put;
	}
	err = -EINVAL;
	if (!np_fd_usable(rd) || !np_fd_usable(wr)) {
		pr_err("ninep: fd: rfdno= and wfdno= must be stream sockets or pipes\n");
		goto put;
	}
	if (rd == wr) {
		fput(wr);
		wr = rd;
	}
	return np_fd_start(clnt, "fd", rd, wr);

put:
	if (wr)
		fput(wr);
	if (rd)
		fput(rd);
	return err;
}

static struct np_trans_ops np_tcp_ops = {
	.name = "tcp",
	.owner = THIS_MODULE,
	.maxsize = NP_MAX_MSIZE,
	.create = np_tcp_create,
	.close = np_fd_close,
	.request = np_fd_request,
	.cancel = np_fd_cancel,
	.disconnect = np_fd_disconnect,
};

static struct np_trans_ops np_unix_ops = {
	.name = "unix",
	.owner = THIS_MODULE,
	.maxsize = NP_MAX_MSIZE,
	.create = np_unix_create,
	.close = np_fd_close,
	.request = np_fd_request,
	.cancel = np_fd_cancel,
	.disconnect = np_fd_disconnect,
};

static struct np_trans_ops np_fdno_ops = {
	.name = "fd",
	.owner = THIS_MODULE,
	.maxsize = NP_MAX_MSIZE,
	.create = np_fdno_create,
	.close = np_fd_close,
	.request = np_fd_request,
	.cancel = np_fd_cancel,
	.disconnect = np_fd_disconnect,
};

int np_trans_fd_init(void)
{
	np_register_trans(&np_tcp_ops);
	np_register_trans(&np_unix_ops);
	np_register_trans(&np_fdno_ops);
	return 0;
}

void np_trans_fd_exit(void)
{
	np_unregister_trans(&np_fdno_ops);
	np_unregister_trans(&np_unix_ops);
	np_unregister_trans(&np_tcp_ops);
}
