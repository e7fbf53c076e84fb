// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep client core: sessions, the tag table of outstanding requests, fids,
 * flush, and one helper per 9P2000.L operation.
 *
 * A request holds one reference for its issuer and one for the transport
 * while it is in flight.  Any number of requests may be outstanding on a
 * client, from any number of threads; np_req_send() and np_req_wait() are
 * separate so one thread can keep several in flight.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/xattr.h>
#include <linux/limits.h>
#include <linux/unaligned.h>
#include <ninep/client.h>
#include <ninep/transport.h>

#define np_warn(fmt, ...) pr_warn_ratelimited("ninep: " fmt, ##__VA_ARGS__)

/* reply buffer for messages with small fixed-size replies */
#define NP_SMALL_RC	256

static u32 np_rc_small(struct np_client *clnt)
{
	return min_t(u32, NP_SMALL_RC, clnt->msize);
}

/* ---- requests ---- */

/*
 * A message and its reply up to this size live in the request itself.
 * Every such request has room for the largest, so that a done one can
 * serve the next (clnt->req_cache): most requests are small, and one
 * taken from the cache costs neither an allocation nor a free.
 */
#define NP_REQ_INLINE	512

static bool np_req_small(struct np_req *req)
{
	return req->tc.data == req->inline_buf;
}

static void np_req_free(struct np_req *req)
{
	if (!np_req_small(req)) {
		kvfree(req->rc.data);
		kfree(req->tc.data);
	}
	kfree(req);
}

/* a small request from clnt's cache, or a new one; the buffer is not set */
static struct np_req *np_req_get_small(struct np_client *clnt)
{
	struct np_req *req = NULL;
	unsigned long flags;

	spin_lock_irqsave(&clnt->lock, flags);
	if (clnt->nreq_cache)
		req = clnt->req_cache[--clnt->nreq_cache];
	spin_unlock_irqrestore(&clnt->lock, flags);
	if (!req)
		req = kmalloc(struct_size(req, inline_buf, NP_REQ_INLINE),
			      GFP_NOFS);
	return req;
}

/* clnt is going: free the requests it kept (none can be added now) */
static void np_req_cache_free(struct np_client *clnt)
{
	while (clnt->nreq_cache)
		kfree(clnt->req_cache[--clnt->nreq_cache]);
}

struct np_req *np_req_alloc(struct np_client *clnt, u8 type, u32 tcsize,
			    u32 rcsize)
{
	struct np_req *req;
	unsigned long flags;
	bool small;
	int tag;

	if (tcsize > clnt->msize || rcsize > clnt->msize)
		return ERR_PTR(-EMSGSIZE);

	/* most messages are small: then one allocation or none, not three */
	small = ALIGN(tcsize, 8) + rcsize <= NP_REQ_INLINE;
	req = small ? np_req_get_small(clnt) :
		      kmalloc(sizeof(*req), GFP_NOFS);
	if (!req)
		return ERR_PTR(-ENOMEM);
	/* the header only: buffers are written before they are read */
	memset(req, 0, offsetof(struct np_req, inline_buf));
	if (small) {
		req->tc.data = req->inline_buf;
		req->rc.data = req->inline_buf + ALIGN(tcsize, 8);
	} else {
		req->tc.data = kmalloc(tcsize, GFP_NOFS);
		req->rc.data = kvmalloc(rcsize, GFP_NOFS);
		if (!req->tc.data || !req->rc.data)
			goto nomem;
	}
	req->tc.size = tcsize;
	req->rc.size = rcsize;
	req->rc_cap = rcsize;
	req->clnt = clnt;
	req->type = type;
	req->status = NP_REQ_NEW;
	refcount_set(&req->ref, 1);
	init_waitqueue_head(&req->wq);
	INIT_LIST_HEAD(&req->trans_link);

	idr_preload(GFP_NOFS);
	spin_lock_irqsave(&clnt->lock, flags);
	if (type == NP_TVERSION)
		tag = idr_alloc(&clnt->reqs, req, NP_NOTAG, NP_NOTAG + 1,
				GFP_NOWAIT);
	else
		tag = idr_alloc_cyclic(&clnt->reqs, req, 0, NP_NOTAG,
				       GFP_NOWAIT);
	spin_unlock_irqrestore(&clnt->lock, flags);
	idr_preload_end();
	if (tag < 0) {
		np_req_free(req);
		return ERR_PTR(tag == -ENOSPC ? -EAGAIN : tag);
	}
	req->tag = tag;
	return req;

nomem:
	np_req_free(req);
	return ERR_PTR(-ENOMEM);
}
EXPORT_SYMBOL_GPL(np_req_alloc);

/* may be called from interrupt context: vfree defers itself there */
void np_req_put(struct np_req *req)
{
	struct np_client *clnt = req->clnt;
	unsigned long flags;

	if (!refcount_dec_and_test(&req->ref))
		return;
	spin_lock_irqsave(&clnt->lock, flags);
	idr_remove(&clnt->reqs, req->tag);
	if (np_req_small(req) && clnt->nreq_cache < NP_REQ_CACHE) {
		clnt->req_cache[clnt->nreq_cache++] = req;
		req = NULL;
	}
	/* under the lock: np_client_destroy() frees clnt once it is empty */
	if (idr_is_empty(&clnt->reqs))
		wake_up(&clnt->drain_wq);
	spin_unlock_irqrestore(&clnt->lock, flags);
	if (req)
		np_req_free(req);
}
EXPORT_SYMBOL_GPL(np_req_put);

struct np_req *np_tag_lookup(struct np_client *clnt, u16 tag)
{
	struct np_req *req;
	unsigned long flags;

	spin_lock_irqsave(&clnt->lock, flags);
	req = idr_find(&clnt->reqs, tag);
	if (req && (req->status != NP_REQ_SENT ||
		    !refcount_inc_not_zero(&req->ref)))
		req = NULL;
	spin_unlock_irqrestore(&clnt->lock, flags);
	return req;
}
EXPORT_SYMBOL_GPL(np_tag_lookup);

/*
 * Publish the outcome of req if it is still outstanding: true if this call
 * did.  With release, also drop the transport's reference if still held.
 * Called with clnt->lock held; *drop says whether to np_req_put() after.
 */
static bool np_req_finish_locked(struct np_req *req, u32 len, int err,
				 bool release, bool *drop)
{
	bool first = req->status == NP_REQ_SENT;

	*drop = release && req->trans_held;
	if (*drop)
		req->trans_held = false;
	if (!first)
		return false;
	if (!err && len > req->rc_cap) {
		np_warn("reply of %u bytes to tag %u overflows its %u byte buffer\n",
			len, req->tag, req->rc_cap);
		err = -EIO;
	}
	if (err) {
		req->err = err;
	} else {
		req->rc.size = len;
		req->rc.pos = 0;
		req->rc.err = 0;
	}
	/* publish err and the reply before the status the waiter polls */
	smp_store_release(&req->status, err ? NP_REQ_ERROR : NP_REQ_DONE);
	return true;
}

static void np_req_finish(struct np_req *req, u32 len, int err, bool release)
{
	struct np_client *clnt = req->clnt;
	unsigned long flags;
	bool first, drop;

	spin_lock_irqsave(&clnt->lock, flags);
	first = np_req_finish_locked(req, len, err, release, &drop);
	spin_unlock_irqrestore(&clnt->lock, flags);
	if (first) {
		wake_up_all(&req->wq);
		if (req->done)
			req->done(req);
	}
	if (drop)
		np_req_put(req);
}

void np_req_complete(struct np_req *req, u32 len, int err)
{
	np_req_finish(req, len, err, true);
}
EXPORT_SYMBOL_GPL(np_req_complete);

/*
 * The core gives up on req (flush, disconnect): fail it now.  A transport
 * that owns the request's buffers keeps its reference until it hands the
 * request back; others lose it here.
 */
static void np_req_abort(struct np_req *req, int err)
{
	np_req_finish(req, 0, err, !req->clnt->trans->keeps_reqs);
}

int np_req_send(struct np_req *req)
{
	struct np_client *clnt = req->clnt;
	unsigned long flags;
	bool mine, drop;
	int err;

	spin_lock_irqsave(&clnt->lock, flags);
	if (clnt->dead) {
		err = clnt->dead_err;
		spin_unlock_irqrestore(&clnt->lock, flags);
		return err;
	}
	refcount_inc(&req->ref);
	req->trans_held = true;
	req->status = NP_REQ_SENT;
	req->seq = atomic64_inc_return(&clnt->seq);
	spin_unlock_irqrestore(&clnt->lock, flags);

	atomic64_inc(&clnt->nsent[req->type]);
	err = clnt->trans->request(clnt, req);
	if (!err)
		return 0;
	/*
	 * Not queued.  A disconnect may have failed it meanwhile (and run
	 * its done callback): then it counts as sent and failed.
	 */
	spin_lock_irqsave(&clnt->lock, flags);
	mine = req->status == NP_REQ_SENT;
	if (mine)
		req->status = NP_REQ_ERROR;
	req->err = err;
	drop = req->trans_held;
	req->trans_held = false;
	spin_unlock_irqrestore(&clnt->lock, flags);
	if (drop)
		np_req_put(req);
	return mine ? err : 0;
}
EXPORT_SYMBOL_GPL(np_req_send);

/* wait without signals, but no longer than the client's timeout */
static void np_wait_bounded(struct np_req *req)
{
	struct np_client *clnt = req->clnt;

	if (!clnt->timeout) {
		wait_event(req->wq, np_req_finished(req));
		return;
	}
	if (!wait_event_timeout(req->wq, np_req_finished(req),
				clnt->timeout * HZ)) {
		np_warn("server did not answer %s within %u s: disconnecting\n",
			np_msg_name(req->type) ?: "?", clnt->timeout);
		np_client_disconnect(clnt, -EIO);
		wait_event(req->wq, np_req_finished(req));
	}
}

/*
 * The issuer of req was interrupted.  Ask the server to forget it and wait
 * for the answer: once Rflush arrives the original either has its reply or
 * never will.  Returns true if req finished after all.
 */
static bool np_flush(struct np_req *req)
{
	struct np_client *clnt = req->clnt;
	struct np_req *f;
	int err;

	if (clnt->trans->cancel && clnt->trans->cancel(clnt, req))
		return np_req_finished(req);

	f = np_req_alloc(clnt, NP_TFLUSH, NP_HDRSZ + 2, NP_HDRSZ + 4);
	if (IS_ERR(f)) {
		/* cannot flush: wait for the reply itself */
		np_wait_bounded(req);
		return true;
	}
	f->nointr = true;
	err = np_pack_tflush(&f->tc, f->tag, req->tag);
	if (!err)
		err = np_req_send(f);
	if (!err)
		np_wait_bounded(f);
	np_req_put(f);
	if (err) {
		np_wait_bounded(req);
		return true;
	}
	if (np_req_finished(req))
		return true;
	/* Rflush came and the reply never will */
	np_req_abort(req, -EINTR);
	return false;
}

static int np_req_check(struct np_req *req)
{
	struct np_client *clnt = req->clnt;
	u32 size;
	u8 type;
	u16 tag;
	int err;

	if (req->status == NP_REQ_ERROR)
		return req->err;
	err = np_parse_hdr(&req->rc, &size, &type, &tag);
	if (!err && tag != req->tag) {
		np_warn("reply tag %u does not match request tag %u\n",
			tag, req->tag);
		err = -EIO;
	}
	if (err) {
		atomic64_inc(&clnt->nbad);
		return err;
	}
	req->rc.pos = 0;
	err = np_check_reply(&req->rc, req->type);
	if (err == -EIO) {
		atomic64_inc(&clnt->nbad);
		np_warn("bad reply of type %u to %s\n", type,
			np_msg_name(req->type) ?: "?");
	}
	return err;
}

void np_client_push(struct np_client *clnt)
{
	if (clnt->trans->push)
		clnt->trans->push(clnt);
}
EXPORT_SYMBOL_GPL(np_client_push);

/*
 * Wait for req's reply.  With intr, a fatal signal ends the wait: the
 * request is flushed and, unless its reply came first, -ERESTARTSYS
 * returned.  (Only fatal signals: a read interrupted half way through its
 * pages must not fail because of a SIGCHLD.)
 */
static int __np_req_wait(struct np_req *req, bool intr)
{
	struct np_client *clnt = req->clnt;
	long left;

	np_client_push(clnt);
	if (!intr) {
		np_wait_bounded(req);
		return np_req_check(req);
	}
	if (clnt->timeout) {
		left = wait_event_killable_timeout(req->wq,
						   np_req_finished(req),
						   clnt->timeout * HZ);
		if (left == 0) {
			np_warn("server did not answer %s within %u s: disconnecting\n",
				np_msg_name(req->type) ?: "?", clnt->timeout);
			np_client_disconnect(clnt, -EIO);
			wait_event(req->wq, np_req_finished(req));
		}
	} else {
		left = wait_event_killable(req->wq, np_req_finished(req));
	}
	if (left < 0 && !np_flush(req))
		return -ERESTARTSYS;
	return np_req_check(req);
}

int np_req_wait(struct np_req *req)
{
	return __np_req_wait(req, true);
}
EXPORT_SYMBOL_GPL(np_req_wait);

/*
 * Send a packed request and wait for its reply.  On success the caller owns
 * req and unpacks from req->rc; on failure req is released.
 */
static int np_rpc(struct np_req *req, int packerr, bool intr)
{
	int err = packerr;

	if (!err)
		err = np_req_send(req);
	if (!err)
		err = __np_req_wait(req, intr);
	if (err)
		np_req_put(req);
	return err;
}

/* finish an operation whose reply has no fields */
static int np_rpc_empty(struct np_req *req, int packerr, bool intr)
{
	int err = np_rpc(req, packerr, intr);

	if (err)
		return err;
	err = np_unpack_rempty(&req->rc);
	np_req_put(req);
	return err;
}

/* ---- fids ---- */

/* the idr entry of a fid number the server may still hold */
#define NP_FID_LOST	((struct np_fid *)ERR_PTR(-EBADF))

static struct np_fid *np_fid_alloc(struct np_client *clnt)
{
	struct np_fid *fid;
	unsigned long flags;
	int n;

	fid = kzalloc(sizeof(*fid), GFP_NOFS);
	if (!fid)
		return ERR_PTR(-ENOMEM);
	fid->clnt = clnt;
	fid->mode = -1;
	fid->uid = current_fsuid();
	refcount_set(&fid->ref, 1);
	INIT_HLIST_NODE(&fid->dlink);

	idr_preload(GFP_NOFS);
	spin_lock_irqsave(&clnt->lock, flags);
	n = idr_alloc(&clnt->fids, fid, 0, INT_MAX, GFP_NOWAIT);
	spin_unlock_irqrestore(&clnt->lock, flags);
	idr_preload_end();
	if (n < 0) {
		kfree(fid);
		return ERR_PTR(n);
	}
	fid->fid = n;
	return fid;
}

/* release a fid number the server never heard of, or that is clunked */
static void np_fid_free(struct np_fid *fid)
{
	struct np_client *clnt = fid->clnt;
	unsigned long flags;

	spin_lock_irqsave(&clnt->lock, flags);
	idr_remove(&clnt->fids, fid->fid);
	spin_unlock_irqrestore(&clnt->lock, flags);
	kfree(fid);
}

/*
 * Tclunk or Tremove: the fid is gone whatever the server answers.  If the
 * request never reached a live server the server may still hold the fid:
 * its number stays taken (NP_FID_LOST) so it is never reused.  Tclunk
 * waits uninterruptibly; a Tremove may be interrupted (it is flushed, and
 * the fid counts as lost).
 */
static int np_fid_release(struct np_fid *fid, u8 type)
{
	struct np_client *clnt = fid->clnt;
	bool answered = false;
	unsigned long flags;
	struct np_req *req;
	int err;

	req = np_req_alloc(clnt, type, NP_HDRSZ + 4, np_rc_small(clnt));
	if (IS_ERR(req)) {
		err = PTR_ERR(req);
		goto out;
	}
	req->nointr = type == NP_TCLUNK;
	err = type == NP_TCLUNK ?
		np_pack_tclunk(&req->tc, req->tag, fid->fid) :
		np_pack_tremove(&req->tc, req->tag, fid->fid);
	if (!err)
		err = np_req_send(req);
	if (!err) {
		err = __np_req_wait(req, type != NP_TCLUNK);
		answered = req->status == NP_REQ_DONE;
		if (!err)
			err = np_unpack_rempty(&req->rc);
	}
	np_req_put(req);
out:
	if (!answered && !clnt->dead) {
		spin_lock_irqsave(&clnt->lock, flags);
		idr_replace(&clnt->fids, NP_FID_LOST, fid->fid);
		spin_unlock_irqrestore(&clnt->lock, flags);
		kfree(fid);
		return err;
	}
	np_fid_free(fid);
	return err;
}

static int np_clunk(struct np_fid *fid)
{
	return np_fid_release(fid, NP_TCLUNK);
}

/*
 * The Tclunk of a reserved (NP_FID_LOST) fid number is over: free the
 * number, unless a live server never answered and may still hold it.
 */
static void np_fidno_clunked(struct np_client *clnt, u32 fidno, bool answered)
{
	unsigned long flags;

	spin_lock_irqsave(&clnt->lock, flags);
	if (answered || clnt->dead)
		idr_remove(&clnt->fids, fidno);
	spin_unlock_irqrestore(&clnt->lock, flags);
}

/* the reply to an asynchronous Tclunk, or its failure (atomic context) */
static void np_clunk_done(struct np_req *req)
{
	np_fidno_clunked(req->clnt, (uintptr_t)req->priv,
			 req->status == NP_REQ_DONE);
	np_req_put(req);
}

/*
 * The last reference to fid is gone: Tclunk without waiting for Rclunk.
 * The fid number stays taken (NP_FID_LOST) until the reply, so no new fid
 * can be confused with it; np_clunk_done() frees it.  A fid that took
 * locks is clunked synchronously: the server releases them on Tclunk,
 * and a lock taken after close(2) returns must not be overtaken by it.
 */
static void np_clunk_async(struct np_fid *fid)
{
	struct np_client *clnt = fid->clnt;
	u32 fidno = fid->fid;
	unsigned long flags;
	struct np_req *req;
	int err;

	if (fid->locked) {
		np_clunk(fid);
		return;
	}
	spin_lock_irqsave(&clnt->lock, flags);
	idr_replace(&clnt->fids, NP_FID_LOST, fidno);
	spin_unlock_irqrestore(&clnt->lock, flags);
	kfree(fid);

	req = np_req_alloc(clnt, NP_TCLUNK, NP_HDRSZ + 4, np_rc_small(clnt));
	if (IS_ERR(req)) {
		np_fidno_clunked(clnt, fidno, false);
		return;
	}
	req->done = np_clunk_done;
	req->priv = (void *)(uintptr_t)fidno;
	err = np_pack_tclunk(&req->tc, req->tag, fidno);
	if (!err)
		err = np_req_send(req);
	/* sent: np_clunk_done() owns req, and may have run already */
	if (!err)
		return;
	np_fidno_clunked(clnt, fidno, false);
	np_req_put(req);
}

struct np_fid *np_fid_get(struct np_fid *fid)
{
	refcount_inc(&fid->ref);
	return fid;
}
EXPORT_SYMBOL_GPL(np_fid_get);

void np_fid_put(struct np_fid *fid)
{
	if (fid && refcount_dec_and_test(&fid->ref))
		np_clunk_async(fid);
}
EXPORT_SYMBOL_GPL(np_fid_put);

u32 np_fid_iosize(const struct np_fid *fid)
{
	u32 n = fid->clnt->msize - NP_IOHDRSZ;

	if (fid->iounit && fid->iounit < n)
		n = fid->iounit;
	return n;
}
EXPORT_SYMBOL_GPL(np_fid_iosize);

/* ---- session ---- */

static int np_version(struct np_client *clnt)
{
	struct np_req *req;
	struct np_str v;
	u32 msize;
	int err;

	req = np_req_alloc(clnt, NP_TVERSION, NP_HDRSZ + 6 + 32,
			   np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc(req, np_pack_tversion(&req->tc, req->tag, clnt->msize,
					   NP_VERSION_L), true);
	if (err)
		return err;
	err = np_unpack_rversion(&req->rc, &msize, &v);
	if (err)
		goto out;
	if (v.len != strlen(NP_VERSION_L) || memcmp(v.s, NP_VERSION_L, v.len)) {
		pr_err("ninep: server does not speak 9P2000.L (it offered \"%.*s\")\n",
		       v.len, v.s);
		err = -EPROTONOSUPPORT;
		goto out;
	}
	if (msize < NP_MIN_MSIZE || msize > clnt->msize) {
		pr_err("ninep: server chose msize %u, outside %u..%u\n",
		       msize, NP_MIN_MSIZE, clnt->msize);
		err = -EREMOTEIO;
		goto out;
	}
	clnt->msize = msize;
out:
	np_req_put(req);
	return err;
}

static bool np_client_idle(struct np_client *clnt)
{
	unsigned long flags;
	bool idle;

	spin_lock_irqsave(&clnt->lock, flags);
	idle = idr_is_empty(&clnt->reqs);
	spin_unlock_irqrestore(&clnt->lock, flags);
	return idle;
}

/*
 * Fail what is outstanding, wait for the transport to give every request
 * back, close it and free clnt.  A transport that never gives a request
 * back (a device that keeps a buffer) costs the client's memory, not a
 * use after free.
 */
/* how long an unmount waits for replies still due (Rclunks, mostly) */
#define NP_CLOSE_GRACE	(5 * HZ)

static void np_client_close(struct np_client *clnt)
{
	/*
	 * Tclunks sent without waiting may still be unanswered: let the
	 * server answer them before the channel goes (diod dies of SIGPIPE
	 * writing a reply to a closed connection, taking every client with
	 * it).  A dead or silent server costs at most NP_CLOSE_GRACE.
	 */
	if (!np_client_dead(clnt))
		wait_event_timeout(clnt->drain_wq, np_client_idle(clnt),
				   NP_CLOSE_GRACE);
	np_client_disconnect(clnt, -EIO);
	if (!wait_event_timeout(clnt->drain_wq, np_client_idle(clnt),
				30 * HZ)) {
		pr_err("ninep: transport kept requests after unmount; leaking the session\n");
		return;
	}
	clnt->trans->close(clnt);
	np_put_trans(clnt->trans);
	idr_destroy(&clnt->fids);
	idr_destroy(&clnt->reqs);
	np_req_cache_free(clnt);
	kfree(clnt);
}

struct np_client *np_client_create(const char *devname,
				   const struct np_client_opts *opts)
{
	struct np_client *clnt;
	int err;

	clnt = kzalloc(sizeof(*clnt), GFP_KERNEL);
	if (!clnt)
		return ERR_PTR(-ENOMEM);
	spin_lock_init(&clnt->lock);
	init_waitqueue_head(&clnt->drain_wq);
	idr_init(&clnt->reqs);
	idr_init(&clnt->fids);
	clnt->timeout = opts->timeout;

	clnt->trans = np_get_trans(opts->trans);
	if (!clnt->trans) {
		pr_err("ninep: unknown transport \"%s\"\n", opts->trans);
		err = -EPROTONOSUPPORT;
		goto free;
	}
	clnt->msize = clamp_t(u32, opts->msize, NP_MIN_MSIZE,
			      clnt->trans->maxsize);
	err = clnt->trans->create(clnt, devname, opts);
	if (err)
		goto put_trans;
	err = np_version(clnt);
	if (err)
		goto close;
	return clnt;

close:
	np_client_close(clnt);
	return ERR_PTR(err);
put_trans:
	np_put_trans(clnt->trans);
free:
	idr_destroy(&clnt->fids);
	idr_destroy(&clnt->reqs);
	kfree(clnt);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(np_client_create);

void np_client_disconnect(struct np_client *clnt, int err)
{
	struct np_req *req;
	unsigned long flags;
	bool first = false;
	int id;

	spin_lock_irqsave(&clnt->lock, flags);
	if (!clnt->dead) {
		clnt->dead = true;
		clnt->dead_err = err;
		first = true;
	}
	spin_unlock_irqrestore(&clnt->lock, flags);
	if (first && clnt->trans->disconnect)
		clnt->trans->disconnect(clnt);

	/* complete one outstanding request at a time, without the lock */
	for (;;) {
		spin_lock_irqsave(&clnt->lock, flags);
		idr_for_each_entry(&clnt->reqs, req, id) {
			if (req->status == NP_REQ_SENT &&
			    refcount_inc_not_zero(&req->ref))
				break;
		}
		spin_unlock_irqrestore(&clnt->lock, flags);
		if (!req)
			break;
		np_req_abort(req, err);
		np_req_put(req);
	}
}
EXPORT_SYMBOL_GPL(np_client_disconnect);

void np_client_destroy(struct np_client *clnt)
{
	struct np_fid *fid;
	int id;

	/* everything the fs held is released: report what it leaked */
	idr_for_each_entry(&clnt->fids, fid, id) {
		if (fid != NP_FID_LOST)
			np_warn("fid %u still held at unmount\n", fid->fid);
	}
	np_client_close(clnt);
}
EXPORT_SYMBOL_GPL(np_client_destroy);

void np_client_show_stats(struct np_client *clnt, struct seq_file *m)
{
	int i;

	seq_printf(m, "\n\tmsize: %u\n\trequests:", clnt->msize);
	for (i = 0; i < 256; i++) {
		s64 n = atomic64_read(&clnt->nsent[i]);

		if (n)
			seq_printf(m, " %s=%lld", np_msg_name(i) ?: "?", n);
	}
	seq_printf(m, "\n\tbad_replies: %lld\n", atomic64_read(&clnt->nbad));
}
EXPORT_SYMBOL_GPL(np_client_show_stats);

/* ---- operations ---- */

struct np_fid *np_attach(struct np_client *clnt, const char *uname,
			 kuid_t n_uname, const char *aname)
{
	struct np_fid *fid;
	struct np_req *req;
	size_t len;
	int err;

	fid = np_fid_alloc(clnt);
	if (IS_ERR(fid))
		return fid;
	fid->uid = n_uname;
	len = NP_HDRSZ + 4 + 4 + 2 + strlen(uname ?: "") + 2 +
	      strlen(aname ?: "") + 4;
	req = np_req_alloc(clnt, NP_TATTACH, min_t(size_t, len, U32_MAX),
			   np_rc_small(clnt));
	if (IS_ERR(req)) {
		err = PTR_ERR(req);
		goto free;
	}
	err = np_rpc(req, np_pack_tattach(&req->tc, req->tag, fid->fid,
					  NP_NOFID, uname, aname,
					  from_kuid(&init_user_ns, n_uname)),
		     true);
	if (err)
		goto free;
	err = np_unpack_rattach(&req->rc, &fid->qid);
	np_req_put(req);
	if (err) {
		np_clunk(fid);
		return ERR_PTR(err);
	}
	if (!(fid->qid.type & NP_QTDIR)) {
		np_warn("attach point is not a directory\n");
		np_clunk(fid);
		return ERR_PTR(-ENOTDIR);
	}
	return fid;
free:
	np_fid_free(fid);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(np_attach);

struct np_fid *np_walk(struct np_fid *fid, u16 nwname,
		       const char *const *wnames, struct np_qid *qid)
{
	struct np_client *clnt = fid->clnt;
	struct np_qid wqids[NP_MAXWELEM];
	struct np_fid *nfid;
	struct np_req *req;
	size_t len = NP_HDRSZ + 4 + 4 + 2;
	u16 nwqid, i;
	int err;

	if (nwname > NP_MAXWELEM)
		return ERR_PTR(-EINVAL);
	for (i = 0; i < nwname; i++)
		len += 2 + strlen(wnames[i]);
	nfid = np_fid_alloc(clnt);
	if (IS_ERR(nfid))
		return nfid;
	nfid->uid = fid->uid;
	req = np_req_alloc(clnt, NP_TWALK, min_t(size_t, len, U32_MAX),
			   min_t(u32, NP_HDRSZ + 2 + NP_MAXWELEM * NP_QIDSZ,
				 clnt->msize));
	if (IS_ERR(req)) {
		err = PTR_ERR(req);
		goto free;
	}
	err = np_rpc(req, np_pack_twalk(&req->tc, req->tag, fid->fid,
					nfid->fid, nwname, wnames), true);
	if (err)
		goto free;
	err = np_unpack_rwalk(&req->rc, nwname, &nwqid, wqids);
	np_req_put(req);
	if (err)
		goto free;
	if (nwqid < nwname) {
		/* a partial walk creates no fid */
		err = -ENOENT;
		goto free;
	}
	nfid->qid = nwname ? wqids[nwname - 1] : fid->qid;
	if (qid)
		*qid = nfid->qid;
	return nfid;
free:
	np_fid_free(nfid);
	return ERR_PTR(err);
}
EXPORT_SYMBOL_GPL(np_walk);

static struct np_req *__np_getattr_send(struct np_fid *fid, u64 mask,
					bool held)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	int err;

	req = np_req_alloc(clnt, NP_TGETATTR, NP_HDRSZ + 12, np_rc_small(clnt));
	if (IS_ERR(req))
		return req;
	req->held = held;
	err = np_pack_tgetattr(&req->tc, req->tag, fid->fid, mask);
	if (!err)
		err = np_req_send(req);
	if (err) {
		np_req_put(req);
		return ERR_PTR(err);
	}
	return req;
}

struct np_req *np_getattr_send(struct np_fid *fid, u64 mask)
{
	return __np_getattr_send(fid, mask, false);
}
EXPORT_SYMBOL_GPL(np_getattr_send);

struct np_req *np_getattr_send_held(struct np_fid *fid, u64 mask)
{
	return __np_getattr_send(fid, mask, true);
}
EXPORT_SYMBOL_GPL(np_getattr_send_held);

int np_getattr_finish(struct np_req *req, struct np_attr *attr)
{
	int err;

	err = np_req_wait(req);
	if (!err)
		err = np_unpack_rgetattr(&req->rc, attr);
	attr->seq = req->seq;
	attr->time = jiffies;
	np_req_put(req);
	return err;
}
EXPORT_SYMBOL_GPL(np_getattr_finish);

int np_getattr(struct np_fid *fid, u64 mask, struct np_attr *attr)
{
	struct np_req *req = np_getattr_send(fid, mask);

	if (IS_ERR(req))
		return PTR_ERR(req);
	return np_getattr_finish(req, attr);
}
EXPORT_SYMBOL_GPL(np_getattr);

int np_setattr(struct np_fid *fid, const struct np_iattr *attr)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;

	req = np_req_alloc(clnt, NP_TSETATTR, NP_HDRSZ + 4 + 4 * 4 + 5 * 8,
			   np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	return np_rpc_empty(req, np_pack_tsetattr(&req->tc, req->tag, fid->fid,
						  attr), true);
}
EXPORT_SYMBOL_GPL(np_setattr);

/* an Rlopen/Rlcreate qid must be of the kind of file the fid names */
static int np_opened(struct np_fid *fid, struct np_req *req, u32 flags,
		     bool created)
{
	struct np_qid qid;
	u32 iounit;
	int err;

	err = created ? np_unpack_rlcreate(&req->rc, &qid, &iounit) :
			np_unpack_rlopen(&req->rc, &qid, &iounit);
	np_req_put(req);
	if (err)
		return err;
	fid->qid = qid;
	fid->iounit = iounit;
	fid->mode = flags;
	return 0;
}

int np_lopen(struct np_fid *fid, u32 flags)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	int err;

	req = np_req_alloc(clnt, NP_TLOPEN, NP_HDRSZ + 8, np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc(req, np_pack_tlopen(&req->tc, req->tag, fid->fid, flags),
		     true);
	if (err)
		return err;
	return np_opened(fid, req, flags, false);
}
EXPORT_SYMBOL_GPL(np_lopen);

int np_lcreate(struct np_fid *fid, const char *name, u32 flags, u32 mode,
	       kgid_t gid)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	int err;

	req = np_req_alloc(clnt, NP_TLCREATE, NP_HDRSZ + 4 + 2 + strlen(name) +
			   12, np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc(req, np_pack_tlcreate(&req->tc, req->tag, fid->fid, name,
					   flags, mode,
					   from_kgid(&init_user_ns, gid)),
		     true);
	if (err)
		return err;
	return np_opened(fid, req, flags, true);
}
EXPORT_SYMBOL_GPL(np_lcreate);

ssize_t np_read(struct np_fid *fid, u64 offset, struct iov_iter *to)
{
	struct np_client *clnt = fid->clnt;
	size_t total = 0;
	int err = 0;

	while (iov_iter_count(to)) {
		u32 chunk = min_t(size_t, iov_iter_count(to),
				  np_fid_iosize(fid));
		struct np_req *req;
		const void *data;
		u32 count;

		req = np_req_alloc(clnt, NP_TREAD, NP_HDRSZ + 16,
				   NP_HDRSZ + 4 + chunk);
		if (IS_ERR(req)) {
			err = PTR_ERR(req);
			break;
		}
		err = np_rpc(req, np_pack_tread(&req->tc, req->tag, fid->fid,
						offset, chunk), true);
		if (err)
			break;
		err = np_unpack_rread(&req->rc, chunk, &count, &data);
		if (!err && copy_to_iter(data, count, to) != count)
			err = -EFAULT;
		np_req_put(req);
		if (err)
			break;
		total += count;
		offset += count;
		if (count < chunk)
			break;
	}
	return total ? total : err;
}
EXPORT_SYMBOL_GPL(np_read);

struct np_req *np_read_send(struct np_fid *fid, u64 offset, u32 count,
			    np_req_cb done, void *priv)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	int err;

	count = min(count, np_fid_iosize(fid));
	req = np_req_alloc(clnt, NP_TREAD, NP_HDRSZ + 16, NP_HDRSZ + 4 + count);
	if (IS_ERR(req))
		return req;
	req->done = done;
	req->priv = priv;
	err = np_pack_tread(&req->tc, req->tag, fid->fid, offset, count);
	if (!err)
		err = np_req_send(req);
	if (err) {
		np_req_put(req);
		return ERR_PTR(err);
	}
	return req;
}
EXPORT_SYMBOL_GPL(np_read_send);

ssize_t np_read_finish(struct np_req *req, struct iov_iter *to)
{
	const void *data;
	u32 asked, count;
	int err;

	/* the count asked for is in the Tread: size tag fid offset count */
	asked = get_unaligned_le32(req->tc.data + NP_HDRSZ + 12);
	err = np_req_wait(req);
	if (!err)
		err = np_unpack_rread(&req->rc, asked, &count, &data);
	if (!err && copy_to_iter(data, count, to) != count)
		err = -EFAULT;
	np_req_put(req);
	/* not "err ? err : count": that is unsigned, and -EIO a huge count */
	if (err)
		return err;
	return count;
}
EXPORT_SYMBOL_GPL(np_read_finish);

ssize_t np_write(struct np_fid *fid, u64 offset, struct iov_iter *from)
{
	struct np_client *clnt = fid->clnt;
	size_t total = 0;
	int err = 0;

	while (iov_iter_count(from)) {
		u32 chunk = min_t(size_t, iov_iter_count(from),
				  np_fid_iosize(fid));
		struct np_req *req;
		size_t copied = 0;
		u32 count;

		req = np_req_alloc(clnt, NP_TWRITE, NP_HDRSZ + 16 + chunk,
				   np_rc_small(clnt));
		if (IS_ERR(req)) {
			err = PTR_ERR(req);
			break;
		}
		err = np_pack_twrite_hdr(&req->tc, req->tag, fid->fid, offset,
					 chunk);
		if (!err) {
			copied = copy_from_iter(req->tc.data + req->tc.pos,
						chunk, from);
			if (copied != chunk)
				err = -EFAULT;
			req->tc.pos += chunk;
			req->tc.size = req->tc.pos;
		}
		err = np_rpc(req, err, true);
		if (err) {
			iov_iter_revert(from, copied);
			break;
		}
		err = np_unpack_rwrite(&req->rc, &count);
		np_req_put(req);
		if (!err && count > chunk)
			err = -EIO;
		if (err) {
			iov_iter_revert(from, chunk);
			break;
		}
		iov_iter_revert(from, chunk - count);
		total += count;
		offset += count;
		if (count < chunk)
			break;
	}
	return total ? total : err;
}
EXPORT_SYMBOL_GPL(np_write);

int np_readdir(struct np_fid *fid, u64 offset, u32 count,
	       struct np_req **rep, const void **data, u32 *len)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	int err;

	count = min_t(u32, count, clnt->msize - NP_READDIRHDRSZ);
	req = np_req_alloc(clnt, NP_TREADDIR, NP_HDRSZ + 16,
			   NP_HDRSZ + 4 + count);
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc(req, np_pack_treaddir(&req->tc, req->tag, fid->fid,
					   offset, count), true);
	if (err)
		return err;
	err = np_unpack_rreaddir(&req->rc, count, len, data);
	if (err) {
		np_req_put(req);
		return err;
	}
	*rep = req;
	return 0;
}
EXPORT_SYMBOL_GPL(np_readdir);

int np_readlink(struct np_fid *fid, char **target)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	struct np_str s;
	int err;

	req = np_req_alloc(clnt, NP_TREADLINK, NP_HDRSZ + 4,
			   min_t(u32, clnt->msize, NP_HDRSZ + 2 + PATH_MAX));
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc(req, np_pack_treadlink(&req->tc, req->tag, fid->fid),
		     true);
	if (err)
		return err;
	err = np_unpack_rreadlink(&req->rc, &s);
	if (!err && (s.len == 0 || s.len >= PATH_MAX ||
		     memchr(s.s, 0, s.len)))
		err = -EIO;
	if (!err) {
		*target = kmemdup_nul(s.s, s.len, GFP_NOFS);
		if (!*target)
			err = -ENOMEM;
	}
	np_req_put(req);
	return err;
}
EXPORT_SYMBOL_GPL(np_readlink);

int np_statfs(struct np_fid *fid, struct np_statfs *st)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	int err;

	req = np_req_alloc(clnt, NP_TSTATFS, NP_HDRSZ + 4, np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc(req, np_pack_tstatfs(&req->tc, req->tag, fid->fid), true);
	if (err)
		return err;
	err = np_unpack_rstatfs(&req->rc, st);
	np_req_put(req);
	return err;
}
EXPORT_SYMBOL_GPL(np_statfs);

int np_fsync(struct np_fid *fid, bool datasync)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;

	req = np_req_alloc(clnt, NP_TFSYNC, NP_HDRSZ + 8, np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	return np_rpc_empty(req, np_pack_tfsync(&req->tc, req->tag, fid->fid,
						datasync), true);
}
EXPORT_SYMBOL_GPL(np_fsync);

/* Tmkdir, Tsymlink, Tmknod: a qid comes back */
static int np_rpc_qid(struct np_req *req, int packerr, struct np_qid *qid)
{
	int err = np_rpc(req, packerr, true);

	if (err)
		return err;
	switch (req->type) {
	case NP_TMKDIR:
		err = np_unpack_rmkdir(&req->rc, qid);
		break;
	case NP_TSYMLINK:
		err = np_unpack_rsymlink(&req->rc, qid);
		break;
	default:
		err = np_unpack_rmknod(&req->rc, qid);
		break;
	}
	np_req_put(req);
	return err;
}

int np_mkdir(struct np_fid *dfid, const char *name, u32 mode, kgid_t gid,
	     struct np_qid *qid)
{
	struct np_client *clnt = dfid->clnt;
	struct np_req *req;

	req = np_req_alloc(clnt, NP_TMKDIR, NP_HDRSZ + 4 + 2 + strlen(name) + 8,
			   np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	return np_rpc_qid(req, np_pack_tmkdir(&req->tc, req->tag, dfid->fid,
					      name, mode,
					      from_kgid(&init_user_ns, gid)),
			  qid);
}
EXPORT_SYMBOL_GPL(np_mkdir);

int np_symlink(struct np_fid *dfid, const char *name, const char *target,
	       kgid_t gid, struct np_qid *qid)
{
	struct np_client *clnt = dfid->clnt;
	struct np_req *req;

	req = np_req_alloc(clnt, NP_TSYMLINK, NP_HDRSZ + 4 + 2 + strlen(name) +
			   2 + strlen(target) + 4, np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	return np_rpc_qid(req, np_pack_tsymlink(&req->tc, req->tag, dfid->fid,
						name, target,
						from_kgid(&init_user_ns, gid)),
			  qid);
}
EXPORT_SYMBOL_GPL(np_symlink);

int np_mknod(struct np_fid *dfid, const char *name, u32 mode, u32 major,
	     u32 minor, kgid_t gid, struct np_qid *qid)
{
	struct np_client *clnt = dfid->clnt;
	struct np_req *req;

	req = np_req_alloc(clnt, NP_TMKNOD, NP_HDRSZ + 4 + 2 + strlen(name) +
			   16, np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	return np_rpc_qid(req, np_pack_tmknod(&req->tc, req->tag, dfid->fid,
					      name, mode, major, minor,
					      from_kgid(&init_user_ns, gid)),
			  qid);
}
EXPORT_SYMBOL_GPL(np_mknod);

int np_link(struct np_fid *dfid, struct np_fid *fid, const char *name)
{
	struct np_client *clnt = dfid->clnt;
	struct np_req *req;

	req = np_req_alloc(clnt, NP_TLINK, NP_HDRSZ + 8 + 2 + strlen(name),
			   np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	return np_rpc_empty(req, np_pack_tlink(&req->tc, req->tag, dfid->fid,
					       fid->fid, name), true);
}
EXPORT_SYMBOL_GPL(np_link);

/* Trename: the fid of the old name moves to newdir as newname */
static int np_rename_fid(struct np_fid *olddir, const char *oldname,
			 struct np_fid *newdir, const char *newname)
{
	struct np_client *clnt = olddir->clnt;
	struct np_fid *fid;
	struct np_req *req;
	int err;

	fid = np_walk(olddir, 1, &oldname, NULL);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	req = np_req_alloc(clnt, NP_TRENAME, NP_HDRSZ + 8 + 2 + strlen(newname),
			   np_rc_small(clnt));
	if (IS_ERR(req)) {
		err = PTR_ERR(req);
	} else {
		err = np_rpc_empty(req, np_pack_trename(&req->tc, req->tag,
							fid->fid, newdir->fid,
							newname), true);
	}
	np_fid_put(fid);
	return err;
}

int np_renameat(struct np_fid *olddir, const char *oldname,
		struct np_fid *newdir, const char *newname)
{
	struct np_client *clnt = olddir->clnt;
	struct np_req *req;
	int err;

	if (READ_ONCE(clnt->no_renameat))
		return np_rename_fid(olddir, oldname, newdir, newname);
	req = np_req_alloc(clnt, NP_TRENAMEAT, NP_HDRSZ + 8 + 4 +
			   strlen(oldname) + strlen(newname), np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc_empty(req, np_pack_trenameat(&req->tc, req->tag,
						  olddir->fid, oldname,
						  newdir->fid, newname), true);
	if (err != -EOPNOTSUPP)
		return err;
	WRITE_ONCE(clnt->no_renameat, true);
	return np_rename_fid(olddir, oldname, newdir, newname);
}
EXPORT_SYMBOL_GPL(np_renameat);

/*
 * Twalk to the name, then Tremove, which also ends the fid.  The walk's
 * qid must be of the kind the caller means to remove, as Tunlinkat would
 * check.
 */
static int np_remove_name(struct np_fid *dfid, const char *name, u32 flags)
{
	struct np_fid *fid;
	bool isdir;

	fid = np_walk(dfid, 1, &name, NULL);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	isdir = fid->qid.type & NP_QTDIR;
	if (isdir != !!(flags & NP_AT_REMOVEDIR)) {
		np_fid_put(fid);
		return isdir ? -EISDIR : -ENOTDIR;
	}
	return np_fid_release(fid, NP_TREMOVE);
}

static int __np_unlinkat(struct np_fid *dfid, const char *name, u32 flags,
			 bool intr)
{
	struct np_client *clnt = dfid->clnt;
	struct np_req *req;
	int err;

	if (READ_ONCE(clnt->no_unlinkat))
		return np_remove_name(dfid, name, flags);
	req = np_req_alloc(clnt, NP_TUNLINKAT, NP_HDRSZ + 8 + 2 + strlen(name),
			   np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc_empty(req, np_pack_tunlinkat(&req->tc, req->tag,
						  dfid->fid, name, flags),
			   intr);
	if (err != -EOPNOTSUPP)
		return err;
	WRITE_ONCE(clnt->no_unlinkat, true);
	return np_remove_name(dfid, name, flags);
}

int np_unlinkat(struct np_fid *dfid, const char *name, u32 flags)
{
	return __np_unlinkat(dfid, name, flags, true);
}
EXPORT_SYMBOL_GPL(np_unlinkat);

/*
 * Remove a file's name even if the caller is being killed: cleanup, such
 * as a hidden name whose last user is a dying task.  The wait is bounded
 * by the client's timeout instead.  (A server without Tunlinkat gets the
 * walk and Tremove of np_unlinkat.)
 */
int np_unlinkat_cleanup(struct np_fid *dfid, const char *name)
{
	return __np_unlinkat(dfid, name, 0, false);
}
EXPORT_SYMBOL_GPL(np_unlinkat_cleanup);

ssize_t np_xattr_get(struct np_fid *fid, const char *name, void *buf,
		     size_t size)
{
	struct np_client *clnt = fid->clnt;
	struct np_fid *xfid;
	struct np_req *req;
	struct iov_iter to;
	struct kvec kv;
	ssize_t n;
	u64 len;
	int err;

	xfid = np_fid_alloc(clnt);
	if (IS_ERR(xfid))
		return PTR_ERR(xfid);
	req = np_req_alloc(clnt, NP_TXATTRWALK, NP_HDRSZ + 8 + 2 +
			   strlen(name ?: ""), np_rc_small(clnt));
	if (IS_ERR(req)) {
		np_fid_free(xfid);
		return PTR_ERR(req);
	}
	err = np_rpc(req, np_pack_txattrwalk(&req->tc, req->tag, fid->fid,
					     xfid->fid, name ?: ""), true);
	if (err) {
		np_fid_free(xfid);
		return err;
	}
	err = np_unpack_rxattrwalk(&req->rc, &len);
	np_req_put(req);
	if (err)
		goto out;
	if (len > XATTR_SIZE_MAX) {
		err = -E2BIG;
		goto out;
	}
	if (!size) {
		err = len;
		goto out;
	}
	if (len > size) {
		err = -ERANGE;
		goto out;
	}
	kv.iov_base = buf;
	kv.iov_len = len;
	iov_iter_kvec(&to, ITER_DEST, &kv, 1, len);
	n = np_read(xfid, 0, &to);
	err = n < 0 ? n : (n != len ? -EIO : n);
out:
	np_fid_put(xfid);
	return err;
}
EXPORT_SYMBOL_GPL(np_xattr_get);

int np_xattr_set(struct np_fid *fid, const char *name, const void *value,
		 size_t size, int flags)
{
	struct np_client *clnt = fid->clnt;
	struct np_fid *xfid;
	struct np_req *req;
	struct iov_iter from;
	struct kvec kv;
	ssize_t n;
	int err;

	xfid = np_walk(fid, 0, NULL, NULL);
	if (IS_ERR(xfid))
		return PTR_ERR(xfid);
	req = np_req_alloc(clnt, NP_TXATTRCREATE, NP_HDRSZ + 4 + 2 +
			   strlen(name) + 12, np_rc_small(clnt));
	if (IS_ERR(req)) {
		np_fid_put(xfid);
		return PTR_ERR(req);
	}
	err = np_rpc_empty(req, np_pack_txattrcreate(&req->tc, req->tag,
						     xfid->fid, name, size,
						     flags), true);
	if (!err && size) {
		kv.iov_base = (void *)value;
		kv.iov_len = size;
		iov_iter_kvec(&from, ITER_SOURCE, &kv, 1, size);
		n = np_write(xfid, 0, &from);
		if (n >= 0 && n != size)
			n = -EIO;
		if (n < 0)
			err = n;
	}
	/* the server sets the attribute when the fid is clunked */
	if (refcount_dec_and_test(&xfid->ref)) {
		int cerr = np_clunk(xfid);

		if (!err)
			err = cerr;
	}
	return err;
}
EXPORT_SYMBOL_GPL(np_xattr_set);

static size_t np_flock_len(const struct np_flock *fl)
{
	return 1 + 4 + 8 + 8 + 4 + 2 + fl->client_id.len;
}

int np_lock(struct np_fid *fid, const struct np_flock *fl, u8 *status)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	int err;

	req = np_req_alloc(clnt, NP_TLOCK, NP_HDRSZ + 4 + np_flock_len(fl),
			   np_rc_small(clnt));
	if (IS_ERR(req))
		return PTR_ERR(req);
	WRITE_ONCE(fid->locked, true);
	err = np_rpc(req, np_pack_tlock(&req->tc, req->tag, fid->fid, fl),
		     true);
	if (err)
		return err;
	err = np_unpack_rlock(&req->rc, status);
	np_req_put(req);
	return err;
}
EXPORT_SYMBOL_GPL(np_lock);

int np_getlock(struct np_fid *fid, struct np_flock *fl)
{
	struct np_client *clnt = fid->clnt;
	struct np_req *req;
	int err;

	req = np_req_alloc(clnt, NP_TGETLOCK, NP_HDRSZ + 4 + np_flock_len(fl),
			   min_t(u32, clnt->msize, NP_HDRSZ + 27 + 2 + 256));
	if (IS_ERR(req))
		return PTR_ERR(req);
	err = np_rpc(req, np_pack_tgetlock(&req->tc, req->tag, fid->fid, fl),
		     true);
	if (err)
		return err;
	/* the reply's client_id points into the reply: drop it */
	err = np_unpack_rgetlock(&req->rc, fl);
	fl->client_id.s = NULL;
	fl->client_id.len = 0;
	np_req_put(req);
	return err;
}
EXPORT_SYMBOL_GPL(np_getlock);
