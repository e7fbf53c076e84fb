/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ninep client core API: one np_client per 9P session (one channel to one
 * server), fids, and request helpers for every 9P2000.L operation.
 *
 * fs/ talks to the protocol only through this header.
 */
#ifndef _NINEP_CLIENT_H
#define _NINEP_CLIENT_H

#include <linux/types.h>
#include <linux/refcount.h>
#include <linux/idr.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/uidgid.h>
#include <linux/atomic.h>
#include <linux/uio.h>
#include <ninep/proto.h>

struct np_trans_ops;
struct seq_file;

#define NP_DEFAULT_MSIZE	(512 * 1024)
#define NP_MAX_MSIZE		(4 * 1024 * 1024)

/* how long a request waits for a server before the channel is declared dead */
#define NP_DEFAULT_TIMEOUT	0	/* seconds, 0 = wait as long as it takes */

enum np_req_status {
	NP_REQ_NEW,
	NP_REQ_SENT,		/* handed to the transport */
	NP_REQ_DONE,		/* reply received in rc */
	NP_REQ_ERROR,		/* transport failure, see err */
};

struct np_req;
typedef void (*np_req_cb)(struct np_req *req);

struct np_req {
	struct np_client *clnt;
	refcount_t ref;
	u16 tag;
	u8 type;			/* T-message type */
	enum np_req_status status;
	int err;			/* transport error when status ERROR */
	struct np_buf tc;		/* message to send: data, size = length */
	struct np_buf rc;		/* reply: data, size = capacity, then length */
	u32 rc_cap;
	u64 seq;			/* the client's send counter when sent */
	wait_queue_head_t wq;
	bool trans_held;		/* the transport's reference is held */
	bool nointr;			/* the transport may not give up waiting */
	bool held;			/* announce it with the next one or a push */
	np_req_cb done;			/* optional, called on completion (atomic) */
	void *priv;			/* for the done callback */
	struct list_head trans_link;	/* owned by the transport while SENT */
	/* a small message and its reply: tc.data and rc.data point here */
	u8 inline_buf[] __aligned(8);
};

struct np_client_opts {
	const char *trans;		/* "virtio", "tcp", "unix", "fd" */
	u32 msize;
	unsigned int timeout;		/* seconds, 0 for none */
	u16 port;
	bool privport;
	int rfd, wfd;
};

/* small requests a client keeps for reuse when they are done */
#define NP_REQ_CACHE	64

struct np_client {
	spinlock_t lock;		/* req and fid tables, status, cache */
	wait_queue_head_t drain_wq;	/* woken when the last request goes */
	struct idr reqs;		/* tag -> np_req */
	struct idr fids;		/* fid number -> np_fid */
	u32 msize;
	bool dead;			/* channel failed: everything fails fast */
	int dead_err;
	unsigned int timeout;
	const struct np_trans_ops *trans;
	void *trans_priv;
	struct np_qid root_qid;
	/*
	 * The server answered Tunlinkat or Trenameat with EOPNOTSUPP (diod
	 * does): Twalk + Tremove or Trename do the job from then on.
	 */
	bool no_unlinkat;
	bool no_renameat;
	/* T-messages sent, by type; flushes; replies that failed to parse */
	atomic64_t nsent[256];
	atomic64_t nbad;
	atomic64_t seq;			/* requests sent so far */
	/* done requests whose buffers are inline, ready for the next ones */
	struct np_req *req_cache[NP_REQ_CACHE];
	unsigned int nreq_cache;
};

struct np_fid {
	struct np_client *clnt;
	u32 fid;
	refcount_t ref;
	int mode;			/* -1 when not opened, else open flags */
	struct np_qid qid;
	u32 iounit;
	kuid_t uid;
	bool locked;			/* sent Tlock: clunk synchronously */
	struct hlist_node dlink;	/* for the fs: fids of one dentry */
};

/* session */
struct np_client *np_client_create(const char *devname,
				   const struct np_client_opts *opts);
void np_client_destroy(struct np_client *clnt);
/* mark the channel dead and fail every outstanding request with err */
void np_client_disconnect(struct np_client *clnt, int err);

/* the channel failed: nothing cached may stand in for the server's word */
static inline bool np_client_dead(struct np_client *clnt)
{
	return READ_ONCE(clnt->dead);
}

/*
 * Requests sent so far.  A reply to a request whose seq is above a value
 * read here was asked for after that moment: the server had by then done
 * everything answered before it.
 */
static inline u64 np_client_seq(struct np_client *clnt)
{
	return atomic64_read(&clnt->seq);
}

/*
 * Tell the server about requests sent held (np_getattr_send_held), if the
 * transport still holds any.  A wait for any request does this first.
 */
void np_client_push(struct np_client *clnt);

void np_client_show_stats(struct np_client *clnt, struct seq_file *m);
/* largest payload of one Tread/Twrite on this fid */
u32 np_fid_iosize(const struct np_fid *fid);

/* requests: for transports and the operation helpers */
struct np_req *np_req_alloc(struct np_client *clnt, u8 type, u32 tcsize,
			    u32 rcsize);
void np_req_put(struct np_req *req);
int np_req_send(struct np_req *req);

/* req's reply (or its failure) is in: waiting for it would not block */
static inline bool np_req_finished(struct np_req *req)
{
	/* pairs with the release that publishes the reply and status */
	return smp_load_acquire(&req->status) >= NP_REQ_DONE;
}

/* wait for the reply (sends Tflush if interrupted) and check its type */
int np_req_wait(struct np_req *req);
/*
 * Transport side: the transport gives req back, with a reply of len bytes
 * in req->rc, or failed with err.  Only the first completion counts; every
 * call releases the transport's reference if it is still held.
 */
void np_req_complete(struct np_req *req, u32 len, int err);
/* transport side, stream transports: the request with this tag, or NULL */
struct np_req *np_tag_lookup(struct np_client *clnt, u16 tag);

/* fids */
struct np_fid *np_fid_get(struct np_fid *fid);
/* the last reference sends Tclunk; only a fid that took locks waits */
void np_fid_put(struct np_fid *fid);

/* operations: 0 or a negative errno */
struct np_fid *np_attach(struct np_client *clnt, const char *uname,
			 kuid_t n_uname, const char *aname);
struct np_fid *np_walk(struct np_fid *fid, u16 nwname,
		       const char *const *wnames, struct np_qid *qid);
int np_getattr(struct np_fid *fid, u64 mask, struct np_attr *attr);
/*
 * Tgetattr without waiting, to keep several in flight; the fid must stay
 * referenced until np_getattr_finish() has waited for the reply, parsed it
 * and released req.
 */
struct np_req *np_getattr_send(struct np_fid *fid, u64 mask);
/*
 * The same, but the transport may hold the request until the next one not
 * held or np_client_push(), so that one notification of the server (on
 * virtio, one exit to the hypervisor) carries a whole batch.
 */
struct np_req *np_getattr_send_held(struct np_fid *fid, u64 mask);
int np_getattr_finish(struct np_req *req, struct np_attr *attr);
int np_setattr(struct np_fid *fid, const struct np_iattr *attr);
int np_lopen(struct np_fid *fid, u32 flags);
int np_lcreate(struct np_fid *fid, const char *name, u32 flags, u32 mode,
	       kgid_t gid);
ssize_t np_read(struct np_fid *fid, u64 offset, struct iov_iter *to);
/*
 * Asynchronous Tread of at most count bytes: done(req) runs (in atomic
 * context) when the reply is in; then np_read_finish() copies the data to
 * the iterator and releases req.  The request is not sent if this fails.
 */
struct np_req *np_read_send(struct np_fid *fid, u64 offset, u32 count,
			    np_req_cb done, void *priv);
ssize_t np_read_finish(struct np_req *req, struct iov_iter *to);
ssize_t np_write(struct np_fid *fid, u64 offset, struct iov_iter *from);
int np_readlink(struct np_fid *fid, char **target);
int np_statfs(struct np_fid *fid, struct np_statfs *st);
int np_fsync(struct np_fid *fid, bool datasync);
int np_mkdir(struct np_fid *dfid, const char *name, u32 mode, kgid_t gid,
	     struct np_qid *qid);
int np_symlink(struct np_fid *dfid, const char *name, const char *target,
	       kgid_t gid, struct np_qid *qid);
int np_mknod(struct np_fid *dfid, const char *name, u32 mode, u32 major,
	     u32 minor, kgid_t gid, struct np_qid *qid);
int np_link(struct np_fid *dfid, struct np_fid *fid, const char *name);
int np_renameat(struct np_fid *olddir, const char *oldname,
		struct np_fid *newdir, const char *newname);
int np_unlinkat(struct np_fid *dfid, const char *name, u32 flags);
int np_unlinkat_cleanup(struct np_fid *dfid, const char *name);
/* reads xattr name (NULL: the list) into buf; size 0 probes */
ssize_t np_xattr_get(struct np_fid *fid, const char *name, void *buf,
		     size_t size);
int np_xattr_set(struct np_fid *fid, const char *name, const void *value,
		 size_t size, int flags);
int np_lock(struct np_fid *fid, const struct np_flock *fl, u8 *status);
int np_getlock(struct np_fid *fid, struct np_flock *fl);

/*
 * Treaddir: on success *rep holds the reply (np_req_put() it when done)
 * and data, len the records, to be walked with np_next_dirent().
 */
int np_readdir(struct np_fid *fid, u64 offset, u32 count,
	       struct np_req **rep, const void **data, u32 *len);

#endif /* _NINEP_CLIENT_H */
