// SPDX-License-Identifier: GPL-2.0-only
/*
 * KUnit tests for the ninep 9P2000.L marshalling layer (net/proto.c).
 *
 * The T-message packers are checked against hand-written wire images and by
 * decoding their fields back; every packer is also run against every buffer
 * size too small for its message, with a guard region after the buffer.
 * The R-message unpackers are fed valid replies, every truncation of them,
 * replies with trailing bytes, wrong types, bad size fields and a set of
 * malformed bodies.  Truncated replies are tried both in an allocation of
 * exactly the truncated length (so KASAN sees any over-read) and with the
 * rest of the valid reply still in memory past b->size (so an unpacker that
 * ignored b->size would wrongly succeed).
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/limits.h>
#include <linux/module.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include <ninep/proto.h>

#define GUARD_LEN	32
#define GUARD_BYTE	0xa5
#define FILL_BYTE	0x5a
#define MSG_MAX		1024
#define RTAG		0x0b0a

/* ---------------------------------------------------------------------- */
/* helpers                                                                 */

/* a pack buffer of @size bytes followed by a guard region */
static u8 *guarded_alloc(struct kunit *test, u32 size)
{
	u8 *mem = kunit_kmalloc(test, size + GUARD_LEN, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	memset(mem, FILL_BYTE, size);
	memset(mem + size, GUARD_BYTE, GUARD_LEN);
	return mem;
}

static bool guard_intact(const u8 *mem, u32 size)
{
	u32 i;

	for (i = 0; i < GUARD_LEN; i++)
		if (mem[size + i] != GUARD_BYTE)
			return false;
	return true;
}

static bool all_bytes(const u8 *p, size_t len, u8 v)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return false;
	return true;
}

static u8 *copy_of(struct kunit *test, const void *src, size_t len)
{
	u8 *p = kunit_kmalloc(test, len ? len : 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, p);
	memcpy(p, src, len);
	return p;
}

static void expect_qid(struct kunit *test, const struct np_qid *got,
		       const struct np_qid *want)
{
	KUNIT_EXPECT_EQ(test, got->type, want->type);
	KUNIT_EXPECT_EQ(test, got->version, want->version);
	KUNIT_EXPECT_EQ(test, got->path, want->path);
}

static void expect_str(struct kunit *test, const struct np_str *got,
		       const char *want)
{
	size_t len = strlen(want);

	KUNIT_ASSERT_EQ(test, (size_t)got->len, len);
	if (len)
		KUNIT_EXPECT_MEMEQ(test, got->s, want, len);
}

static const struct np_qid q_dir = { NP_QTDIR, 7, 0x2c1facULL };
static const struct np_qid q_file = { NP_QTFILE, 1, 0x2c1bd1ULL };
static const struct np_qid q_link = { NP_QTSYMLINK, 0, 0x2c1de3ULL };
static const struct np_qid q_auth = { NP_QTAUTH, 0, 0xa17ULL };
static const struct np_qid q_big = { NP_QTFILE | NP_QTAPPEND, 0xfedcba98,
				     0x8877665544332211ULL };
static const struct np_qid q_bad = { NP_QTDIR | NP_QTSYMLINK, 0, 1 };

/* ---------------------------------------------------------------------- */
/* primitives                                                              */

static const u8 prim_image[] = {
	0x12,
	0x56, 0x34,
	0xde, 0xbc, 0x9a, 0x78,
	0xef, 0xcd, 0xab, 0x89, 0x67, 0x45, 0x23, 0x01,
	0x02, 0x00, 'a', 'b',
	0x00, 0x00,
	0x80, 0x04, 0x03, 0x02, 0x01,
	0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,
	'x', 'y', 'z',
};

static const struct np_qid prim_qid = { 0x80, 0x01020304,
					0x1122334455667788ULL };

static void prim_put_layout(struct kunit *test)
{
	u32 size = sizeof(prim_image);
	u8 *mem = guarded_alloc(test, size);
	struct np_buf b;

	np_buf_init(&b, mem, size);
	np_put_u8(&b, 0x12);
	np_put_u16(&b, 0x3456);
	np_put_u32(&b, 0x789abcde);
	np_put_u64(&b, 0x0123456789abcdefULL);
	np_put_str(&b, "abc", 2);
	np_put_cstr(&b, NULL);
	np_put_qid(&b, &prim_qid);
	np_put_bytes(&b, "xyz", 3);

	KUNIT_EXPECT_EQ(test, b.err, 0);
	KUNIT_EXPECT_EQ(test, b.pos, size);
	KUNIT_EXPECT_EQ(test, np_buf_left(&b), 0U);
	KUNIT_EXPECT_MEMEQ(test, mem, prim_image, size);
	KUNIT_EXPECT_TRUE(test, guard_intact(mem, size));

	/* the buffer is full: one more byte fails and is not written */
	np_put_u8(&b, 0xff);
	KUNIT_EXPECT_EQ(test, b.err, -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, b.pos, size);
	KUNIT_EXPECT_TRUE(test, guard_intact(mem, size));
}

static void prim_get_layout(struct kunit *test)
{
	u8 *mem = copy_of(test, prim_image, sizeof(prim_image));
	struct np_buf b;
	struct np_str s;
	struct np_qid q;
	const u8 *p;

	np_buf_init(&b, mem, sizeof(prim_image));
	KUNIT_EXPECT_EQ(test, np_buf_left(&b), (u32)sizeof(prim_image));
	KUNIT_EXPECT_EQ(test, np_get_u8(&b), 0x12);
	KUNIT_EXPECT_EQ(test, np_get_u16(&b), 0x3456);
	KUNIT_EXPECT_EQ(test, np_get_u32(&b), 0x789abcdeU);
	KUNIT_EXPECT_EQ(test, np_get_u64(&b), 0x0123456789abcdefULL);
	np_get_str(&b, &s);
	expect_str(test, &s, "ab");
	KUNIT_EXPECT_PTR_EQ(test, (const u8 *)s.s, mem + 17);
	np_get_str(&b, &s);
	KUNIT_EXPECT_EQ(test, s.len, 0);
	KUNIT_EXPECT_NOT_NULL(test, s.s);
	np_get_qid(&b, &q);
	expect_qid(test, &q, &prim_qid);
	p = np_get_bytes(&b, 3);
	KUNIT_EXPECT_PTR_EQ(test, p, (const u8 *)mem + 34);
	KUNIT_EXPECT_EQ(test, b.err, 0);
	KUNIT_EXPECT_EQ(test, np_buf_left(&b), 0U);

	/* a zero-length take at the end is fine, one more byte is not */
	KUNIT_EXPECT_NOT_NULL(test, np_get_bytes(&b, 0));
	KUNIT_EXPECT_EQ(test, b.err, 0);
	KUNIT_EXPECT_EQ(test, np_get_u8(&b), 0);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);
}

/* every put primitive, one byte short of room: fails and writes nothing */
struct short_put {
	const char *name;
	u32 room;
	void (*put)(struct np_buf *b);
};

static void sp_u16(struct np_buf *b) { np_put_u16(b, 0xffff); }
static void sp_u32(struct np_buf *b) { np_put_u32(b, ~0U); }
static void sp_u64(struct np_buf *b) { np_put_u64(b, ~0ULL); }
static void sp_qid(struct np_buf *b) { np_put_qid(b, &prim_qid); }
static void sp_str(struct np_buf *b) { np_put_str(b, "abc", 3); }
static void sp_cstr(struct np_buf *b) { np_put_cstr(b, NULL); }
static void sp_bytes(struct np_buf *b) { np_put_bytes(b, "abcd", 4); }
static void sp_u8(struct np_buf *b) { np_put_u8(b, 0xff); }

static const struct short_put short_puts[] = {
	{ "u8", 0, sp_u8 },
	{ "u16", 1, sp_u16 },
	{ "u32", 3, sp_u32 },
	{ "u64", 7, sp_u64 },
	{ "qid", NP_QIDSZ - 1, sp_qid },
	{ "str", 4, sp_str },
	{ "str-len-only", 2, sp_str },
	{ "cstr-null", 1, sp_cstr },
	{ "bytes", 3, sp_bytes },
};

static void short_put_desc(const struct short_put *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(short_put, short_puts, short_put_desc);

static void prim_put_short(struct kunit *test)
{
	const struct short_put *c = test->param_value;
	u32 lead, size;

	/* at the start of the buffer and after some earlier fields */
	for (lead = 0; lead <= 5; lead += 5) {
		struct np_buf b;
		u8 *mem;

		size = lead + c->room;
		mem = guarded_alloc(test, size);
		np_buf_init(&b, mem, size);
		np_put_bytes(&b, "LEAD!", lead);
		c->put(&b);
		KUNIT_EXPECT_EQ(test, b.err, -EMSGSIZE);
		KUNIT_EXPECT_EQ(test, b.pos, lead);
		KUNIT_EXPECT_TRUE(test, all_bytes(mem + lead, c->room,
						  FILL_BYTE));
		KUNIT_EXPECT_TRUE(test, guard_intact(mem, size));
	}
}

static void prim_put_sticky(struct kunit *test)
{
	u8 *mem = guarded_alloc(test, 8);
	struct np_buf b;

	np_buf_init(&b, mem, 8);
	np_put_u32(&b, 0x01020304);
	np_put_u64(&b, 1);		/* does not fit */
	KUNIT_EXPECT_EQ(test, b.err, -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, b.pos, 4U);
	/* these would fit, but the buffer is in error */
	np_put_u8(&b, 0xee);
	np_put_u16(&b, 0xeeee);
	np_put_str(&b, "", 0);
	np_put_bytes(&b, "e", 1);
	KUNIT_EXPECT_EQ(test, b.err, -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, b.pos, 4U);
	KUNIT_EXPECT_EQ(test, np_buf_left(&b), 0U);
	KUNIT_EXPECT_TRUE(test, all_bytes(mem + 4, 4, FILL_BYTE));
	KUNIT_EXPECT_TRUE(test, guard_intact(mem, 8));
	KUNIT_EXPECT_EQ(test, np_finish(&b), -EMSGSIZE);
}

static void prim_get_sticky(struct kunit *test)
{
	static const u8 img[] = { 1, 2, 3, 4, 5, 6 };
	u8 *mem = copy_of(test, img, sizeof(img));
	struct np_buf b;
	struct np_str s;
	struct np_qid q;

	np_buf_init(&b, mem, sizeof(img));
	KUNIT_EXPECT_EQ(test, np_get_u32(&b), 0x04030201U);
	KUNIT_EXPECT_EQ(test, np_get_u32(&b), 0U);	/* 2 bytes left */
	KUNIT_EXPECT_EQ(test, b.err, -EIO);
	KUNIT_EXPECT_EQ(test, b.pos, 4U);
	/* enough bytes for these, but the buffer is in error */
	KUNIT_EXPECT_EQ(test, np_get_u8(&b), 0);
	KUNIT_EXPECT_EQ(test, np_get_u16(&b), 0);
	KUNIT_EXPECT_NULL(test, np_get_bytes(&b, 1));
	KUNIT_EXPECT_NULL(test, np_get_bytes(&b, 0));
	s.s = "junk";
	s.len = 4;
	np_get_str(&b, &s);
	KUNIT_EXPECT_NULL(test, s.s);
	KUNIT_EXPECT_EQ(test, s.len, 0);
	memset(&q, 0xff, sizeof(q));
	np_get_qid(&b, &q);
	KUNIT_EXPECT_EQ(test, q.type, 0);
	KUNIT_EXPECT_EQ(test, q.version, 0U);
	KUNIT_EXPECT_EQ(test, q.path, 0ULL);
	KUNIT_EXPECT_EQ(test, np_get_u64(&b), 0ULL);
	KUNIT_EXPECT_EQ(test, b.pos, 4U);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);
}

/* each get primitive, one byte short: 0/NULL, -EIO, pos unchanged */
static void prim_get_short(struct kunit *test)
{
	static const u8 img[16] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				    0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	struct np_buf b;
	struct np_qid q;
	struct np_str s;
	u8 *mem;

	mem = copy_of(test, img, 0);
	np_buf_init(&b, mem, 0);
	KUNIT_EXPECT_EQ(test, np_get_u8(&b), 0);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);

	mem = copy_of(test, img, 1);
	np_buf_init(&b, mem, 1);
	KUNIT_EXPECT_EQ(test, np_get_u16(&b), 0);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);

	mem = copy_of(test, img, 3);
	np_buf_init(&b, mem, 3);
	KUNIT_EXPECT_EQ(test, np_get_u32(&b), 0U);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);

	mem = copy_of(test, img, 7);
	np_buf_init(&b, mem, 7);
	KUNIT_EXPECT_EQ(test, np_get_u64(&b), 0ULL);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);

	mem = copy_of(test, img, NP_QIDSZ - 1);
	np_buf_init(&b, mem, NP_QIDSZ - 1);
	np_get_qid(&b, &q);
	KUNIT_EXPECT_EQ(test, q.path, 0ULL);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);

	mem = copy_of(test, img, 4);
	np_buf_init(&b, mem, 4);
	KUNIT_EXPECT_NULL(test, np_get_bytes(&b, 5));
	KUNIT_EXPECT_EQ(test, b.err, -EIO);
	KUNIT_EXPECT_EQ(test, b.pos, 0U);

	/* string whose length runs past the end: 0xffff, 10 bytes present */
	mem = copy_of(test, img, 12);
	np_buf_init(&b, mem, 12);
	np_get_str(&b, &s);
	KUNIT_EXPECT_NULL(test, s.s);
	KUNIT_EXPECT_EQ(test, s.len, 0);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);
}

/* a string whose length is one more than the bytes that follow it */
static void prim_get_str_past_end(struct kunit *test)
{
	static const u8 img[] = { 0x05, 0x00, 'a', 'b', 'c', 'd' };
	u8 *mem = copy_of(test, img, sizeof(img));
	struct np_buf b;
	struct np_str s;

	np_buf_init(&b, mem, sizeof(img));
	np_get_str(&b, &s);
	KUNIT_EXPECT_NULL(test, s.s);
	KUNIT_EXPECT_EQ(test, b.err, -EIO);

	/* the same bytes with the length fixed are fine */
	mem[0] = 4;
	np_buf_init(&b, mem, sizeof(img));
	np_get_str(&b, &s);
	expect_str(test, &s, "abcd");
	KUNIT_EXPECT_EQ(test, b.err, 0);
}

static void prim_str_limits(struct kunit *test)
{
	const u32 size = U16_MAX + 2 + 2;
	char *big;
	u8 *mem;
	struct np_buf b;

	big = kunit_kmalloc(test, U16_MAX + 2, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, big);
	memset(big, 'n', U16_MAX + 1);
	big[U16_MAX + 1] = '\0';
	mem = guarded_alloc(test, size);

	/* 65536 bytes: refused, nothing written */
	np_buf_init(&b, mem, size);
	np_put_str(&b, big, U16_MAX + 1);
	KUNIT_EXPECT_EQ(test, b.err, -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, b.pos, 0U);
	KUNIT_EXPECT_TRUE(test, all_bytes(mem, 4, FILL_BYTE));

	np_buf_init(&b, mem, size);
	np_put_cstr(&b, big);
	KUNIT_EXPECT_EQ(test, b.err, -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, b.pos, 0U);

	/* and through a packer */
	np_buf_init(&b, mem, size);
	KUNIT_EXPECT_EQ(test, np_pack_tlcreate(&b, 1, 2, big, 0, 0644, 0),
			-ENAMETOOLONG);

	/* 65535 bytes: fine */
	np_buf_init(&b, mem, size);
	np_put_str(&b, big, U16_MAX);
	KUNIT_EXPECT_EQ(test, b.err, 0);
	KUNIT_EXPECT_EQ(test, b.pos, (u32)U16_MAX + 2);
	KUNIT_EXPECT_EQ(test, mem[0], 0xff);
	KUNIT_EXPECT_EQ(test, mem[1], 0xff);
	KUNIT_EXPECT_EQ(test, mem[2 + U16_MAX - 1], 'n');
	KUNIT_EXPECT_EQ(test, mem[2 + U16_MAX], FILL_BYTE);
	KUNIT_EXPECT_TRUE(test, guard_intact(mem, size));

	/* ... unless it does not fit */
	np_buf_init(&b, mem, U16_MAX + 1);
	np_put_str(&b, big, U16_MAX);
	KUNIT_EXPECT_EQ(test, b.err, -EMSGSIZE);
}

static void prim_framing(struct kunit *test)
{
	u8 *mem = guarded_alloc(test, 16);
	struct np_buf b;

	/* np_begin() writes the header and np_finish() patches size[4] */
	np_buf_init(&b, mem, 16);
	np_begin(&b, NP_TCLUNK, 0x1234);
	KUNIT_EXPECT_EQ(test, b.pos, (u32)NP_HDRSZ);
	np_put_u16(&b, 0xbeef);
	KUNIT_EXPECT_EQ(test, np_finish(&b), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(mem), 9U);
	KUNIT_EXPECT_EQ(test, mem[4], NP_TCLUNK);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(mem + 5), 0x1234);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(mem + 7), 0xbeef);

	/* np_begin() on a buffer in error starts over */
	np_put_bytes(&b, mem, 16);
	KUNIT_EXPECT_EQ(test, b.err, -EMSGSIZE);
	np_begin(&b, NP_TFLUSH, 1);
	KUNIT_EXPECT_EQ(test, b.err, 0);
	KUNIT_EXPECT_EQ(test, np_finish(&b), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(mem), (u32)NP_HDRSZ);

	/* a buffer too small for a header */
	np_buf_init(&b, mem, NP_HDRSZ - 1);
	np_begin(&b, NP_TFLUSH, 1);
	KUNIT_EXPECT_EQ(test, np_finish(&b), -EMSGSIZE);
	KUNIT_EXPECT_TRUE(test, guard_intact(mem, 16));

	/* np_finish() without np_begin() */
	np_buf_init(&b, mem, 16);
	np_put_u8(&b, 1);
	KUNIT_EXPECT_EQ(test, np_finish(&b), -EINVAL);
}

struct hdr_case {
	const char *name;
	u8 img[12];
	u32 len;
	int err;
};

static const struct hdr_case hdr_cases[] = {
	{ "minimal", { 7, 0, 0, 0, NP_RCLUNK, 0x34, 0x12 }, 7, 0 },
	{ "with-body", { 9, 0, 0, 0, NP_RFLUSH, 0x34, 0x12, 1, 2 }, 9, 0 },
	{ "size-too-big", { 8, 0, 0, 0, NP_RCLUNK, 0, 0 }, 7, -EIO },
	{ "size-too-small", { 8, 0, 0, 0, NP_RCLUNK, 0, 0, 0, 0 }, 9, -EIO },
	{ "size-huge", { 0xff, 0xff, 0xff, 0xff, NP_RCLUNK, 0, 0 }, 7, -EIO },
	{ "size-zero", { 0, 0, 0, 0, NP_RCLUNK, 0, 0 }, 7, -EIO },
	{ "size-below-header", { 6, 0, 0, 0, NP_RCLUNK, 0 }, 6, -EIO },
	{ "size-field-only", { 4, 0, 0, 0 }, 4, -EIO },
	{ "three-bytes", { 3, 0, 0 }, 3, -EIO },
	{ "empty", { 0 }, 0, -EIO },
};

static void hdr_desc(const struct hdr_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(hdr, hdr_cases, hdr_desc);

static void prim_parse_hdr(struct kunit *test)
{
	const struct hdr_case *c = test->param_value;
	u8 *mem = copy_of(test, c->img, c->len);
	struct np_buf b;
	u32 size = 1;
	u8 type = 1;
	u16 tag = 1;

	np_buf_init(&b, mem, c->len);
	b.err = -ENOMEM;	/* np_parse_hdr() starts afresh */
	KUNIT_EXPECT_EQ(test, np_parse_hdr(&b, &size, &type, &tag), c->err);
	KUNIT_EXPECT_EQ(test, b.err, c->err);
	if (c->err)
		return;
	KUNIT_EXPECT_EQ(test, size, c->len);
	KUNIT_EXPECT_EQ(test, type, c->img[4]);
	KUNIT_EXPECT_EQ(test, tag, 0x1234);
	KUNIT_EXPECT_EQ(test, b.pos, (u32)NP_HDRSZ);
	/* the outputs are optional */
	KUNIT_EXPECT_EQ(test, np_parse_hdr(&b, NULL, NULL, NULL), 0);
}

struct qt_case {
	u8 type;
	bool valid;
};

static const struct qt_case qt_cases[] = {
	{ NP_QTFILE, true },
	{ NP_QTDIR, true },
	{ NP_QTSYMLINK, true },
	{ NP_QTAUTH, true },
	{ NP_QTLINK, true },
	{ NP_QTTMP, true },
	{ NP_QTDIR | NP_QTMOUNT | NP_QTTMP, true },
	{ NP_QTAPPEND | NP_QTEXCL | NP_QTTMP | NP_QTLINK, true },
	{ NP_QTSYMLINK | NP_QTTMP, true },
	{ NP_QTDIR | NP_QTSYMLINK, false },
	{ NP_QTDIR | NP_QTAUTH, false },
	{ NP_QTSYMLINK | NP_QTAUTH, false },
	{ NP_QTDIR | NP_QTSYMLINK | NP_QTAUTH, false },
	{ 0xff, false },
};

static void prim_qid_type(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(qt_cases); i++)
		KUNIT_EXPECT_EQ_MSG(test, np_qid_type_valid(qt_cases[i].type),
				    qt_cases[i].valid, "type %#x",
				    qt_cases[i].type);
}

struct name_case {
	u8 type;
	const char *name;
};

static const struct name_case name_cases[] = {
	{ NP_TLERROR, "Tlerror" },	{ NP_RLERROR, "Rlerror" },
	{ NP_TSTATFS, "Tstatfs" },	{ NP_RSTATFS, "Rstatfs" },
	{ NP_TLOPEN, "Tlopen" },	{ NP_RLOPEN, "Rlopen" },
	{ NP_TLCREATE, "Tlcreate" },	{ NP_RLCREATE, "Rlcreate" },
	{ NP_TSYMLINK, "Tsymlink" },	{ NP_RSYMLINK, "Rsymlink" },
	{ NP_TMKNOD, "Tmknod" },	{ NP_RMKNOD, "Rmknod" },
	{ NP_TRENAME, "Trename" },	{ NP_RRENAME, "Rrename" },
	{ NP_TREADLINK, "Treadlink" },	{ NP_RREADLINK, "Rreadlink" },
	{ NP_TGETATTR, "Tgetattr" },	{ NP_RGETATTR, "Rgetattr" },
	{ NP_TSETATTR, "Tsetattr" },	{ NP_RSETATTR, "Rsetattr" },
	{ NP_TXATTRWALK, "Txattrwalk" },
	{ NP_RXATTRWALK, "Rxattrwalk" },
	{ NP_TXATTRCREATE, "Txattrcreate" },
	{ NP_RXATTRCREATE, "Rxattrcreate" },
	{ NP_TREADDIR, "Treaddir" },	{ NP_RREADDIR, "Rreaddir" },
	{ NP_TFSYNC, "Tfsync" },	{ NP_RFSYNC, "Rfsync" },
	{ NP_TLOCK, "Tlock" },		{ NP_RLOCK, "Rlock" },
	{ NP_TGETLOCK, "Tgetlock" },	{ NP_RGETLOCK, "Rgetlock" },
	{ NP_TLINK, "Tlink" },		{ NP_RLINK, "Rlink" },
	{ NP_TMKDIR, "Tmkdir" },	{ NP_RMKDIR, "Rmkdir" },
	{ NP_TRENAMEAT, "Trenameat" },	{ NP_RRENAMEAT, "Rrenameat" },
	{ NP_TUNLINKAT, "Tunlinkat" },	{ NP_RUNLINKAT, "Runlinkat" },
	{ NP_TVERSION, "Tversion" },	{ NP_RVERSION, "Rversion" },
	{ NP_TAUTH, "Tauth" },		{ NP_RAUTH, "Rauth" },
	{ NP_TATTACH, "Tattach" },	{ NP_RATTACH, "Rattach" },
	{ NP_TERROR, "Terror" },	{ NP_RERROR, "Rerror" },
	{ NP_TFLUSH, "Tflush" },	{ NP_RFLUSH, "Rflush" },
	{ NP_TWALK, "Twalk" },		{ NP_RWALK, "Rwalk" },
	{ NP_TOPEN, "Topen" },		{ NP_ROPEN, "Ropen" },
	{ NP_TCREATE, "Tcreate" },	{ NP_RCREATE, "Rcreate" },
	{ NP_TREAD, "Tread" },		{ NP_RREAD, "Rread" },
	{ NP_TWRITE, "Twrite" },	{ NP_RWRITE, "Rwrite" },
	{ NP_TCLUNK, "Tclunk" },	{ NP_RCLUNK, "Rclunk" },
	{ NP_TREMOVE, "Tremove" },	{ NP_RREMOVE, "Rremove" },
	{ NP_TSTAT, "Tstat" },		{ NP_RSTAT, "Rstat" },
	{ NP_TWSTAT, "Twstat" },	{ NP_RWSTAT, "Rwstat" },
};

static void prim_msg_name(struct kunit *test)
{
	unsigned int t, named = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(name_cases); i++) {
		const char *n = np_msg_name(name_cases[i].type);

		KUNIT_ASSERT_NOT_NULL_MSG(test, n, "type %u",
					  name_cases[i].type);
		KUNIT_EXPECT_STREQ(test, n, name_cases[i].name);
	}
	for (t = 0; t <= U8_MAX; t++)
		if (np_msg_name(t))
			named++;
	KUNIT_EXPECT_EQ(test, named, (unsigned int)ARRAY_SIZE(name_cases));
	KUNIT_EXPECT_NULL(test, np_msg_name(0));
	KUNIT_EXPECT_NULL(test, np_msg_name(NP_RWSTAT + 1));
	KUNIT_EXPECT_NULL(test, np_msg_name(U8_MAX));
}

static struct kunit_case prim_cases[] = {
	KUNIT_CASE(prim_put_layout),
	KUNIT_CASE(prim_get_layout),
	KUNIT_CASE_PARAM(prim_put_short, short_put_gen_params),
	KUNIT_CASE(prim_put_sticky),
	KUNIT_CASE(prim_get_sticky),
	KUNIT_CASE(prim_get_short),
	KUNIT_CASE(prim_get_str_past_end),
	KUNIT_CASE(prim_str_limits),
	KUNIT_CASE(prim_framing),
	KUNIT_CASE_PARAM(prim_parse_hdr, hdr_gen_params),
	KUNIT_CASE(prim_qid_type),
	KUNIT_CASE(prim_msg_name),
	{}
};

static struct kunit_suite prim_suite = {
	.name = "ninep_proto_prim",
	.test_cases = prim_cases,
};

/* ---------------------------------------------------------------------- */
/* T-messages                                                              */

/*
 * One packer call.  fmt describes the fields after the tag, decoded back
 * with the np_get_* primitives: b = u8, w = u16, d = u32, q = u64, s =
 * string; v[] and s[] hold the expected values in order.  Where img is set
 * the whole message must equal it byte for byte.
 */
struct tcase {
	const char *name;
	int (*pack)(struct np_buf *b, u16 tag);
	u8 type;
	u16 tag;
	u32 extra;	/* counted in size[4] but not packed (Twrite data) */
	const char *fmt;
	u64 v[12];
	const char *s[NP_MAXWELEM];
	const u8 *img;
	size_t img_len;
};

#define IMG(x)	.img = (x), .img_len = sizeof(x)

static const u8 tversion_img[] = {
	0x15, 0x00, 0x00, 0x00, 0x64, 0xff, 0xff,
	0x00, 0x20, 0x00, 0x00,
	0x08, 0x00, '9', 'P', '2', '0', '0', '0', '.', 'L',
};

static const u8 twalk_img[] = {
	0x1b, 0x00, 0x00, 0x00, 0x6e, 0x01, 0x00,
	0x01, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00,
	0x02, 0x00,
	0x03, 0x00, 'u', 's', 'r',
	0x03, 0x00, 'l', 'i', 'b',
};

static const u8 twalk_clone_img[] = {
	0x11, 0x00, 0x00, 0x00, 0x6e, 0x02, 0x00,
	0x01, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00,
	0x00, 0x00,
};

static const u8 tattach_img[] = {
	0x21, 0x00, 0x00, 0x00, 0x68, 0x01, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff,
	0x04, 0x00, 'r', 'o', 'o', 't',
	0x06, 0x00, '/', 't', 'm', 'p', '/', '9',
	0xff, 0xff, 0xff, 0xff,
};

static const u8 tattach_uid_img[] = {
	0x17, 0x00, 0x00, 0x00, 0x68, 0x01, 0x00,
	0x01, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff,
	0x00, 0x00,
	0x00, 0x00,
	0xf4, 0x01, 0x00, 0x00,
};

static const u8 tgetattr_img[] = {
	0x13, 0x00, 0x00, 0x00, 0x18, 0x01, 0x00,
	0x03, 0x00, 0x00, 0x00,
	0xff, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static const u8 treaddir_img[] = {
	0x17, 0x00, 0x00, 0x00, 0x28, 0x34, 0x12,
	0x02, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0x7f, 0x00, 0x00, 0x00, 0x00,
	0xd0, 0xff, 0x00, 0x00,
};

static const u8 tlcreate_img[] = {
	0x1c, 0x00, 0x00, 0x00, 0x0e, 0x01, 0x00,
	0x02, 0x00, 0x00, 0x00,
	0x03, 0x00, 'f', 'o', 'o',
	0x41, 0x82, 0x00, 0x00,
	0xa4, 0x81, 0x00, 0x00,
	0xf4, 0x01, 0x00, 0x00,
};

static const u8 tsetattr_img[] = {
	0x43, 0x00, 0x00, 0x00, 0x1a, 0x07, 0x00,
	0x02, 0x00, 0x00, 0x00,
	0x41, 0x00, 0x00, 0x00,
	0x00, 0x40, 0x00, 0x00,
	0xe8, 0x03, 0x00, 0x00,
	0x64, 0x00, 0x00, 0x00,
	0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
	0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x22, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x33, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x44, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
};

static const u8 tlock_img[] = {
	0x2a, 0x00, 0x00, 0x00, 0x34, 0x09, 0x00,
	0x05, 0x00, 0x00, 0x00,
	0x01,
	0x01, 0x00, 0x00, 0x00,
	0x64, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x92, 0x10, 0x00, 0x00,
	0x04, 0x00, 'h', 'o', 's', 't',
};

static const u8 tgetlock_img[] = {
	0x22, 0x00, 0x00, 0x00, 0x36, 0x09, 0x00,
	0x05, 0x00, 0x00, 0x00,
	0x00,
	0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f,
	0x01, 0x00, 0x00, 0x00,
	0x00, 0x00,
};

static const u8 twrite_img[] = {
	0x1d, 0x00, 0x00, 0x00, 0x76, 0x01, 0x00,
	0x02, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x00, 0x00,
};

static const u8 tflush_img[] = {
	0x09, 0x00, 0x00, 0x00, 0x6c, 0x02, 0x00,
	0x01, 0x00,
};

static const u8 tclunk_img[] = {
	0x0b, 0x00, 0x00, 0x00, 0x78, 0x01, 0x00,
	0x02, 0x00, 0x00, 0x00,
};

static const char *const walk_names[] = { "usr", "lib" };
static const char *const walk_max[NP_MAXWELEM] = {
	"a", "b", "c", "d", "e", "f", "g", "h",
	"i", "j", "k", "l", "m", "n", "o", "p",
};

static const struct np_iattr setattr_in = {
	.valid = NP_SETATTR_MODE | NP_SETATTR_CTIME,
	.mode = 040000,
	.uid = 1000,
	.gid = 100,
	.size = 0x0102030405060708ULL,
	.atime_sec = 0x11,
	.atime_nsec = 0x22,
	.mtime_sec = 0x33,
	.mtime_nsec = 0x8000000000000044ULL,
};

static const struct np_flock lock_in = {
	.type = NP_LOCK_TYPE_WRLCK,
	.flags = NP_LOCK_FLAGS_BLOCK,
	.start = 100,
	.length = 0,
	.proc_id = 4242,
	.client_id = { "host", 4 },
};

static const struct np_flock getlock_in = {
	.type = NP_LOCK_TYPE_RDLCK,
	.flags = 0xdead,	/* not packed in Tgetlock */
	.start = 4096,
	.length = 0x7fffffffffffffffULL,
	.proc_id = 1,
	.client_id = { NULL, 0 },
};

static int pk_tversion(struct np_buf *b, u16 tag)
{
	return np_pack_tversion(b, tag, 8192, NP_VERSION_L);
}

static int pk_tauth(struct np_buf *b, u16 tag)
{
	return np_pack_tauth(b, tag, 7, "glenda", "", 1000);
}

static int pk_tattach(struct np_buf *b, u16 tag)
{
	return np_pack_tattach(b, tag, 0, NP_NOFID, "root", "/tmp/9",
			       NP_NONUNAME);
}

static int pk_tattach_uid(struct np_buf *b, u16 tag)
{
	return np_pack_tattach(b, tag, 1, NP_NOFID, NULL, NULL, 500);
}

static int pk_tflush(struct np_buf *b, u16 tag)
{
	return np_pack_tflush(b, tag, 1);
}

static int pk_twalk(struct np_buf *b, u16 tag)
{
	return np_pack_twalk(b, tag, 1, 2, ARRAY_SIZE(walk_names), walk_names);
}

static int pk_twalk_clone(struct np_buf *b, u16 tag)
{
	return np_pack_twalk(b, tag, 1, 2, 0, NULL);
}

static int pk_twalk_max(struct np_buf *b, u16 tag)
{
	return np_pack_twalk(b, tag, 3, 4, NP_MAXWELEM, walk_max);
}

static int pk_tread(struct np_buf *b, u16 tag)
{
	return np_pack_tread(b, tag, 5, 0x100000000ULL, 32768);
}

static int pk_twrite(struct np_buf *b, u16 tag)
{
	return np_pack_twrite_hdr(b, tag, 2, 0, 6);
}

static int pk_tclunk(struct np_buf *b, u16 tag)
{
	return np_pack_tclunk(b, tag, 2);
}

static int pk_tremove(struct np_buf *b, u16 tag)
{
	return np_pack_tremove(b, tag, 0xfffffffe);
}

static int pk_tstatfs(struct np_buf *b, u16 tag)
{
	return np_pack_tstatfs(b, tag, 0);
}

static int pk_tlopen(struct np_buf *b, u16 tag)
{
	return np_pack_tlopen(b, tag, 5, NP_DOTL_RDWR | NP_DOTL_NOFOLLOW);
}

static int pk_tlcreate(struct np_buf *b, u16 tag)
{
	return np_pack_tlcreate(b, tag, 2, "foo", 0x8241, 0100644, 500);
}

static int pk_tsymlink(struct np_buf *b, u16 tag)
{
	return np_pack_tsymlink(b, tag, 1, "newsymlink", "/tmp/9/newdir", 500);
}

static int pk_tmknod(struct np_buf *b, u16 tag)
{
	return np_pack_tmknod(b, tag, 1, "null", 020666, 1, 3, 0);
}

static int pk_trename(struct np_buf *b, u16 tag)
{
	return np_pack_trename(b, tag, 4, 1, "moved");
}

static int pk_treadlink(struct np_buf *b, u16 tag)
{
	return np_pack_treadlink(b, tag, 4);
}

static int pk_tgetattr(struct np_buf *b, u16 tag)
{
	return np_pack_tgetattr(b, tag, 3, NP_GETATTR_ALL);
}

static int pk_tsetattr(struct np_buf *b, u16 tag)
{
	return np_pack_tsetattr(b, tag, 2, &setattr_in);
}

static int pk_txattrwalk(struct np_buf *b, u16 tag)
{
	return np_pack_txattrwalk(b, tag, 1, 9, "user.mime_type");
}

static int pk_txattrwalk_list(struct np_buf *b, u16 tag)
{
	return np_pack_txattrwalk(b, tag, 1, 9, NULL);
}

static int pk_txattrcreate(struct np_buf *b, u16 tag)
{
	return np_pack_txattrcreate(b, tag, 9, "user.x", 300, 1);
}

static int pk_treaddir(struct np_buf *b, u16 tag)
{
	return np_pack_treaddir(b, tag, 2, 0x7fffffff, 65488);
}

static int pk_tfsync(struct np_buf *b, u16 tag)
{
	return np_pack_tfsync(b, tag, 2, 1);
}

static int pk_tlock(struct np_buf *b, u16 tag)
{
	return np_pack_tlock(b, tag, 5, &lock_in);
}

static int pk_tgetlock(struct np_buf *b, u16 tag)
{
	return np_pack_tgetlock(b, tag, 5, &getlock_in);
}

static int pk_tlink(struct np_buf *b, u16 tag)
{
	return np_pack_tlink(b, tag, 1, 6, "hardlink");
}

static int pk_tmkdir(struct np_buf *b, u16 tag)
{
	return np_pack_tmkdir(b, tag, 1, "newdir", 040755, 500);
}

static int pk_trenameat(struct np_buf *b, u16 tag)
{
	return np_pack_trenameat(b, tag, 1, "old", 8, "new");
}

static int pk_tunlinkat(struct np_buf *b, u16 tag)
{
	return np_pack_tunlinkat(b, tag, 1, "gone", 0x200);
}

static const struct tcase tcases[] = {
	{ "Tversion", pk_tversion, NP_TVERSION, NP_NOTAG, 0,
	  "ds", { 8192 }, { "9P2000.L" }, IMG(tversion_img) },
	{ "Tauth", pk_tauth, NP_TAUTH, 1, 0,
	  "dssd", { 7, 1000 }, { "glenda", "" } },
	{ "Tattach", pk_tattach, NP_TATTACH, 1, 0,
	  "ddssd", { 0, NP_NOFID, NP_NONUNAME }, { "root", "/tmp/9" },
	  IMG(tattach_img) },
	{ "Tattach-null-names", pk_tattach_uid, NP_TATTACH, 1, 0,
	  "ddssd", { 1, NP_NOFID, 500 }, { "", "" }, IMG(tattach_uid_img) },
	{ "Tflush", pk_tflush, NP_TFLUSH, 2, 0,
	  "w", { 1 }, {}, IMG(tflush_img) },
	{ "Twalk", pk_twalk, NP_TWALK, 1, 0,
	  "ddwss", { 1, 2, 2 }, { "usr", "lib" }, IMG(twalk_img) },
	{ "Twalk-clone", pk_twalk_clone, NP_TWALK, 2, 0,
	  "ddw", { 1, 2, 0 }, {}, IMG(twalk_clone_img) },
	{ "Twalk-16", pk_twalk_max, NP_TWALK, 3, 0,
	  "ddwssssssssssssssss", { 3, 4, NP_MAXWELEM },
	  { "a", "b", "c", "d", "e", "f", "g", "h",
	    "i", "j", "k", "l", "m", "n", "o", "p" } },
	{ "Tread", pk_tread, NP_TREAD, 4, 0,
	  "dqd", { 5, 0x100000000ULL, 32768 } },
	{ "Twrite-hdr", pk_twrite, NP_TWRITE, 1, 6,
	  "dqd", { 2, 0, 6 }, {}, IMG(twrite_img) },
	{ "Tclunk", pk_tclunk, NP_TCLUNK, 1, 0,
	  "d", { 2 }, {}, IMG(tclunk_img) },
	{ "Tremove", pk_tremove, NP_TREMOVE, 5, 0,
	  "d", { 0xfffffffe } },
	{ "Tstatfs", pk_tstatfs, NP_TSTATFS, 6, 0,
	  "d", { 0 } },
	{ "Tlopen", pk_tlopen, NP_TLOPEN, 7, 0,
	  "dd", { 5, NP_DOTL_RDWR | NP_DOTL_NOFOLLOW } },
	{ "Tlcreate", pk_tlcreate, NP_TLCREATE, 1, 0,
	  "dsddd", { 2, 0x8241, 0100644, 500 }, { "foo" },
	  IMG(tlcreate_img) },
	{ "Tsymlink", pk_tsymlink, NP_TSYMLINK, 8, 0,
	  "dssd", { 1, 500 }, { "newsymlink", "/tmp/9/newdir" } },
	{ "Tmknod", pk_tmknod, NP_TMKNOD, 9, 0,
	  "dsdddd", { 1, 020666, 1, 3, 0 }, { "null" } },
	{ "Trename", pk_trename, NP_TRENAME, 10, 0,
	  "dds", { 4, 1 }, { "moved" } },
	{ "Treadlink", pk_treadlink, NP_TREADLINK, 11, 0,
	  "d", { 4 } },
	{ "Tgetattr", pk_tgetattr, NP_TGETATTR, 1, 0,
	  "dq", { 3, NP_GETATTR_ALL }, {}, IMG(tgetattr_img) },
	{ "Tsetattr", pk_tsetattr, NP_TSETATTR, 7, 0,
	  "dddddqqqqq", { 2, 0x41, 040000, 1000, 100, 0x0102030405060708ULL,
			  0x11, 0x22, 0x33, 0x8000000000000044ULL },
	  {}, IMG(tsetattr_img) },
	{ "Txattrwalk", pk_txattrwalk, NP_TXATTRWALK, 12, 0,
	  "dds", { 1, 9 }, { "user.mime_type" } },
	{ "Txattrwalk-list", pk_txattrwalk_list, NP_TXATTRWALK, 12, 0,
	  "dds", { 1, 9 }, { "" } },
	{ "Txattrcreate", pk_txattrcreate, NP_TXATTRCREATE, 13, 0,
	  "dsqd", { 9, 300, 1 }, { "user.x" } },
	{ "Treaddir", pk_treaddir, NP_TREADDIR, 0x1234, 0,
	  "dqd", { 2, 0x7fffffff, 65488 }, {}, IMG(treaddir_img) },
	{ "Tfsync", pk_tfsync, NP_TFSYNC, 14, 0,
	  "dd", { 2, 1 } },
	{ "Tlock", pk_tlock, NP_TLOCK, 9, 0,
	  "dbdqqds", { 5, 1, 1, 100, 0, 4242 }, { "host" }, IMG(tlock_img) },
	{ "Tgetlock", pk_tgetlock, NP_TGETLOCK, 9, 0,
	  "dbqqds", { 5, 0, 4096, 0x7fffffffffffffffULL, 1 }, { "" },
	  IMG(tgetlock_img) },
	{ "Tlink", pk_tlink, NP_TLINK, 15, 0,
	  "dds", { 1, 6 }, { "hardlink" } },
	{ "Tmkdir", pk_tmkdir, NP_TMKDIR, 16, 0,
	  "dsdd", { 1, 040755, 500 }, { "newdir" } },
	{ "Trenameat", pk_trenameat, NP_TRENAMEAT, 17, 0,
	  "dsds", { 1, 8 }, { "old", "new" } },
	{ "Tunlinkat", pk_tunlinkat, NP_TUNLINKAT, 18, 0,
	  "dsd", { 1, 0x200 }, { "gone" } },
};

static void tcase_desc(const struct tcase *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(tmsg, tcases, tcase_desc);

/* decode the fields after the header as c->fmt says and compare */
static void tmsg_check_fields(struct kunit *test, const struct tcase *c,
			      struct np_buf *b)
{
	unsigned int vi = 0, si = 0;
	const char *f;
	struct np_str str;

	for (f = c->fmt; *f; f++) {
		unsigned int field = f - c->fmt;

		switch (*f) {
		case 'b':
			KUNIT_EXPECT_EQ_MSG(test, (u64)np_get_u8(b), c->v[vi++],
					    "field %u", field);
			break;
		case 'w':
			KUNIT_EXPECT_EQ_MSG(test, (u64)np_get_u16(b),
					    c->v[vi++], "field %u", field);
			break;
		case 'd':
			KUNIT_EXPECT_EQ_MSG(test, (u64)np_get_u32(b),
					    c->v[vi++], "field %u", field);
			break;
		case 'q':
			KUNIT_EXPECT_EQ_MSG(test, np_get_u64(b), c->v[vi++],
					    "field %u", field);
			break;
		case 's':
			np_get_str(b, &str);
			KUNIT_ASSERT_EQ_MSG(test, b->err, 0, "field %u", field);
			expect_str(test, &str, c->s[si++]);
			break;
		default:
			KUNIT_FAIL(test, "bad fmt char %c", *f);
		}
	}
	KUNIT_EXPECT_EQ(test, b->err, 0);
	KUNIT_EXPECT_EQ(test, b->pos, b->size);
}

static void tmsg_encode(struct kunit *test)
{
	const struct tcase *c = test->param_value;
	u8 *mem = guarded_alloc(test, MSG_MAX);
	struct np_buf b, rb;
	u32 len, size;
	u8 type;
	u16 tag;

	np_buf_init(&b, mem, MSG_MAX);
	KUNIT_ASSERT_EQ(test, c->pack(&b, c->tag), 0);
	KUNIT_EXPECT_EQ(test, b.err, 0);
	len = b.pos;
	KUNIT_EXPECT_TRUE(test, all_bytes(mem + len, MSG_MAX - len,
					  FILL_BYTE));
	KUNIT_EXPECT_TRUE(test, guard_intact(mem, MSG_MAX));

	/* header */
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(mem), len + c->extra);
	KUNIT_EXPECT_EQ(test, mem[4], c->type);
	KUNIT_EXPECT_EQ(test, get_unaligned_le16(mem + 5), c->tag);

	/* fields, through the header parser and the get primitives */
	np_buf_init(&rb, mem, len);
	if (c->extra)
		put_unaligned_le32(len, mem);
	KUNIT_ASSERT_EQ(test, np_parse_hdr(&rb, &size, &type, &tag), 0);
	KUNIT_EXPECT_EQ(test, size, len);
	KUNIT_EXPECT_EQ(test, type, c->type);
	KUNIT_EXPECT_EQ(test, tag, c->tag);
	tmsg_check_fields(test, c, &rb);
	if (c->extra)
		put_unaligned_le32(len + c->extra, mem);

	/* the exact wire image */
	if (c->img) {
		size_t n = min_t(size_t, len, c->img_len);

		KUNIT_EXPECT_EQ(test, (size_t)len, c->img_len);
		KUNIT_EXPECT_MEMEQ(test, mem, c->img, n);
	}

	/* packing again into the same, now dirty, buffer gives the same */
	np_buf_init(&b, mem + len, MSG_MAX - len);
	KUNIT_ASSERT_EQ(test, c->pack(&b, c->tag), 0);
	KUNIT_EXPECT_EQ(test, b.pos, len);
	KUNIT_EXPECT_MEMEQ(test, mem + len, mem, len);
	KUNIT_EXPECT_EQ(test, c->pack(&b, c->tag), 0);
	KUNIT_EXPECT_EQ(test, b.pos, len);
}

/* every buffer size short of the message: -EMSGSIZE, guard untouched */
static void tmsg_overflow(struct kunit *test)
{
	const struct tcase *c = test->param_value;
	u8 *mem = guarded_alloc(test, MSG_MAX);
	struct np_buf b;
	u32 len, size;

	np_buf_init(&b, mem, MSG_MAX);
	KUNIT_ASSERT_EQ(test, c->pack(&b, c->tag), 0);
	len = b.pos;

	for (size = 0; size < len; size++) {
		u8 *small = guarded_alloc(test, size);

		np_buf_init(&b, small, size);
		KUNIT_EXPECT_EQ_MSG(test, c->pack(&b, c->tag), -EMSGSIZE,
				    "size %u", size);
		KUNIT_EXPECT_EQ(test, b.err, -EMSGSIZE);
		KUNIT_EXPECT_LE(test, b.pos, size);
		KUNIT_EXPECT_TRUE_MSG(test, guard_intact(small, size),
				      "size %u", size);
	}

	/* exactly the right size is enough */
	mem = guarded_alloc(test, len);
	np_buf_init(&b, mem, len);
	KUNIT_EXPECT_EQ(test, c->pack(&b, c->tag), 0);
	KUNIT_EXPECT_EQ(test, b.pos, len);
	KUNIT_EXPECT_TRUE(test, guard_intact(mem, len));
}

static void tmsg_walk_limit(struct kunit *test)
{
	static const char *const names[NP_MAXWELEM + 1] = {
		"a", "b", "c", "d", "e", "f", "g", "h", "i",
		"j", "k", "l", "m", "n", "o", "p", "q",
	};
	u8 *mem = guarded_alloc(test, MSG_MAX);
	struct np_buf b;

	np_buf_init(&b, mem, MSG_MAX);
	KUNIT_EXPECT_EQ(test, np_pack_twalk(&b, 1, 1, 2, NP_MAXWELEM + 1,
					    names), -EINVAL);
	KUNIT_EXPECT_EQ(test, b.err, -EINVAL);
	np_buf_init(&b, mem, MSG_MAX);
	KUNIT_EXPECT_EQ(test, np_pack_twalk(&b, 1, 1, 2, U16_MAX, names),
			-EINVAL);
	np_buf_init(&b, mem, MSG_MAX);
	KUNIT_EXPECT_EQ(test, np_pack_twalk(&b, 1, 1, 2, NP_MAXWELEM, names),
			0);
	KUNIT_EXPECT_EQ(test, b.pos, (u32)(NP_HDRSZ + 10 + 3 * NP_MAXWELEM));
}

/* Twrite: the caller appends the data to the same buffer */
static void tmsg_write_append(struct kunit *test)
{
	static const u8 data[] = { 'h', 'e', 'l', 'l', 'o', '\n' };
	u8 *mem = guarded_alloc(test, MSG_MAX);
	struct np_buf b;

	np_buf_init(&b, mem, MSG_MAX);
	KUNIT_ASSERT_EQ(test, np_pack_twrite_hdr(&b, 1, 2, 0, sizeof(data)),
			0);
	np_put_bytes(&b, data, sizeof(data));
	KUNIT_EXPECT_EQ(test, b.err, 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(mem), b.pos);
	KUNIT_EXPECT_EQ(test, np_finish(&b), 0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(mem), 29U);
	KUNIT_EXPECT_MEMEQ(test, mem + 23, data, sizeof(data));

	/* a count that would overflow size[4] */
	np_buf_init(&b, mem, MSG_MAX);
	KUNIT_EXPECT_EQ(test, np_pack_twrite_hdr(&b, 1, 2, 0, U32_MAX - 22),
			-EMSGSIZE);
	np_buf_init(&b, mem, MSG_MAX);
	KUNIT_EXPECT_EQ(test, np_pack_twrite_hdr(&b, 1, 2, 0, U32_MAX - 23),
			0);
	KUNIT_EXPECT_EQ(test, get_unaligned_le32(mem), U32_MAX);
}

static struct kunit_case tmsg_cases[] = {
	KUNIT_CASE_PARAM(tmsg_encode, tmsg_gen_params),
	KUNIT_CASE_PARAM(tmsg_overflow, tmsg_gen_params),
	KUNIT_CASE(tmsg_walk_limit),
	KUNIT_CASE(tmsg_write_append),
	{}
};

static struct kunit_suite tmsg_suite = {
	.name = "ninep_proto_tmsg",
	.test_cases = tmsg_cases,
};

/* ---------------------------------------------------------------------- */
/* R-messages                                                              */

/*
 * One reply: build() writes the body after the header, unpack() runs the
 * unpacker and, when verify is set, checks the values it produced.
 */
struct rcase {
	const char *name;
	u8 reqtype;
	void (*build)(struct np_buf *b);
	int (*unpack)(struct kunit *test, struct np_buf *b, bool verify);
};

static const u8 rdata[64] = "hello, world: sixty-four bytes of file data for Rread!!!!!!!!!";

static const struct np_attr attr_want = {
	.valid = NP_GETATTR_ALL,
	.qid = { NP_QTFILE, 3, 0x2c1de4ULL },
	.mode = 0100644,
	.uid = 500,
	.gid = 501,
	.nlink = 1,
	.rdev = 0x0102,
	.size = 6,
	.blksize = 4096,
	.blocks = 8,
	.atime_sec = 1296983240, .atime_nsec = 1,
	.mtime_sec = 1296983241, .mtime_nsec = 2,
	.ctime_sec = 1296983242, .ctime_nsec = 3,
	.btime_sec = 1296983243, .btime_nsec = 4,
	.gen = 5,
	.data_version = 0xffffffffffffffffULL,
};

static const struct np_statfs statfs_want = {
	.type = 0x01021997,
	.bsize = 4096,
	.blocks = 1000000,
	.bfree = 500000,
	.bavail = 400000,
	.files = 65536,
	.ffree = 60000,
	.fsid = 0x1234567887654321ULL,
	.namelen = 255,
};

static void put_dirent(struct np_buf *b, const struct np_qid *qid, u64 off,
		       u8 type, const char *name, u16 len)
{
	np_put_qid(b, qid);
	np_put_u64(b, off);
	np_put_u8(b, type);
	np_put_str(b, name, len);
}

/* three records, 24 + 1, 24 + 2 and 24 + 3 bytes long */
#define DIRENTS_LEN	78

static void put_dirents(struct np_buf *b)
{
	put_dirent(b, &q_dir, 1, 4, ".", 1);
	put_dirent(b, &q_dir, 2, 4, "..", 2);
	put_dirent(b, &q_file, 0x7fffffff, 8, "foo", 3);
}

static void check_dirents(struct kunit *test, const void *data, u32 count)
{
	static const char *const names[] = { ".", "..", "foo" };
	static const u64 offs[] = { 1, 2, 0x7fffffff };
	struct np_dirent d;
	struct np_buf db;
	int i;

	np_buf_init(&db, (void *)data, count);
	for (i = 0; i < 3; i++) {
		KUNIT_ASSERT_EQ(test, np_next_dirent(&db, &d), 1);
		expect_str(test, &d.name, names[i]);
		KUNIT_EXPECT_EQ(test, d.offset, offs[i]);
		expect_qid(test, &d.qid, i < 2 ? &q_dir : &q_file);
		KUNIT_EXPECT_EQ(test, d.type, i < 2 ? 4 : 8);
	}
	KUNIT_EXPECT_EQ(test, np_next_dirent(&db, &d), 0);
}

/* bodies */

static void b_rversion(struct np_buf *b)
{
	np_put_u32(b, 8192);
	np_put_cstr(b, NP_VERSION_L);
}

static void b_rversion_unknown(struct np_buf *b)
{
	np_put_u32(b, 8192);
	np_put_cstr(b, "unknown");
}

static void b_qid_dir(struct np_buf *b) { np_put_qid(b, &q_dir); }
static void b_qid_file(struct np_buf *b) { np_put_qid(b, &q_file); }
static void b_qid_link(struct np_buf *b) { np_put_qid(b, &q_link); }
static void b_qid_auth(struct np_buf *b) { np_put_qid(b, &q_auth); }
static void b_qid_bad(struct np_buf *b) { np_put_qid(b, &q_bad); }

static void b_rwalk3(struct np_buf *b)
{
	np_put_u16(b, 3);
	np_put_qid(b, &q_dir);
	np_put_qid(b, &q_link);
	np_put_qid(b, &q_big);
}

static void b_rwalk1(struct np_buf *b)
{
	np_put_u16(b, 1);
	np_put_qid(b, &q_dir);
}

static void b_rwalk0(struct np_buf *b)
{
	np_put_u16(b, 0);
}

static void b_rread(struct np_buf *b)
{
	np_put_u32(b, 5);
	np_put_bytes(b, rdata, 5);
}

static void b_rread_full(struct np_buf *b)
{
	np_put_u32(b, sizeof(rdata));
	np_put_bytes(b, rdata, sizeof(rdata));
}

static void b_rread_empty(struct np_buf *b)
{
	np_put_u32(b, 0);
}

static void b_rwrite(struct np_buf *b) { np_put_u32(b, 6); }

static void b_rstatfs(struct np_buf *b)
{
	const struct np_statfs *st = &statfs_want;

	np_put_u32(b, st->type);
	np_put_u32(b, st->bsize);
	np_put_u64(b, st->blocks);
	np_put_u64(b, st->bfree);
	np_put_u64(b, st->bavail);
	np_put_u64(b, st->files);
	np_put_u64(b, st->ffree);
	np_put_u64(b, st->fsid);
	np_put_u32(b, st->namelen);
}

static void b_rlopen(struct np_buf *b)
{
	np_put_qid(b, &q_big);
	np_put_u32(b, 4096);
}

static void b_rreadlink(struct np_buf *b)
{
	np_put_cstr(b, "/tmp/9/newdir");
}

static void b_rgetattr(struct np_buf *b)
{
	const struct np_attr *a = &attr_want;

	np_put_u64(b, a->valid);
	np_put_qid(b, &a->qid);
	np_put_u32(b, a->mode);
	np_put_u32(b, a->uid);
	np_put_u32(b, a->gid);
	np_put_u64(b, a->nlink);
	np_put_u64(b, a->rdev);
	np_put_u64(b, a->size);
	np_put_u64(b, a->blksize);
	np_put_u64(b, a->blocks);
	np_put_u64(b, a->atime_sec);
	np_put_u64(b, a->atime_nsec);
	np_put_u64(b, a->mtime_sec);
	np_put_u64(b, a->mtime_nsec);
	np_put_u64(b, a->ctime_sec);
	np_put_u64(b, a->ctime_nsec);
	np_put_u64(b, a->btime_sec);
	np_put_u64(b, a->btime_nsec);
	np_put_u64(b, a->gen);
	np_put_u64(b, a->data_version);
}

static void b_rxattrwalk(struct np_buf *b)
{
	np_put_u64(b, 0x1122334455667788ULL);
}

static void b_rreaddir(struct np_buf *b)
{
	np_put_u32(b, DIRENTS_LEN);
	put_dirents(b);
}

static void b_rreaddir_empty(struct np_buf *b)
{
	np_put_u32(b, 0);
}

static void b_rlock(struct np_buf *b) { np_put_u8(b, NP_LOCK_BLOCKED); }

static void b_rgetlock(struct np_buf *b)
{
	np_put_u8(b, NP_LOCK_TYPE_WRLCK);
	np_put_u64(b, 10);
	np_put_u64(b, 20);
	np_put_u32(b, 99);
	np_put_cstr(b, "otherhost");
}

/* unpackers */

static int u_rversion(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_str v;
	u32 msize;
	int err = np_unpack_rversion(b, &msize, &v);

	if (verify && !err) {
		KUNIT_EXPECT_EQ(test, msize, 8192U);
		expect_str(test, &v, NP_VERSION_L);
	}
	return err;
}

static int u_rversion_unknown(struct kunit *test, struct np_buf *b,
			      bool verify)
{
	struct np_str v;
	u32 msize;
	int err = np_unpack_rversion(b, &msize, &v);

	if (verify && !err)
		expect_str(test, &v, "unknown");
	return err;
}

static int u_rauth(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_qid q;
	int err = np_unpack_rauth(b, &q);

	if (verify && !err)
		expect_qid(test, &q, &q_auth);
	return err;
}

static int u_rattach(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_qid q;
	int err = np_unpack_rattach(b, &q);

	if (verify && !err)
		expect_qid(test, &q, &q_dir);
	return err;
}

static int u_rwalk_n(struct kunit *test, struct np_buf *b, bool verify,
		     u16 maxqid, u16 want_n)
{
	const struct np_qid *want[] = { &q_dir, &q_link, &q_big };
	struct np_qid wq[NP_MAXWELEM + 4];
	u16 n = 0xbeef, i;
	int err = np_unpack_rwalk(b, maxqid, &n, wq);

	if (verify && !err) {
		KUNIT_ASSERT_EQ(test, n, want_n);
		for (i = 0; i < n; i++)
			expect_qid(test, &wq[i], want[i]);
	}
	if (err)
		KUNIT_EXPECT_EQ(test, n, 0);
	return err;
}

static int u_rwalk3(struct kunit *test, struct np_buf *b, bool verify)
{
	return u_rwalk_n(test, b, verify, 3, 3);
}

static int u_rwalk1(struct kunit *test, struct np_buf *b, bool verify)
{
	return u_rwalk_n(test, b, verify, 3, 1);
}

static int u_rwalk0(struct kunit *test, struct np_buf *b, bool verify)
{
	return u_rwalk_n(test, b, verify, 0, 0);
}

static int u_rwalk_wide(struct kunit *test, struct np_buf *b, bool verify)
{
	return u_rwalk_n(test, b, verify, NP_MAXWELEM + 4, 0);
}

static int u_rread_n(struct kunit *test, struct np_buf *b, bool verify,
		     u32 want)
{
	const void *data = (void *)1;
	u32 count = 0xbeef;
	int err = np_unpack_rread(b, sizeof(rdata), &count, &data);

	if (verify && !err) {
		KUNIT_ASSERT_EQ(test, count, want);
		KUNIT_ASSERT_NOT_NULL(test, data);
		if (count)
			KUNIT_EXPECT_MEMEQ(test, data, rdata, count);
		KUNIT_EXPECT_PTR_EQ(test, (const u8 *)data + count,
				    (const u8 *)b->data + b->size);
	}
	if (err) {
		KUNIT_EXPECT_EQ(test, count, 0U);
		KUNIT_EXPECT_NULL(test, data);
	}
	return err;
}

static int u_rread(struct kunit *test, struct np_buf *b, bool verify)
{
	return u_rread_n(test, b, verify, 5);
}

static int u_rread_full(struct kunit *test, struct np_buf *b, bool verify)
{
	return u_rread_n(test, b, verify, sizeof(rdata));
}

static int u_rread_empty(struct kunit *test, struct np_buf *b, bool verify)
{
	return u_rread_n(test, b, verify, 0);
}

static int u_rwrite(struct kunit *test, struct np_buf *b, bool verify)
{
	u32 count;
	int err = np_unpack_rwrite(b, &count);

	if (verify && !err)
		KUNIT_EXPECT_EQ(test, count, 6U);
	return err;
}

static int u_rstatfs(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_statfs st;
	int err = np_unpack_rstatfs(b, &st);

	if (verify && !err) {
		KUNIT_EXPECT_EQ(test, st.type, statfs_want.type);
		KUNIT_EXPECT_EQ(test, st.bsize, statfs_want.bsize);
		KUNIT_EXPECT_EQ(test, st.blocks, statfs_want.blocks);
		KUNIT_EXPECT_EQ(test, st.bfree, statfs_want.bfree);
		KUNIT_EXPECT_EQ(test, st.bavail, statfs_want.bavail);
		KUNIT_EXPECT_EQ(test, st.files, statfs_want.files);
		KUNIT_EXPECT_EQ(test, st.ffree, statfs_want.ffree);
		KUNIT_EXPECT_EQ(test, st.fsid, statfs_want.fsid);
		KUNIT_EXPECT_EQ(test, st.namelen, statfs_want.namelen);
	}
	return err;
}

static int u_rlopen(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_qid q;
	u32 iounit;
	int err = np_unpack_rlopen(b, &q, &iounit);

	if (verify && !err) {
		expect_qid(test, &q, &q_big);
		KUNIT_EXPECT_EQ(test, iounit, 4096U);
	}
	return err;
}

static int u_rlcreate(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_qid q;
	u32 iounit;
	int err = np_unpack_rlcreate(b, &q, &iounit);

	if (verify && !err) {
		expect_qid(test, &q, &q_big);
		KUNIT_EXPECT_EQ(test, iounit, 4096U);
	}
	return err;
}

static int u_rsymlink(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_qid q;
	int err = np_unpack_rsymlink(b, &q);

	if (verify && !err)
		expect_qid(test, &q, &q_link);
	return err;
}

static int u_rmknod(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_qid q;
	int err = np_unpack_rmknod(b, &q);

	if (verify && !err)
		expect_qid(test, &q, &q_file);
	return err;
}

static int u_rmkdir(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_qid q;
	int err = np_unpack_rmkdir(b, &q);

	if (verify && !err)
		expect_qid(test, &q, &q_dir);
	return err;
}

static int u_rreadlink(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_str t;
	int err = np_unpack_rreadlink(b, &t);

	if (verify && !err)
		expect_str(test, &t, "/tmp/9/newdir");
	return err;
}

static int u_rgetattr(struct kunit *test, struct np_buf *b, bool verify)
{
	const struct np_attr *w = &attr_want;
	struct np_attr a;
	int err = np_unpack_rgetattr(b, &a);

	if (verify && !err) {
		KUNIT_EXPECT_EQ(test, a.valid, w->valid);
		expect_qid(test, &a.qid, &w->qid);
		KUNIT_EXPECT_EQ(test, a.mode, w->mode);
		KUNIT_EXPECT_EQ(test, a.uid, w->uid);
		KUNIT_EXPECT_EQ(test, a.gid, w->gid);
		KUNIT_EXPECT_EQ(test, a.nlink, w->nlink);
		KUNIT_EXPECT_EQ(test, a.rdev, w->rdev);
		KUNIT_EXPECT_EQ(test, a.size, w->size);
		KUNIT_EXPECT_EQ(test, a.blksize, w->blksize);
		KUNIT_EXPECT_EQ(test, a.blocks, w->blocks);
		KUNIT_EXPECT_EQ(test, a.atime_sec, w->atime_sec);
		KUNIT_EXPECT_EQ(test, a.atime_nsec, w->atime_nsec);
		KUNIT_EXPECT_EQ(test, a.mtime_sec, w->mtime_sec);
		KUNIT_EXPECT_EQ(test, a.mtime_nsec, w->mtime_nsec);
		KUNIT_EXPECT_EQ(test, a.ctime_sec, w->ctime_sec);
		KUNIT_EXPECT_EQ(test, a.ctime_nsec, w->ctime_nsec);
		KUNIT_EXPECT_EQ(test, a.btime_sec, w->btime_sec);
		KUNIT_EXPECT_EQ(test, a.btime_nsec, w->btime_nsec);
		KUNIT_EXPECT_EQ(test, a.gen, w->gen);
		KUNIT_EXPECT_EQ(test, a.data_version, w->data_version);
	}
	return err;
}

static int u_rxattrwalk(struct kunit *test, struct np_buf *b, bool verify)
{
	u64 size;
	int err = np_unpack_rxattrwalk(b, &size);

	if (verify && !err)
		KUNIT_EXPECT_EQ(test, size, 0x1122334455667788ULL);
	return err;
}

static int u_rreaddir_n(struct kunit *test, struct np_buf *b, bool verify,
			u32 maxcount, u32 want)
{
	const void *data = (void *)1;
	u32 count = 0xbeef;
	int err = np_unpack_rreaddir(b, maxcount, &count, &data);

	if (verify && !err) {
		KUNIT_ASSERT_EQ(test, count, want);
		KUNIT_ASSERT_NOT_NULL(test, data);
		if (count)
			check_dirents(test, data, count);
	}
	if (err) {
		KUNIT_EXPECT_EQ(test, count, 0U);
		KUNIT_EXPECT_NULL(test, data);
	}
	return err;
}

static int u_rreaddir(struct kunit *test, struct np_buf *b, bool verify)
{
	return u_rreaddir_n(test, b, verify, 4096, DIRENTS_LEN);
}

static int u_rreaddir_tight(struct kunit *test, struct np_buf *b,
			    bool verify)
{
	return u_rreaddir_n(test, b, verify, DIRENTS_LEN, DIRENTS_LEN);
}

static int u_rreaddir_small(struct kunit *test, struct np_buf *b,
			    bool verify)
{
	return u_rreaddir_n(test, b, verify, DIRENTS_LEN - 1, DIRENTS_LEN);
}

static int u_rreaddir_empty(struct kunit *test, struct np_buf *b,
			    bool verify)
{
	return u_rreaddir_n(test, b, verify, 4096, 0);
}

static int u_rlock(struct kunit *test, struct np_buf *b, bool verify)
{
	u8 status;
	int err = np_unpack_rlock(b, &status);

	if (verify && !err)
		KUNIT_EXPECT_EQ(test, status, NP_LOCK_BLOCKED);
	return err;
}

static int u_rgetlock(struct kunit *test, struct np_buf *b, bool verify)
{
	struct np_flock fl;
	int err;

	memset(&fl, 0xff, sizeof(fl));
	err = np_unpack_rgetlock(b, &fl);
	if (verify && !err) {
		KUNIT_EXPECT_EQ(test, fl.type, NP_LOCK_TYPE_WRLCK);
		KUNIT_EXPECT_EQ(test, fl.flags, 0U);
		KUNIT_EXPECT_EQ(test, fl.start, 10ULL);
		KUNIT_EXPECT_EQ(test, fl.length, 20ULL);
		KUNIT_EXPECT_EQ(test, fl.proc_id, 99U);
		expect_str(test, &fl.client_id, "otherhost");
	}
	return err;
}

static int u_rempty(struct kunit *test, struct np_buf *b, bool verify)
{
	return np_unpack_rempty(b);
}

static const struct rcase rgood[] = {
	{ "Rversion", NP_TVERSION, b_rversion, u_rversion },
	{ "Rversion-unknown", NP_TVERSION, b_rversion_unknown,
	  u_rversion_unknown },
	{ "Rauth", NP_TAUTH, b_qid_auth, u_rauth },
	{ "Rattach", NP_TATTACH, b_qid_dir, u_rattach },
	{ "Rwalk-3", NP_TWALK, b_rwalk3, u_rwalk3 },
	{ "Rwalk-partial", NP_TWALK, b_rwalk1, u_rwalk1 },
	{ "Rwalk-clone", NP_TWALK, b_rwalk0, u_rwalk0 },
	{ "Rread", NP_TREAD, b_rread, u_rread },
	{ "Rread-maxcount", NP_TREAD, b_rread_full, u_rread_full },
	{ "Rread-eof", NP_TREAD, b_rread_empty, u_rread_empty },
	{ "Rwrite", NP_TWRITE, b_rwrite, u_rwrite },
	{ "Rstatfs", NP_TSTATFS, b_rstatfs, u_rstatfs },
	{ "Rlopen", NP_TLOPEN, b_rlopen, u_rlopen },
	{ "Rlcreate", NP_TLCREATE, b_rlopen, u_rlcreate },
	{ "Rsymlink", NP_TSYMLINK, b_qid_link, u_rsymlink },
	{ "Rmknod", NP_TMKNOD, b_qid_file, u_rmknod },
	{ "Rreadlink", NP_TREADLINK, b_rreadlink, u_rreadlink },
	{ "Rgetattr", NP_TGETATTR, b_rgetattr, u_rgetattr },
	{ "Rxattrwalk", NP_TXATTRWALK, b_rxattrwalk, u_rxattrwalk },
	{ "Rreaddir", NP_TREADDIR, b_rreaddir, u_rreaddir },
	{ "Rreaddir-maxcount", NP_TREADDIR, b_rreaddir, u_rreaddir_tight },
	{ "Rreaddir-end", NP_TREADDIR, b_rreaddir_empty, u_rreaddir_empty },
	{ "Rlock", NP_TLOCK, b_rlock, u_rlock },
	{ "Rgetlock", NP_TGETLOCK, b_rgetlock, u_rgetlock },
	{ "Rmkdir", NP_TMKDIR, b_qid_dir, u_rmkdir },
	{ "Rflush", NP_TFLUSH, NULL, u_rempty },
	{ "Rclunk", NP_TCLUNK, NULL, u_rempty },
	{ "Rremove", NP_TREMOVE, NULL, u_rempty },
	{ "Rrename", NP_TRENAME, NULL, u_rempty },
	{ "Rsetattr", NP_TSETATTR, NULL, u_rempty },
	{ "Rxattrcreate", NP_TXATTRCREATE, NULL, u_rempty },
	{ "Rfsync", NP_TFSYNC, NULL, u_rempty },
	{ "Rlink", NP_TLINK, NULL, u_rempty },
	{ "Rrenameat", NP_TRENAMEAT, NULL, u_rempty },
	{ "Runlinkat", NP_TUNLINKAT, NULL, u_rempty },
};

/* malformed bodies: each must give -EIO */

static void x_rread_over_max(struct np_buf *b)
{
	np_put_u32(b, sizeof(rdata) + 1);
	np_put_bytes(b, rdata, sizeof(rdata));
	np_put_u8(b, '!');
}

static void x_rread_over_present(struct np_buf *b)
{
	np_put_u32(b, 10);
	np_put_bytes(b, rdata, 5);
}

static void x_rread_huge(struct np_buf *b)
{
	np_put_u32(b, U32_MAX);
	np_put_bytes(b, rdata, 8);
}

static void x_rwalk_over_asked(struct np_buf *b)
{
	b_rwalk3(b);
	b->data[NP_HDRSZ] = 4;
	np_put_qid(b, &q_file);
}

static void x_rwalk_over_maxwelem(struct np_buf *b)
{
	int i;

	np_put_u16(b, NP_MAXWELEM + 1);
	for (i = 0; i <= NP_MAXWELEM; i++)
		np_put_qid(b, &q_dir);
}

static void x_rwalk_huge(struct np_buf *b)
{
	np_put_u16(b, U16_MAX);
	np_put_qid(b, &q_dir);
}

static void x_rwalk_bad_qid(struct np_buf *b)
{
	np_put_u16(b, 2);
	np_put_qid(b, &q_dir);
	np_put_qid(b, &q_bad);
}

static void x_rwalk_short(struct np_buf *b)
{
	np_put_u16(b, 2);
	np_put_qid(b, &q_dir);
}

static void x_rversion_strlen(struct np_buf *b)
{
	np_put_u32(b, 8192);
	np_put_u16(b, U16_MAX);
	np_put_bytes(b, NP_VERSION_L, 8);
}

static void x_rversion_strlen1(struct np_buf *b)
{
	np_put_u32(b, 8192);
	np_put_u16(b, 9);
	np_put_bytes(b, NP_VERSION_L, 8);
}

static void x_rversion_extra_str(struct np_buf *b)
{
	b_rversion(b);
	np_put_cstr(b, "x");
}

static void x_rreadlink_strlen(struct np_buf *b)
{
	np_put_u16(b, 14);
	np_put_bytes(b, "/tmp/9/newdir", 13);
}

static void x_rreadlink_nul(struct np_buf *b)
{
	np_put_str(b, "/tmp\0/x", 7);
}

static void x_rgetlock_strlen(struct np_buf *b)
{
	np_put_u8(b, NP_LOCK_TYPE_WRLCK);
	np_put_u64(b, 10);
	np_put_u64(b, 20);
	np_put_u32(b, 99);
	np_put_u16(b, 100);
	np_put_bytes(b, "otherhost", 9);
}

static void x_rgetlock_type(struct np_buf *b)
{
	np_put_u8(b, NP_LOCK_TYPE_UNLCK + 1);
	np_put_u64(b, 10);
	np_put_u64(b, 20);
	np_put_u32(b, 99);
	np_put_cstr(b, "otherhost");
}

static void x_rlock_status(struct np_buf *b)
{
	np_put_u8(b, NP_LOCK_GRACE + 1);
}

static void x_rgetattr_bad_qid(struct np_buf *b)
{
	b_rgetattr(b);
	b->data[NP_HDRSZ + 8] = NP_QTDIR | NP_QTAUTH;
}

static void x_rlopen_bad_qid(struct np_buf *b)
{
	np_put_qid(b, &q_bad);
	np_put_u32(b, 0);
}

static void x_rreaddir_over_max(struct np_buf *b)
{
	np_put_u32(b, DIRENTS_LEN);
	put_dirents(b);
}

static void x_rreaddir_over_present(struct np_buf *b)
{
	np_put_u32(b, DIRENTS_LEN + 1);
	put_dirents(b);
}

static void x_rempty_extra(struct np_buf *b)
{
	np_put_u8(b, 0);
}

static void x_qid_short(struct np_buf *b)
{
	np_put_bytes(b, "\x80\0\0\0\0\0\0\0\0\0\0\0", NP_QIDSZ - 1);
}

static const struct rcase rbad[] = {
	{ "Rread-count-over-maxcount", NP_TREAD, x_rread_over_max,
	  u_rread_full },
	{ "Rread-count-over-present", NP_TREAD, x_rread_over_present,
	  u_rread },
	{ "Rread-count-huge", NP_TREAD, x_rread_huge, u_rread },
	{ "Rreaddir-count-over-maxcount", NP_TREADDIR, x_rreaddir_over_max,
	  u_rreaddir_small },
	{ "Rreaddir-count-over-present", NP_TREADDIR,
	  x_rreaddir_over_present, u_rreaddir },
	{ "Rwalk-nwqid-over-asked", NP_TWALK, x_rwalk_over_asked, u_rwalk3 },
	{ "Rwalk-nwqid-over-asked-clone", NP_TWALK, b_rwalk1, u_rwalk0 },
	{ "Rwalk-nwqid-over-maxwelem", NP_TWALK, x_rwalk_over_maxwelem,
	  u_rwalk_wide },
	{ "Rwalk-nwqid-huge", NP_TWALK, x_rwalk_huge, u_rwalk_wide },
	{ "Rwalk-nwqid-over-present", NP_TWALK, x_rwalk_short, u_rwalk3 },
	{ "Rwalk-bad-qid-type", NP_TWALK, x_rwalk_bad_qid, u_rwalk3 },
	{ "Rversion-strlen-huge", NP_TVERSION, x_rversion_strlen,
	  u_rversion },
	{ "Rversion-strlen-plus-1", NP_TVERSION, x_rversion_strlen1,
	  u_rversion },
	{ "Rversion-extra-string", NP_TVERSION, x_rversion_extra_str,
	  u_rversion },
	{ "Rreadlink-strlen", NP_TREADLINK, x_rreadlink_strlen, u_rreadlink },
	{ "Rreadlink-nul", NP_TREADLINK, x_rreadlink_nul, u_rreadlink },
	{ "Rgetlock-strlen", NP_TGETLOCK, x_rgetlock_strlen, u_rgetlock },
	{ "Rgetlock-type", NP_TGETLOCK, x_rgetlock_type, u_rgetlock },
	{ "Rlock-status", NP_TLOCK, x_rlock_status, u_rlock },
	{ "Rattach-bad-qid-type", NP_TATTACH, b_qid_bad, u_rattach },
	{ "Rauth-bad-qid-type", NP_TAUTH, b_qid_bad, u_rauth },
	{ "Rmkdir-bad-qid-type", NP_TMKDIR, b_qid_bad, u_rmkdir },
	{ "Rsymlink-bad-qid-type", NP_TSYMLINK, b_qid_bad, u_rsymlink },
	{ "Rmknod-bad-qid-type", NP_TMKNOD, b_qid_bad, u_rmknod },
	{ "Rlopen-bad-qid-type", NP_TLOPEN, x_rlopen_bad_qid, u_rlopen },
	{ "Rlcreate-bad-qid-type", NP_TLCREATE, x_rlopen_bad_qid,
	  u_rlcreate },
	{ "Rgetattr-bad-qid-type", NP_TGETATTR, x_rgetattr_bad_qid,
	  u_rgetattr },
	{ "Rattach-qid-short", NP_TATTACH, x_qid_short, u_rattach },
	{ "Rattach-empty", NP_TATTACH, NULL, u_rattach },
	{ "Rclunk-extra-byte", NP_TCLUNK, x_rempty_extra, u_rempty },
	{ "Rgetattr-empty", NP_TGETATTR, NULL, u_rgetattr },
	{ "Rstatfs-empty", NP_TSTATFS, NULL, u_rstatfs },
};

static void rcase_desc(const struct rcase *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rgood, rgood, rcase_desc);
KUNIT_ARRAY_PARAM(rbad, rbad, rcase_desc);

/* a whole reply of type @type: header, body, @trail junk bytes */
static u8 *build_reply(struct kunit *test, u8 type,
		       void (*build)(struct np_buf *b), u32 trail, u32 *len)
{
	u8 *mem = kunit_kzalloc(test, MSG_MAX, GFP_KERNEL);
	struct np_buf b;
	u32 i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	np_buf_init(&b, mem, MSG_MAX);
	np_begin(&b, type, RTAG);
	if (build)
		build(&b);
	for (i = 0; i < trail; i++)
		np_put_u8(&b, 0xe0 + i);
	KUNIT_ASSERT_EQ(test, np_finish(&b), 0);
	*len = b.pos;
	return mem;
}

/* the reply in mem[0..len) as the client would see it */
static int run_reply(struct kunit *test, const struct rcase *c, u8 *mem,
		     u32 len, bool verify)
{
	struct np_buf b;
	int err;

	np_buf_init(&b, mem, len);
	err = np_check_reply(&b, c->reqtype);
	if (!err) {
		KUNIT_EXPECT_EQ(test, b.pos, (u32)NP_HDRSZ);
		err = c->unpack(test, &b, verify);
	}
	KUNIT_EXPECT_LE(test, b.pos, b.size);
	KUNIT_EXPECT_EQ(test, b.err, err);
	if (err)
		KUNIT_EXPECT_EQ(test, np_buf_left(&b), 0U);
	return err;
}

static void rmsg_valid(struct kunit *test)
{
	const struct rcase *c = test->param_value;
	u32 len;
	u8 *full = build_reply(test, c->reqtype + 1, c->build, 0, &len);

	KUNIT_EXPECT_EQ(test, run_reply(test, c, copy_of(test, full, len), len,
					true), 0);
}

/*
 * Every proper prefix of the reply, with size[4] adjusted to match: once
 * in an allocation of exactly that length, and once with the rest of the
 * valid reply still there beyond b->size.
 */
static void rmsg_truncated(struct kunit *test)
{
	const struct rcase *c = test->param_value;
	u32 len, cut;
	u8 *full = build_reply(test, c->reqtype + 1, c->build, 0, &len);
	u8 *over = kunit_kmalloc(test, len, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, over);
	for (cut = 0; cut < len; cut++) {
		u8 *exact = copy_of(test, full, cut);

		if (cut >= 4)
			put_unaligned_le32(cut, exact);
		KUNIT_EXPECT_EQ_MSG(test, run_reply(test, c, exact, cut, false),
				    -EIO, "exact, %u of %u bytes", cut, len);

		memcpy(over, full, len);
		if (cut >= 4)
			put_unaligned_le32(cut, over);
		KUNIT_EXPECT_EQ_MSG(test, run_reply(test, c, over, cut, false),
				    -EIO, "in place, %u of %u bytes", cut,
				    len);
	}
}

static void rmsg_trailing(struct kunit *test)
{
	static const u32 trails[] = { 1, 2, 8, 13 };
	const struct rcase *c = test->param_value;
	size_t i;
	u32 len;

	for (i = 0; i < ARRAY_SIZE(trails); i++) {
		u8 *msg = build_reply(test, c->reqtype + 1, c->build,
				      trails[i], &len);

		KUNIT_EXPECT_EQ_MSG(test, run_reply(test, c, msg, len, false),
				    -EIO, "%u trailing bytes", trails[i]);
	}
}

static void rmsg_wrong_type(struct kunit *test)
{
	const struct rcase *c = test->param_value;
	const u8 types[] = { c->reqtype, c->reqtype + 3, c->reqtype - 1,
			     NP_RERROR, NP_RVERSION, NP_RLOPEN, 0, 255 };
	size_t i;
	u32 len;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		u8 *msg;

		/* (Rerror is Rlerror's twin: see rmsg_lerror) */
		if (types[i] == c->reqtype + 1 || types[i] == NP_RLERROR ||
		    types[i] == NP_RERROR)
			continue;
		msg = build_reply(test, types[i], c->build, 0, &len);
		KUNIT_EXPECT_EQ_MSG(test, run_reply(test, c, msg, len, false),
				    -EIO, "type %u", types[i]);
	}
}

static void rmsg_bad_size(struct kunit *test)
{
	const struct rcase *c = test->param_value;
	const u32 sizes[] = { 0, NP_HDRSZ - 1, NP_HDRSZ, U32_MAX };
	size_t i;
	u32 len;
	u8 *msg = build_reply(test, c->reqtype + 1, c->build, 0, &len);

	for (i = 0; i < ARRAY_SIZE(sizes) + 2; i++) {
		u32 sz;

		if (i < ARRAY_SIZE(sizes))
			sz = sizes[i];
		else
			sz = i == ARRAY_SIZE(sizes) ? len - 1 : len + 1;

		if (sz == len)
			continue;
		put_unaligned_le32(sz, msg);
		KUNIT_EXPECT_EQ_MSG(test, run_reply(test, c, msg, len, false),
				    -EIO, "size field %u, %u bytes", sz, len);
	}
}

static void rmsg_malformed(struct kunit *test)
{
	const struct rcase *c = test->param_value;
	u32 len;
	u8 *full = build_reply(test, c->reqtype + 1, c->build, 0, &len);

	KUNIT_EXPECT_EQ(test, run_reply(test, c, copy_of(test, full, len), len,
					false), -EIO);
}

struct lerror_case {
	const char *name;
	u32 ecode;
	u32 len;	/* whole message; the ecode goes as far as fits */
	int err;
};

static const struct lerror_case lerror_cases[] = {
	{ "ENOENT", ENOENT, 11, -ENOENT },
	{ "EPERM", EPERM, 11, -EPERM },
	{ "ENOTSUPP", 524, 11, -524 },
	{ "MAX_ERRNO", MAX_ERRNO, 11, -MAX_ERRNO },
	{ "zero", 0, 11, -EIO },
	{ "MAX_ERRNO+1", MAX_ERRNO + 1, 11, -EIO },
	{ "negative", (u32)-ENOENT, 11, -EIO },
	{ "U32_MAX", U32_MAX, 11, -EIO },
	{ "trailing-byte", ENOENT, 12, -EIO },
	{ "trailing-4", ENOENT, 15, -EIO },
	{ "short-ecode", ENOENT, 10, -EIO },
	{ "no-ecode", ENOENT, 7, -EIO },
};

static void lerror_desc(const struct lerror_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(lerror, lerror_cases, lerror_desc);

/*
 * Rlerror, and Rerror with Rlerror's body (what nfs-ganesha sends): the
 * same checks for both
 */
static void rmsg_lerror(struct kunit *test)
{
	static const u8 reqtypes[] = { NP_TWALK, NP_TVERSION, NP_TREAD,
				       NP_TCLUNK, NP_TLERROR };
	static const u8 etypes[] = { NP_RLERROR, NP_RERROR };
	const struct lerror_case *c = test->param_value;
	u8 img[16] = {};
	struct np_buf b;
	size_t i, t;
	u32 ecode;

	put_unaligned_le32(c->len, img);
	put_unaligned_le16(RTAG, img + 5);
	put_unaligned_le32(c->ecode, img + 7);
	for (t = 0; t < ARRAY_SIZE(etypes); t++) {
		img[4] = etypes[t];
		for (i = 0; i < ARRAY_SIZE(reqtypes); i++) {
			u8 *mem = copy_of(test, img, c->len);

			np_buf_init(&b, mem, c->len);
			KUNIT_EXPECT_EQ_MSG(test,
					    np_check_reply(&b, reqtypes[i]),
					    c->err, "type %u to request %u",
					    etypes[t], reqtypes[i]);
			/* the buffer stays in error: no unpacker succeeds */
			KUNIT_EXPECT_EQ(test, b.err, c->err);
			KUNIT_EXPECT_NE(test, np_unpack_rempty(&b), 0);
			KUNIT_EXPECT_EQ(test, np_get_u32(&b), 0U);
		}
	}

	/* the same bytes parse as a header plus ecode */
	np_buf_init(&b, copy_of(test, img, c->len), c->len);
	if (np_parse_hdr(&b, NULL, NULL, NULL) == 0 && c->len >= 11) {
		ecode = np_get_u32(&b);
		KUNIT_EXPECT_EQ(test, ecode, c->ecode);
	}
}

/* a byte-array Rlerror, straight from the spec's sample session */
static void rmsg_lerror_sample(struct kunit *test)
{
	static const u8 img[] = { 0x0b, 0x00, 0x00, 0x00, 0x07, 0x01, 0x00,
				  0x02, 0x00, 0x00, 0x00 };
	struct np_buf b;

	np_buf_init(&b, copy_of(test, img, sizeof(img)), sizeof(img));
	KUNIT_EXPECT_EQ(test, np_check_reply(&b, NP_TWALK), -ENOENT);
}

/* byte-array Rattach and Rwalk, decoded independently of np_put_* */
static void rmsg_sample_bytes(struct kunit *test)
{
	static const u8 rattach[] = {
		0x14, 0x00, 0x00, 0x00, 0x69, 0x01, 0x00,
		0x80, 0x00, 0x00, 0x00, 0x00,
		0xac, 0x1f, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	static const u8 rwalk[] = {
		0x16, 0x00, 0x00, 0x00, 0x6f, 0x01, 0x00,
		0x01, 0x00,
		0x02, 0x09, 0x00, 0x00, 0x00,
		0xe3, 0x1d, 0x2c, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	struct np_qid q[2];
	struct np_buf b;
	u16 n;

	np_buf_init(&b, copy_of(test, rattach, sizeof(rattach)),
		    sizeof(rattach));
	KUNIT_ASSERT_EQ(test, np_check_reply(&b, NP_TATTACH), 0);
	KUNIT_ASSERT_EQ(test, np_unpack_rattach(&b, q), 0);
	KUNIT_EXPECT_EQ(test, q[0].type, NP_QTDIR);
	KUNIT_EXPECT_EQ(test, q[0].version, 0U);
	KUNIT_EXPECT_EQ(test, q[0].path, 0x2c1facULL);

	np_buf_init(&b, copy_of(test, rwalk, sizeof(rwalk)), sizeof(rwalk));
	KUNIT_ASSERT_EQ(test, np_check_reply(&b, NP_TWALK), 0);
	KUNIT_ASSERT_EQ(test, np_unpack_rwalk(&b, 2, &n, q), 0);
	KUNIT_ASSERT_EQ(test, n, 1);
	KUNIT_EXPECT_EQ(test, q[0].type, NP_QTSYMLINK);
	KUNIT_EXPECT_EQ(test, q[0].version, 9U);
	KUNIT_EXPECT_EQ(test, q[0].path, 0x2c1de3ULL);
}

static struct kunit_case rmsg_cases[] = {
	KUNIT_CASE_PARAM(rmsg_valid, rgood_gen_params),
	KUNIT_CASE_PARAM(rmsg_truncated, rgood_gen_params),
	KUNIT_CASE_PARAM(rmsg_trailing, rgood_gen_params),
	KUNIT_CASE_PARAM(rmsg_wrong_type, rgood_gen_params),
	KUNIT_CASE_PARAM(rmsg_bad_size, rgood_gen_params),
	KUNIT_CASE_PARAM(rmsg_malformed, rbad_gen_params),
	KUNIT_CASE_PARAM(rmsg_lerror, lerror_gen_params),
	KUNIT_CASE(rmsg_lerror_sample),
	KUNIT_CASE(rmsg_sample_bytes),
	{}
};

static struct kunit_suite rmsg_suite = {
	.name = "ninep_proto_rmsg",
	.test_cases = rmsg_cases,
};

/* ---------------------------------------------------------------------- */
/* directory records                                                       */

static void dirent_walk(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, MSG_MAX, GFP_KERNEL);
	struct np_dirent d;
	struct np_buf b;
	u32 len;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	np_buf_init(&b, mem, MSG_MAX);
	put_dirents(&b);
	KUNIT_ASSERT_EQ(test, b.pos, (u32)DIRENTS_LEN);
	len = b.pos;
	check_dirents(test, copy_of(test, mem, len), len);

	/* the end stays the end */
	np_buf_init(&b, copy_of(test, mem, len), len);
	while (np_next_dirent(&b, &d) == 1)
		;
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), 0);
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), 0);

	/* no records at all */
	np_buf_init(&b, mem, 0);
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), 0);
}

/* every prefix: whole records come out, a cut record is -EIO */
static void dirent_truncated(struct kunit *test)
{
	static const u32 ends[] = { 25, 51, DIRENTS_LEN };
	u8 *mem = kunit_kzalloc(test, MSG_MAX, GFP_KERNEL);
	struct np_dirent d;
	struct np_buf b;
	u32 cut;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	np_buf_init(&b, mem, MSG_MAX);
	put_dirents(&b);

	for (cut = 0; cut < DIRENTS_LEN; cut++) {
		unsigned int whole = 0, i;
		u8 *exact = copy_of(test, mem, cut);
		int rc;

		for (i = 0; i < ARRAY_SIZE(ends); i++)
			if (ends[i] <= cut)
				whole++;
		np_buf_init(&b, exact, cut);
		for (i = 0; (rc = np_next_dirent(&b, &d)) == 1; i++)
			;
		KUNIT_EXPECT_EQ_MSG(test, i, whole, "cut at %u", cut);
		if (cut == 0 || cut == ends[0] || cut == ends[1])
			KUNIT_EXPECT_EQ_MSG(test, rc, 0, "cut at %u", cut);
		else
			KUNIT_EXPECT_EQ_MSG(test, rc, -EIO, "cut at %u", cut);
		KUNIT_EXPECT_LE(test, b.pos, b.size);

		/* the same, with the rest of the records beyond b->size */
		np_buf_init(&b, mem, cut);
		for (i = 0; np_next_dirent(&b, &d) == 1; i++)
			;
		KUNIT_EXPECT_EQ_MSG(test, i, whole, "in place, cut at %u", cut);
	}
}

struct bad_dirent {
	const char *name;
	const char *dname;
	u16 len;
	u8 qtype;
};

static const struct bad_dirent bad_dirents[] = {
	{ "empty-name", "", 0, NP_QTFILE },
	{ "slash", "a/b", 3, NP_QTFILE },
	{ "only-slash", "/", 1, NP_QTFILE },
	{ "trailing-slash", "dir/", 4, NP_QTDIR },
	{ "nul", "a\0b", 3, NP_QTFILE },
	{ "trailing-nul", "ab\0", 3, NP_QTFILE },
	{ "name-256", NULL, 256, NP_QTFILE },
	{ "name-65535", NULL, U16_MAX, NP_QTFILE },
	{ "bad-qid-type", "ok", 2, NP_QTDIR | NP_QTSYMLINK },
};

static void bad_dirent_desc(const struct bad_dirent *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(bad_dirent, bad_dirents, bad_dirent_desc);

/* a good record, then a bad one, then a good one: 1, -EIO, -EIO */
static void dirent_bad(struct kunit *test)
{
	const struct bad_dirent *c = test->param_value;
	u32 size = 2 * (24 + 4) + 24 + c->len;
	u8 *mem = kunit_kzalloc(test, size, GFP_KERNEL);
	struct np_qid q = { c->qtype, 0, 42 };
	const char *name = c->dname;
	struct np_dirent d;
	struct np_buf b;
	char *longname;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	if (!name) {
		longname = kunit_kmalloc(test, c->len, GFP_KERNEL);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, longname);
		memset(longname, 'x', c->len);
		name = longname;
	}
	np_buf_init(&b, mem, size);
	put_dirent(&b, &q_file, 1, 8, "good", 4);
	put_dirent(&b, &q, 2, 8, name, c->len);
	put_dirent(&b, &q_file, 3, 8, "good", 4);
	KUNIT_ASSERT_EQ(test, b.err, 0);

	np_buf_init(&b, mem, b.pos);
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), 1);
	KUNIT_EXPECT_EQ(test, d.offset, 1ULL);
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), -EIO);
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), -EIO);
}

static void dirent_name_limits(struct kunit *test)
{
	u32 size = 2 * (24 + NAME_MAX);
	u8 *mem = kunit_kzalloc(test, size, GFP_KERNEL);
	char name[NAME_MAX];
	struct np_dirent d;
	struct np_buf b;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	memset(name, 'y', sizeof(name));
	np_buf_init(&b, mem, size);
	put_dirent(&b, &q_file, 1, 8, name, NAME_MAX);
	put_dirent(&b, &q_link, 2, 10, "\xff\x01 .\\", 5);
	np_buf_init(&b, mem, b.pos);
	KUNIT_ASSERT_EQ(test, np_next_dirent(&b, &d), 1);
	KUNIT_EXPECT_EQ(test, d.name.len, NAME_MAX);
	KUNIT_EXPECT_MEMEQ(test, d.name.s, name, NAME_MAX);
	KUNIT_ASSERT_EQ(test, np_next_dirent(&b, &d), 1);
	KUNIT_EXPECT_EQ(test, d.name.len, 5);
	KUNIT_EXPECT_EQ(test, d.type, 10);
	expect_qid(test, &d.qid, &q_link);
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), 0);
}

/* a name length that runs past the end of the data */
static void dirent_strlen(struct kunit *test)
{
	u8 *mem = kunit_kzalloc(test, 64, GFP_KERNEL);
	struct np_dirent d;
	struct np_buf b;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, mem);
	np_buf_init(&b, mem, 64);
	np_put_qid(&b, &q_file);
	np_put_u64(&b, 1);
	np_put_u8(&b, 8);
	np_put_u16(&b, 4);
	np_put_bytes(&b, "abc", 3);
	np_buf_init(&b, copy_of(test, mem, b.pos), b.pos);
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), -EIO);

	/* a buffer already in error gives -EIO, never 0 */
	np_buf_init(&b, mem, 0);
	b.err = -EIO;
	KUNIT_EXPECT_EQ(test, np_next_dirent(&b, &d), -EIO);
}

/* a whole Rreaddir: unpacked, then its records walked */
static void dirent_from_rreaddir(struct kunit *test)
{
	u32 len, count;
	const void *data;
	struct np_buf b;
	u8 *msg = build_reply(test, NP_RREADDIR, b_rreaddir, 0, &len);

	np_buf_init(&b, copy_of(test, msg, len), len);
	KUNIT_ASSERT_EQ(test, np_check_reply(&b, NP_TREADDIR), 0);
	KUNIT_ASSERT_EQ(test, np_unpack_rreaddir(&b, 8192, &count, &data), 0);
	KUNIT_ASSERT_EQ(test, count, (u32)DIRENTS_LEN);
	KUNIT_EXPECT_EQ(test, len, (u32)(NP_HDRSZ + 4 + DIRENTS_LEN));
	check_dirents(test, data, count);
}

static struct kunit_case dirent_cases[] = {
	KUNIT_CASE(dirent_walk),
	KUNIT_CASE(dirent_truncated),
	KUNIT_CASE_PARAM(dirent_bad, bad_dirent_gen_params),
	KUNIT_CASE(dirent_name_limits),
	KUNIT_CASE(dirent_strlen),
	KUNIT_CASE(dirent_from_rreaddir),
	{}
};

static struct kunit_suite dirent_suite = {
	.name = "ninep_proto_dirent",
	.test_cases = dirent_cases,
};

kunit_test_suites(&prim_suite, &tmsg_suite, &rmsg_suite, &dirent_suite);

MODULE_DESCRIPTION("KUnit tests for the ninep 9P2000.L protocol layer");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
