// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests of the ninep client core: version negotiation, the tag
 * table, replies out of order, error replies, malformed replies, channel
 * death, the fid table, and the Tremove/Trename fallbacks.  A fake transport answers in-process.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/kthread.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/sched/signal.h>
#include <ninep/client.h>
#include <ninep/transport.h>

struct fake_srv {
	u32 msize;			/* what Rversion offers */
	const char *version;		/* what Rversion says */
	bool defer;			/* hold requests until released */
	bool flush_answers_first;	/* answer the flushed request first */
	bool garbage;			/* answer with a malformed reply */
	bool bad_tag;			/* answer with another tag */
	int lerror;			/* answer with Rlerror(lerror) */
	bool no_at;			/* Tunlinkat, Trenameat: EOPNOTSUPP */
	struct np_req *held[64];
	int nheld;
	/* sent held, answered when pushed or another is sent */
	struct np_req *unann[8];
	int nunann;
	int pushes;			/* push calls that found some */
};

/* one client at a time: the transport finds its server here */
static struct fake_srv *fake_current;

static void fake_reply(struct np_req *req, struct np_buf *out)
{
	struct fake_srv *s = fake_current;
	struct np_buf in;
	u32 size;
	u16 tag, nw, i;
	u8 type;

	np_buf_init(&in, req->tc.data, req->tc.pos);
	if (np_parse_hdr(&in, &size, &type, &tag))
		return;
	np_buf_init(out, req->rc.data, req->rc_cap);
	if (s->garbage) {
		np_put_u32(out, 3);	/* size field smaller than the header */
		np_put_u8(out, type + 1);
		np_put_u16(out, tag);
		return;
	}
	if (s->bad_tag)
		tag ^= 1;
	if ((s->lerror && type != NP_TVERSION) ||
	    (s->no_at && (type == NP_TUNLINKAT || type == NP_TRENAMEAT))) {
		np_begin(out, NP_RLERROR, tag);
		np_put_u32(out, s->lerror ?: EOPNOTSUPP);
		np_finish(out);
		return;
	}
	np_begin(out, type + 1, tag);
	switch (type) {
	case NP_TVERSION:
		np_put_u32(out, s->msize);
		np_put_cstr(out, s->version);
		break;
	case NP_TATTACH: {
		struct np_qid q = { .type = NP_QTDIR, .path = 1 };

		np_put_qid(out, &q);
		break;
	}
	case NP_TWALK:
		np_get_u32(&in);	/* fid */
		np_get_u32(&in);	/* newfid */
		nw = np_get_u16(&in);
		/* walks stop at a name "missing" */
		for (i = 0; i < nw; i++) {
			struct np_str name;

			np_get_str(&in, &name);
			if (name.len == 7 && !memcmp(name.s, "missing", 7))
				break;
		}
		np_put_u16(out, i);
		for (nw = 0; nw < i; nw++) {
			struct np_qid q = { .type = NP_QTDIR, .path = 100 + nw };

			np_put_qid(out, &q);
		}
		break;
	case NP_TGETATTR: {
		/* a file whose qid.path and size are 1000 + the fid */
		u32 fid = np_get_u32(&in);
		struct np_qid q = { .type = NP_QTFILE, .path = 1000 + fid };

		np_put_u64(out, NP_GETATTR_BASIC);
		np_put_qid(out, &q);
		np_put_u32(out, S_IFREG | 0644);
		np_put_u32(out, 0);		/* uid */
		np_put_u32(out, 0);		/* gid */
		np_put_u64(out, 1);		/* nlink */
		np_put_u64(out, 0);		/* rdev */
		np_put_u64(out, 1000 + fid);	/* size */
		for (i = 0; i < 12; i++)	/* blksize .. data_version */
			np_put_u64(out, 0);
		break;
	}
	default:
		break;		/* Rclunk and friends carry nothing */
	}
	np_finish(out);
}

static void fake_answer(struct np_req *req)
{
	struct np_buf out;

	fake_reply(req, &out);
	np_req_complete(req, out.pos, 0);
}

static void fake_answer_unann(struct fake_srv *s)
{
	int i;

	for (i = 0; i < s->nunann; i++)
		fake_answer(s->unann[i]);
	s->nunann = 0;
}

static int fake_create(struct np_client *clnt, const char *devname,
		       const struct np_client_opts *opts)
{
	clnt->trans_priv = fake_current;
	return 0;
}

static void fake_close(struct np_client *clnt)
{
}

static int fake_request(struct np_client *clnt, struct np_req *req)
{
	struct fake_srv *s = clnt->trans_priv;

	if (req->type == NP_TFLUSH && s->flush_answers_first && s->nheld) {
		fake_answer(s->held[0]);
		s->nheld = 0;
	}
	if (req->held && s->nunann < ARRAY_SIZE(s->unann)) {
		s->unann[s->nunann++] = req;
		return 0;
	}
	/* telling the server about this one tells it about those too */
	fake_answer_unann(s);
	if (s->defer && req->type != NP_TVERSION && req->type != NP_TFLUSH &&
	    s->nheld < ARRAY_SIZE(s->held)) {
		s->held[s->nheld++] = req;
		return 0;
	}
	fake_answer(req);
	return 0;
}

static void fake_push(struct np_client *clnt)
{
	struct fake_srv *s = clnt->trans_priv;

	if (s->nunann)
		s->pushes++;
	fake_answer_unann(s);
}

static struct np_trans_ops fake_trans = {
	.name = "kunit-fake",
	.owner = THIS_MODULE,
	.maxsize = 65536,
	.create = fake_create,
	.close = fake_close,
	.request = fake_request,
	.push = fake_push,
};

static struct np_client *fake_client(struct kunit *test, struct fake_srv *s)
{
	struct np_client_opts o = { .trans = "kunit-fake", .msize = 65536 };

	if (!s->msize)
		s->msize = 8192;
	if (!s->version)
		s->version = NP_VERSION_L;
	fake_current = s;
	return np_client_create("fake", &o);
}

static int client_test_init(struct kunit *test)
{
	return np_register_trans(&fake_trans);
}

static void client_test_exit(struct kunit *test)
{
	np_unregister_trans(&fake_trans);
	fake_current = NULL;
}

static void version_negotiates_msize(struct kunit *test)
{
	struct fake_srv s = { .msize = 8192 };
	struct np_client *c = fake_client(test, &s);

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	KUNIT_EXPECT_EQ(test, c->msize, 8192u);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TVERSION]), 1);
	np_client_destroy(c);
}

static void version_refuses_other_dialects(struct kunit *test)
{
	static const char *const others[] = { "9P2000", "9P2000.u", "unknown",
					      "9P2000.L2", "" };
	int i;

	for (i = 0; i < ARRAY_SIZE(others); i++) {
		struct fake_srv s = { .version = others[i] };
		struct np_client *c = fake_client(test, &s);

		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(c), -EPROTONOSUPPORT,
				    "version %s", others[i]);
		if (!IS_ERR(c))
			np_client_destroy(c);
	}
}

static void version_refuses_bad_msize(struct kunit *test)
{
	static const u32 bad[] = { 0, 100, NP_MIN_MSIZE - 1, 65537, U32_MAX };
	int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct fake_srv s = { .msize = bad[i] ?: 1 };
		struct np_client *c = fake_client(test, &s);

		KUNIT_EXPECT_EQ_MSG(test, PTR_ERR_OR_ZERO(c), -EREMOTEIO,
				    "msize %u", bad[i]);
		if (!IS_ERR(c))
			np_client_destroy(c);
	}
}

static void unknown_transport(struct kunit *test)
{
	struct np_client_opts o = { .trans = "no-such", .msize = 8192 };

	KUNIT_EXPECT_EQ(test, PTR_ERR(np_client_create("x", &o)),
			-EPROTONOSUPPORT);
}

/* many requests outstanding at once get distinct tags, never NOTAG */
static void tags_unique(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	struct np_req **reqs;
	int i, j, n = 1000;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	reqs = kunit_kcalloc(test, n, sizeof(*reqs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reqs);
	for (i = 0; i < n; i++) {
		reqs[i] = np_req_alloc(c, NP_TCLUNK, 64, 64);
		KUNIT_ASSERT_FALSE(test, IS_ERR(reqs[i]));
		KUNIT_EXPECT_NE(test, reqs[i]->tag, NP_NOTAG);
	}
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (reqs[i]->tag == reqs[j]->tag)
				KUNIT_FAIL(test, "tag %u used twice", reqs[i]->tag);
	for (i = 0; i < n; i++)
		np_req_put(reqs[i]);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	np_client_destroy(c);
}

static struct np_req *send_clunk(struct kunit *test, struct np_client *c,
				 u32 fid)
{
	struct np_req *r = np_req_alloc(c, NP_TCLUNK, 64, 64);

	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_ASSERT_EQ(test, np_pack_tclunk(&r->tc, r->tag, fid), 0);
	KUNIT_ASSERT_EQ(test, np_req_send(r), 0);
	return r;
}

/*
 * A request's message and reply buffers never overlap and hold their full
 * sizes (KASAN checks the writes), whether they live in the request
 * itself (small ones: one allocation, room for any small message) or apart.
 */
static void request_buffers_apart(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	static const u32 sizes[][3] = {
		/* tcsize, rcsize, inline */
		{ 19, 256, 1 }, { 1, 1, 1 }, { 255, 256, 1 }, { 256, 256, 1 },
		{ 257, 248, 1 }, { 257, 249, 0 }, { 19, 8192, 0 },
		{ 8192, 11, 0 },
	};
	struct np_req *r;
	u8 *tc, *rc;
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		r = np_req_alloc(c, NP_TCLUNK, sizes[i][0], sizes[i][1]);
		KUNIT_ASSERT_FALSE(test, IS_ERR(r));
		tc = r->tc.data;
		rc = r->rc.data;
		KUNIT_EXPECT_TRUE(test, tc + sizes[i][0] <= rc ||
				  rc + sizes[i][1] <= tc);
		KUNIT_EXPECT_EQ(test, tc == r->inline_buf, !!sizes[i][2]);
		memset(tc, 0xaa, sizes[i][0]);
		memset(rc, 0x55, sizes[i][1]);
		KUNIT_EXPECT_EQ(test, tc[sizes[i][0] - 1], 0xaa);
		KUNIT_EXPECT_EQ(test, rc[0], 0x55);
		np_req_put(r);
	}
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	np_client_destroy(c);
}

static void done_cb(struct np_req *req)
{
}

/*
 * A small request that is done serves the next small one, the last done
 * first, with its header as new; the client keeps no more than
 * NP_REQ_CACHE of them, and none whose buffers are apart.
 */
static void done_requests_reused(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	int i, n = NP_REQ_CACHE + 8;
	struct np_req *r, *again, **reqs;
	unsigned int kept;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	r = np_req_alloc(c, NP_TCLUNK, 19, 256);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	r->held = true;
	r->nointr = true;
	r->err = -EIO;
	r->status = NP_REQ_ERROR;
	r->done = done_cb;
	r->priv = r;
	np_req_put(r);
	again = np_req_alloc(c, NP_TGETATTR, 24, 160);
	KUNIT_ASSERT_FALSE(test, IS_ERR(again));
	KUNIT_EXPECT_PTR_EQ(test, again, r);
	KUNIT_EXPECT_EQ(test, again->type, NP_TGETATTR);
	KUNIT_EXPECT_EQ(test, again->status, NP_REQ_NEW);
	KUNIT_EXPECT_EQ(test, again->err, 0);
	KUNIT_EXPECT_FALSE(test, again->held || again->nointr ||
			   again->trans_held);
	KUNIT_EXPECT_NULL(test, again->done);
	KUNIT_EXPECT_NULL(test, again->priv);
	KUNIT_EXPECT_EQ(test, refcount_read(&again->ref), 1);
	KUNIT_EXPECT_PTR_EQ(test, again->tc.data, (u8 *)again->inline_buf);
	KUNIT_EXPECT_PTR_EQ(test, again->rc.data, (u8 *)again->inline_buf + 24);
	KUNIT_EXPECT_EQ(test, again->rc.size, 160u);
	KUNIT_EXPECT_EQ(test, again->rc_cap, 160u);
	KUNIT_EXPECT_PTR_EQ(test, idr_find(&c->reqs, again->tag), again);
	np_req_put(again);

	/* buffers apart: freed */
	kept = c->nreq_cache;
	r = np_req_alloc(c, NP_TREAD, 19, 8192);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r));
	KUNIT_EXPECT_EQ(test, c->nreq_cache, kept);
	np_req_put(r);
	KUNIT_EXPECT_EQ(test, c->nreq_cache, kept);

	reqs = kunit_kcalloc(test, n, sizeof(*reqs), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, reqs);
	for (i = 0; i < n; i++) {
		reqs[i] = np_req_alloc(c, NP_TCLUNK, 64, 64);
		KUNIT_ASSERT_FALSE(test, IS_ERR(reqs[i]));
	}
	KUNIT_EXPECT_EQ(test, c->nreq_cache, 0u);
	for (i = 0; i < n; i++)
		np_req_put(reqs[i]);
	KUNIT_EXPECT_EQ(test, c->nreq_cache, NP_REQ_CACHE);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	/* and kmemleak sees that the client frees those it kept */
	np_client_destroy(c);
}

/* replies that come back in another order reach their own requests */
static void replies_out_of_order(struct kunit *test)
{
	struct fake_srv s = { .defer = true };
	struct np_client *c = fake_client(test, &s);
	struct np_req *r[3];
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	for (i = 0; i < 3; i++)
		r[i] = send_clunk(test, c, i);
	KUNIT_ASSERT_EQ(test, s.nheld, 3);
	s.lerror = ENOENT;
	fake_answer(s.held[2]);
	s.lerror = 0;
	fake_answer(s.held[0]);
	s.lerror = EACCES;
	fake_answer(s.held[1]);
	KUNIT_EXPECT_EQ(test, np_req_wait(r[0]), 0);
	KUNIT_EXPECT_EQ(test, np_req_wait(r[1]), -EACCES);
	KUNIT_EXPECT_EQ(test, np_req_wait(r[2]), -ENOENT);
	for (i = 0; i < 3; i++)
		np_req_put(r[i]);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	np_client_destroy(c);
}

static void malformed_reply_is_eio(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	struct np_req *r;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	s.garbage = true;
	r = send_clunk(test, c, 1);
	KUNIT_EXPECT_EQ(test, np_req_wait(r), -EIO);
	np_req_put(r);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nbad), 1);
	s.garbage = false;
	s.bad_tag = true;
	r = send_clunk(test, c, 1);
	KUNIT_EXPECT_EQ(test, np_req_wait(r), -EIO);
	np_req_put(r);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nbad), 2);
	np_client_destroy(c);
}

/* a reply longer than the buffer the request posted fails cleanly */
static void oversized_reply_is_eio(struct kunit *test)
{
	struct fake_srv s = { .defer = true };
	struct np_client *c = fake_client(test, &s);
	struct np_req *r;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	r = send_clunk(test, c, 1);
	np_req_complete(s.held[0], r->rc_cap + 1, 0);
	KUNIT_EXPECT_EQ(test, np_req_wait(r), -EIO);
	np_req_put(r);
	np_client_destroy(c);
}

/* a dead channel wakes every waiter and fails new requests at once */
static void disconnect_fails_everything(struct kunit *test)
{
	struct fake_srv s = { .defer = true };
	struct np_client *c = fake_client(test, &s);
	struct np_req *r[4], *late;
	int i;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	for (i = 0; i < 4; i++)
		r[i] = send_clunk(test, c, i);
	np_client_disconnect(c, -ECONNRESET);
	/* a late reply from the transport is ignored */
	np_req_complete(s.held[0], 0, 0);
	for (i = 0; i < 4; i++) {
		KUNIT_EXPECT_EQ(test, np_req_wait(r[i]), -ECONNRESET);
		np_req_put(r[i]);
	}
	late = np_req_alloc(c, NP_TCLUNK, 64, 64);
	KUNIT_ASSERT_FALSE(test, IS_ERR(late));
	KUNIT_EXPECT_EQ(test, np_req_send(late), -ECONNRESET);
	np_req_put(late);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	np_client_destroy(c);
}

static void fids_allocated_and_clunked(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	static const char * const names[] = { "a", "b", "c" };
	struct np_fid *root, *f1, *f2;
	struct np_qid qid;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	root = np_attach(c, "u", GLOBAL_ROOT_UID, "");
	KUNIT_ASSERT_FALSE(test, IS_ERR(root));
	KUNIT_EXPECT_EQ(test, root->qid.path, 1ull);
	f1 = np_walk(root, 3, names, &qid);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f1));
	KUNIT_EXPECT_EQ(test, qid.path, 102ull);
	f2 = np_walk(root, 0, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f2));
	KUNIT_EXPECT_NE(test, f1->fid, root->fid);
	KUNIT_EXPECT_NE(test, f2->fid, f1->fid);
	KUNIT_EXPECT_EQ(test, f2->qid.path, root->qid.path);
	np_fid_put(f1);
	np_fid_put(f2);
	np_fid_put(root);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TCLUNK]), 3);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->fids));
	np_client_destroy(c);
}

/*
 * Tgetattrs kept in flight together: each reply, whatever order it comes
 * in, is parsed into its own request's attributes; an error reaches only
 * its own request.
 */
static void getattrs_in_flight(struct kunit *test)
{
	/* off the stack: KASAN builds have a 1 KiB frame limit */
	struct fake_srv *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct np_client *c;
	struct np_fid *root, *f[3];
	struct np_req *r[3];
	struct np_attr *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	int i;

	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, a);
	c = fake_client(test, sp);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	root = np_attach(c, "u", GLOBAL_ROOT_UID, "");
	KUNIT_ASSERT_FALSE(test, IS_ERR(root));
	for (i = 0; i < 3; i++) {
		f[i] = np_walk(root, 0, NULL, NULL);
		KUNIT_ASSERT_FALSE(test, IS_ERR(f[i]));
	}
	sp->defer = true;
	for (i = 0; i < 3; i++) {
		r[i] = np_getattr_send(f[i], NP_GETATTR_BASIC);
		KUNIT_ASSERT_FALSE(test, IS_ERR(r[i]));
	}
	KUNIT_ASSERT_EQ(test, sp->nheld, 3);
	fake_answer(sp->held[2]);
	sp->lerror = EACCES;
	fake_answer(sp->held[1]);
	sp->lerror = 0;
	fake_answer(sp->held[0]);
	sp->nheld = 0;
	sp->defer = false;
	KUNIT_EXPECT_EQ(test, np_getattr_finish(r[0], a), 0);
	KUNIT_EXPECT_EQ(test, a->qid.path, 1000ull + f[0]->fid);
	KUNIT_EXPECT_EQ(test, a->size, 1000ull + f[0]->fid);
	KUNIT_EXPECT_EQ(test, a->mode, (u32)(S_IFREG | 0644));
	KUNIT_EXPECT_EQ(test, np_getattr_finish(r[1], a), -EACCES);
	KUNIT_EXPECT_EQ(test, np_getattr_finish(r[2], a), 0);
	KUNIT_EXPECT_EQ(test, a->qid.path, 1000ull + f[2]->fid);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TGETATTR]), 3);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	for (i = 0; i < 3; i++)
		np_fid_put(f[i]);
	np_fid_put(root);
	np_client_destroy(c);
}

/*
 * The last put of a fid sends Tclunk without waiting; the number is not
 * reused until Rclunk; a Tclunk still unanswered at disconnect frees it.
 */
/* a client with an attached root fid, for the held-request cases */
static struct np_client *held_client(struct kunit *test, struct fake_srv *s,
				     struct np_fid **root)
{
	struct np_client *c = fake_client(test, s);

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	*root = np_attach(c, "u", GLOBAL_ROOT_UID, "");
	KUNIT_ASSERT_FALSE(test, IS_ERR(*root));
	return c;
}

/*
 * Requests sent held reach the transport without being announced; a wait
 * for one announces them all first, and a push with none held is nothing.
 */
static void held_until_wait(struct kunit *test)
{
	struct fake_srv *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct np_attr *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct np_client *c;
	struct np_fid *root;
	struct np_req *r[2];
	int i;

	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, a);
	c = held_client(test, sp, &root);
	for (i = 0; i < 2; i++) {
		r[i] = np_getattr_send_held(root, NP_GETATTR_BASIC);
		KUNIT_ASSERT_FALSE(test, IS_ERR(r[i]));
	}
	KUNIT_EXPECT_EQ(test, sp->nunann, 2);
	KUNIT_EXPECT_EQ(test, sp->pushes, 0);
	/* the wait announces both: it would never end otherwise */
	KUNIT_EXPECT_EQ(test, np_getattr_finish(r[1], a), 0);
	KUNIT_EXPECT_EQ(test, sp->pushes, 1);
	KUNIT_EXPECT_EQ(test, sp->nunann, 0);
	KUNIT_EXPECT_EQ(test, np_getattr_finish(r[0], a), 0);
	KUNIT_EXPECT_EQ(test, a->qid.path, 1000ull + root->fid);
	np_client_push(c);
	KUNIT_EXPECT_EQ(test, sp->pushes, 1);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	np_fid_put(root);
	np_client_destroy(c);
}

/* a request not held announces the held ones before it; so does a push */
static void held_until_next(struct kunit *test)
{
	struct fake_srv *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct np_attr *a = kunit_kzalloc(test, sizeof(*a), GFP_KERNEL);
	struct np_client *c;
	struct np_fid *root;
	struct np_req *r[3];

	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_ASSERT_NOT_NULL(test, a);
	c = held_client(test, sp, &root);
	r[0] = np_getattr_send_held(root, NP_GETATTR_BASIC);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r[0]));
	r[1] = np_getattr_send(root, NP_GETATTR_BASIC);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r[1]));
	KUNIT_EXPECT_EQ(test, sp->nunann, 0);
	r[2] = np_getattr_send_held(root, NP_GETATTR_BASIC);
	KUNIT_ASSERT_FALSE(test, IS_ERR(r[2]));
	KUNIT_EXPECT_EQ(test, sp->nunann, 1);
	np_client_push(c);
	KUNIT_EXPECT_EQ(test, sp->nunann, 0);
	KUNIT_EXPECT_EQ(test, sp->pushes, 1);
	KUNIT_EXPECT_EQ(test, np_getattr_finish(r[0], a), 0);
	KUNIT_EXPECT_EQ(test, np_getattr_finish(r[1], a), 0);
	KUNIT_EXPECT_EQ(test, np_getattr_finish(r[2], a), 0);
	KUNIT_EXPECT_EQ(test, sp->pushes, 1);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	np_fid_put(root);
	np_client_destroy(c);
}

static void clunk_does_not_wait(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	struct np_fid *root, *f, *g;
	u32 n;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	root = np_attach(c, "u", GLOBAL_ROOT_UID, "");
	KUNIT_ASSERT_FALSE(test, IS_ERR(root));
	f = np_walk(root, 0, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(f));
	n = f->fid;
	s.defer = true;
	np_fid_put(f);
	KUNIT_ASSERT_EQ(test, s.nheld, 1);
	KUNIT_EXPECT_EQ(test, s.held[0]->type, NP_TCLUNK);
	KUNIT_EXPECT_NOT_NULL(test, idr_find(&c->fids, n));
	s.defer = false;
	g = np_walk(root, 0, NULL, NULL);
	KUNIT_ASSERT_FALSE(test, IS_ERR(g));
	KUNIT_EXPECT_NE(test, g->fid, n);
	fake_answer(s.held[0]);
	s.nheld = 0;
	KUNIT_EXPECT_NULL(test, idr_find(&c->fids, n));
	/* unanswered when the channel goes */
	s.defer = true;
	np_fid_put(g);
	KUNIT_EXPECT_EQ(test, s.nheld, 1);
	np_fid_put(root);
	KUNIT_EXPECT_EQ(test, s.nheld, 2);
	s.nheld = 0;
	np_client_disconnect(c, -EIO);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->fids));
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TCLUNK]), 3);
	np_client_destroy(c);
}

/* a walk that stops short creates no fid on either side */
static void partial_walk_leaks_nothing(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	static const char * const names[] = { "a", "missing", "c" };
	struct np_fid *root, *f;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	root = np_attach(c, "u", GLOBAL_ROOT_UID, "");
	KUNIT_ASSERT_FALSE(test, IS_ERR(root));
	f = np_walk(root, 3, names, NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(f), -ENOENT);
	np_fid_put(root);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TCLUNK]), 1);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->fids));
	np_client_destroy(c);
}

static void server_errno_passes_through(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	struct np_fid *f;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	s.lerror = EACCES;
	f = np_attach(c, "u", GLOBAL_ROOT_UID, "");
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(f), -EACCES);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->fids));
	np_client_destroy(c);
}

/*
 * A server without Tunlinkat and Trenameat (diod) answers EOPNOTSUPP: the
 * client walks to the name and sends Tremove (which ends the fid) or
 * Trename (then Tclunk), and does not ask with the *at message again.
 */
static void unlinkat_renameat_fall_back(struct kunit *test)
{
	struct fake_srv s = { .no_at = true };
	struct np_client *c = fake_client(test, &s);
	struct np_fid *root;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	root = np_attach(c, "u", GLOBAL_ROOT_UID, "");
	KUNIT_ASSERT_FALSE(test, IS_ERR(root));
	/* the fake's walks give directories */
	KUNIT_EXPECT_EQ(test, np_unlinkat(root, "d", NP_AT_REMOVEDIR), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TUNLINKAT]), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TWALK]), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TREMOVE]), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TCLUNK]), 0);
	KUNIT_EXPECT_EQ(test, np_unlinkat(root, "e", NP_AT_REMOVEDIR), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TUNLINKAT]), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TREMOVE]), 2);
	/* unlink (not rmdir) of a directory: refused, the fid clunked */
	KUNIT_EXPECT_EQ(test, np_unlinkat(root, "f", 0), -EISDIR);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TREMOVE]), 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TCLUNK]), 1);
	KUNIT_EXPECT_EQ(test, np_unlinkat(root, "missing", 0), -ENOENT);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TREMOVE]), 2);

	KUNIT_EXPECT_EQ(test, np_renameat(root, "a", root, "b"), 0);
	KUNIT_EXPECT_EQ(test, np_renameat(root, "b", root, "c"), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TRENAMEAT]), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TRENAME]), 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TCLUNK]), 3);
	np_fid_put(root);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->fids));
	np_client_destroy(c);
}

/* a server with Tunlinkat and Trenameat gets nothing else */
static void unlinkat_renameat_direct(struct kunit *test)
{
	struct fake_srv s = {};
	struct np_client *c = fake_client(test, &s);
	struct np_fid *root;

	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	root = np_attach(c, "u", GLOBAL_ROOT_UID, "");
	KUNIT_ASSERT_FALSE(test, IS_ERR(root));
	KUNIT_EXPECT_EQ(test, np_unlinkat(root, "f", 0), 0);
	KUNIT_EXPECT_EQ(test, np_renameat(root, "a", root, "b"), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TUNLINKAT]), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TRENAMEAT]), 1);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TWALK]), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TREMOVE]), 0);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TRENAME]), 0);
	np_fid_put(root);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->fids));
	np_client_destroy(c);
}

struct flush_ctx {
	struct np_req *req;
	int result;
	struct completion done;
};

static int flush_waiter(void *p)
{
	struct flush_ctx *fc = p;

	allow_signal(SIGKILL);
	fc->result = np_req_wait(fc->req);
	complete(&fc->done);
	return 0;
}

/*
 * A waiter killed while its request is outstanding sends Tflush naming the
 * request's tag; if the reply beats Rflush the waiter gets the reply.
 */
static void flush_on_fatal_signal(struct kunit *test, bool answer_first)
{
	/* off the stack: KASAN builds have a 1 KiB frame limit */
	struct fake_srv *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct np_client *c;
	struct task_struct *t;
	struct flush_ctx fc;
	int i;

	KUNIT_ASSERT_NOT_NULL(test, sp);
	sp->defer = true;
	sp->flush_answers_first = answer_first;
	c = fake_client(test, sp);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	fc.req = send_clunk(test, c, 1);
	init_completion(&fc.done);
	t = kthread_run(flush_waiter, &fc, "np-flush-test");
	KUNIT_ASSERT_FALSE(test, IS_ERR(t));
	get_task_struct(t);
	/* racy by nature, and only a hint: wait until the thread sleeps */
	for (i = 0; i < 100 && !waitqueue_active(&fc.req->wq); i++)
		msleep(20);
	send_sig(SIGKILL, t, 1);
	KUNIT_ASSERT_TRUE(test, wait_for_completion_timeout(&fc.done, 5 * HZ));
	put_task_struct(t);
	KUNIT_EXPECT_EQ(test, atomic64_read(&c->nsent[NP_TFLUSH]), 1);
	if (answer_first) {
		KUNIT_EXPECT_EQ(test, fc.result, 0);
	} else {
		KUNIT_EXPECT_EQ(test, fc.result, -ERESTARTSYS);
		/* the transport still owns the flushed request: give it back */
		KUNIT_ASSERT_EQ(test, sp->nheld, 1);
		fake_answer(sp->held[0]);
	}
	np_req_put(fc.req);
	KUNIT_EXPECT_TRUE(test, idr_is_empty(&c->reqs));
	np_client_destroy(c);
}

static void flush_without_reply(struct kunit *test)
{
	flush_on_fatal_signal(test, false);
}

static void flush_reply_wins(struct kunit *test)
{
	flush_on_fatal_signal(test, true);
}

static struct kunit_case client_cases[] = {
	KUNIT_CASE(version_negotiates_msize),
	KUNIT_CASE(version_refuses_other_dialects),
	KUNIT_CASE(version_refuses_bad_msize),
	KUNIT_CASE(unknown_transport),
	KUNIT_CASE(tags_unique),
	KUNIT_CASE(request_buffers_apart),
	KUNIT_CASE(done_requests_reused),
	KUNIT_CASE(replies_out_of_order),
	KUNIT_CASE(malformed_reply_is_eio),
	KUNIT_CASE(oversized_reply_is_eio),
	KUNIT_CASE(disconnect_fails_everything),
	KUNIT_CASE(fids_allocated_and_clunked),
	KUNIT_CASE(partial_walk_leaks_nothing),
	KUNIT_CASE(getattrs_in_flight),
	KUNIT_CASE(held_until_wait),
	KUNIT_CASE(held_until_next),
	KUNIT_CASE(clunk_does_not_wait),
	KUNIT_CASE(server_errno_passes_through),
	KUNIT_CASE(unlinkat_renameat_fall_back),
	KUNIT_CASE(unlinkat_renameat_direct),
	KUNIT_CASE(flush_without_reply),
	KUNIT_CASE(flush_reply_wins),
	{}
};

static struct kunit_suite client_suite = {
	.name = "ninep_client",
	.init = client_test_init,
	.exit = client_test_exit,
	.test_cases = client_cases,
};

kunit_test_suite(client_suite);
