// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: 9P2000.L message marshalling.
 *
 * Everything here works on a struct np_buf.  Two cursor helpers, np_room()
 * for packing and np_take() for unpacking, are the only places that compare
 * an access against the buffer size; every other function goes through
 * them.  The first failing access records an error in the buffer and all
 * later accesses do nothing, so callers check the result once per message.
 *
 * Replies are distrusted: every count and length is checked against the
 * bytes actually received, qid types are sanity checked, and a reply with
 * bytes left over after its last field is rejected as malformed.
 */

#include <linux/array_size.h>
#include <linux/bitops.h>
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/export.h>
#include <linux/limits.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/unaligned.h>
#include <kunit/visibility.h>

#include <ninep/proto.h>

/*
 * Reserve @len bytes for writing at the cursor.  Returns where to write,
 * or NULL once the buffer is in error or too small (-EMSGSIZE).
 */
static u8 *np_room(struct np_buf *b, size_t len)
{
	u8 *at;

	if (b->err)
		return NULL;
	if (b->pos > b->size || len > b->size - b->pos) {
		b->err = -EMSGSIZE;
		return NULL;
	}
	at = b->data + b->pos;
	b->pos += len;
	return at;
}

/*
 * Consume @len received bytes at the cursor.  Returns where they start, or
 * NULL once the buffer is in error or the message is too short (-EIO).
 */
static const u8 *np_take(struct np_buf *b, size_t len)
{
	const u8 *at;

	if (b->err)
		return NULL;
	if (b->pos > b->size || len > b->size - b->pos) {
		b->err = -EIO;
		return NULL;
	}
	at = b->data + b->pos;
	b->pos += len;
	return at;
}

/* mark a received message malformed unless it already failed */
static void np_bad(struct np_buf *b)
{
	if (!b->err)
		b->err = -EIO;
}

/* ---------------------------------------------------------------------- */
/* primitives                                                              */

void np_put_u8(struct np_buf *b, u8 v)
{
	u8 *p = np_room(b, 1);

	if (p)
		*p = v;
}
EXPORT_SYMBOL_IF_KUNIT(np_put_u8);

void np_put_u16(struct np_buf *b, u16 v)
{
	u8 *p = np_room(b, sizeof(v));

	if (p)
		put_unaligned_le16(v, p);
}
EXPORT_SYMBOL_IF_KUNIT(np_put_u16);

void np_put_u32(struct np_buf *b, u32 v)
{
	u8 *p = np_room(b, sizeof(v));

	if (p)
		put_unaligned_le32(v, p);
}
EXPORT_SYMBOL_IF_KUNIT(np_put_u32);

void np_put_u64(struct np_buf *b, u64 v)
{
	u8 *p = np_room(b, sizeof(v));

	if (p)
		put_unaligned_le64(v, p);
}
EXPORT_SYMBOL_IF_KUNIT(np_put_u64);

/*
 * A string goes out whole or not at all: a length that does not fit the
 * 16-bit length field is -ENAMETOOLONG, one that does not fit the buffer
 * is -EMSGSIZE, and in neither case is anything written.
 */
void np_put_str(struct np_buf *b, const char *s, size_t len)
{
	u8 *p;

	if (b->err)
		return;
	if (len > U16_MAX) {
		b->err = -ENAMETOOLONG;
		return;
	}
	p = np_room(b, sizeof(u16) + len);
	if (!p)
		return;
	put_unaligned_le16(len, p);
	if (len)
		memcpy(p + sizeof(u16), s, len);
}
EXPORT_SYMBOL_IF_KUNIT(np_put_str);

void np_put_cstr(struct np_buf *b, const char *s)
{
	if (!s)
		s = "";
	np_put_str(b, s, strlen(s));
}
EXPORT_SYMBOL_IF_KUNIT(np_put_cstr);

void np_put_qid(struct np_buf *b, const struct np_qid *qid)
{
	u8 *p = np_room(b, NP_QIDSZ);

	if (!p)
		return;
	p[0] = qid->type;
	put_unaligned_le32(qid->version, p + 1);
	put_unaligned_le64(qid->path, p + 5);
}
EXPORT_SYMBOL_IF_KUNIT(np_put_qid);

void np_put_bytes(struct np_buf *b, const void *p, size_t len)
{
	u8 *dst = np_room(b, len);

	if (dst && len)
		memcpy(dst, p, len);
}
EXPORT_SYMBOL_IF_KUNIT(np_put_bytes);

u8 np_get_u8(struct np_buf *b)
{
	const u8 *p = np_take(b, 1);

	return p ? *p : 0;
}
EXPORT_SYMBOL_IF_KUNIT(np_get_u8);

u16 np_get_u16(struct np_buf *b)
{
	const u8 *p = np_take(b, sizeof(u16));

	return p ? get_unaligned_le16(p) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(np_get_u16);

u32 np_get_u32(struct np_buf *b)
{
	const u8 *p = np_take(b, sizeof(u32));

	return p ? get_unaligned_le32(p) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(np_get_u32);

u64 np_get_u64(struct np_buf *b)
{
	const u8 *p = np_take(b, sizeof(u64));

	return p ? get_unaligned_le64(p) : 0;
}
EXPORT_SYMBOL_IF_KUNIT(np_get_u64);

/* on failure *s is the empty string with a NULL pointer */
void np_get_str(struct np_buf *b, struct np_str *s)
{
	u16 len = np_get_u16(b);
	const u8 *p = np_take(b, len);

	if (p) {
		s->s = (const char *)p;
		s->len = len;
	} else {
		s->s = NULL;
		s->len = 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(np_get_str);

/* on failure *qid is all zeroes */
void np_get_qid(struct np_buf *b, struct np_qid *qid)
{
	const u8 *p = np_take(b, NP_QIDSZ);

	if (!p) {
		memset(qid, 0, sizeof(*qid));
		return;
	}
	qid->type = p[0];
	qid->version = get_unaligned_le32(p + 1);
	qid->path = get_unaligned_le64(p + 5);
}
EXPORT_SYMBOL_IF_KUNIT(np_get_qid);

const void *np_get_bytes(struct np_buf *b, size_t len)
{
	return np_take(b, len);
}
EXPORT_SYMBOL_IF_KUNIT(np_get_bytes);

/* ---------------------------------------------------------------------- */
/* framing                                                                 */

/*
 * Starting a message rewinds the buffer and clears any earlier error: the
 * buffer is being reused for something new.
 */
void np_begin(struct np_buf *b, u8 type, u16 tag)
{
	b->pos = 0;
	b->err = 0;
	np_put_u32(b, 0);	/* size, filled in by np_finish() */
	np_put_u8(b, type);
	np_put_u16(b, tag);
}
EXPORT_SYMBOL_IF_KUNIT(np_begin);

int np_finish(struct np_buf *b)
{
	if (b->err)
		return b->err;
	if (b->pos < NP_HDRSZ) {	/* no np_begin() */
		b->err = -EINVAL;
		return b->err;
	}
	put_unaligned_le32(b->pos, b->data);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(np_finish);

int np_parse_hdr(struct np_buf *b, u32 *size, u8 *type, u16 *tag)
{
	u32 msize;
	u8 mtype;
	u16 mtag;

	b->pos = 0;
	b->err = 0;
	msize = np_get_u32(b);
	mtype = np_get_u8(b);
	mtag = np_get_u16(b);
	if (msize != b->size || msize < NP_HDRSZ)
		np_bad(b);
	if (b->err) {
		msize = 0;
		mtype = 0;
		mtag = 0;
	}
	if (size)
		*size = msize;
	if (type)
		*type = mtype;
	if (tag)
		*tag = mtag;
	return b->err;
}
EXPORT_SYMBOL_IF_KUNIT(np_parse_hdr);

/*
 * On any failure the buffer is left in error (holding the value returned),
 * so an unpacker called by mistake afterwards fails too.
 */
int np_check_reply(struct np_buf *b, u8 reqtype)
{
	u32 ecode;
	u8 type;
	int err;

	err = np_parse_hdr(b, NULL, &type, NULL);
	if (err)
		return err;

	/*
	 * nfs-ganesha answers errors with the type of 9P2000's Rerror (107)
	 * but Rlerror's body, an errno; take that as Rlerror too.
	 */
	if (type == NP_RLERROR || type == NP_RERROR) {
		ecode = np_get_u32(b);
		if (b->err || b->pos != b->size || !ecode || ecode > MAX_ERRNO)
			err = -EIO;
		else
			err = -(int)ecode;
		b->err = err;
		return err;
	}
	if (type != (u8)(reqtype + 1)) {
		b->err = -EIO;
		return -EIO;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(np_check_reply);

/*
 * The bits of a qid type are independent flags, but a file cannot be more
 * than one of a directory, a symlink and an authentication file.  That is
 * the one combination a client could misbehave on (a "directory" that is
 * also a symlink), so it is what gets rejected; the remaining bits are
 * informational.
 */
bool np_qid_type_valid(u8 type)
{
	return hweight8(type & (NP_QTDIR | NP_QTSYMLINK | NP_QTAUTH)) <= 1;
}
EXPORT_SYMBOL_IF_KUNIT(np_qid_type_valid);

/* ---------------------------------------------------------------------- */
/* T-messages                                                              */

int np_pack_tversion(struct np_buf *b, u16 tag, u32 msize, const char *version)
{
	np_begin(b, NP_TVERSION, tag);
	np_put_u32(b, msize);
	np_put_cstr(b, version);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tversion);

int np_pack_tauth(struct np_buf *b, u16 tag, u32 afid, const char *uname,
		  const char *aname, u32 n_uname)
{
	np_begin(b, NP_TAUTH, tag);
	np_put_u32(b, afid);
	np_put_cstr(b, uname);
	np_put_cstr(b, aname);
	np_put_u32(b, n_uname);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tauth);

int np_pack_tattach(struct np_buf *b, u16 tag, u32 fid, u32 afid,
		    const char *uname, const char *aname, u32 n_uname)
{
	np_begin(b, NP_TATTACH, tag);
	np_put_u32(b, fid);
	np_put_u32(b, afid);
	np_put_cstr(b, uname);
	np_put_cstr(b, aname);
	np_put_u32(b, n_uname);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tattach);

int np_pack_tflush(struct np_buf *b, u16 tag, u16 oldtag)
{
	np_begin(b, NP_TFLUSH, tag);
	np_put_u16(b, oldtag);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tflush);

/* more than NP_MAXWELEM names is the caller's bug: -EINVAL */
int np_pack_twalk(struct np_buf *b, u16 tag, u32 fid, u32 newfid,
		  u16 nwname, const char *const *wnames)
{
	u16 i;

	np_begin(b, NP_TWALK, tag);
	if (nwname > NP_MAXWELEM) {
		b->err = -EINVAL;
		return b->err;
	}
	np_put_u32(b, fid);
	np_put_u32(b, newfid);
	np_put_u16(b, nwname);
	for (i = 0; i < nwname; i++)
		np_put_cstr(b, wnames[i]);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_twalk);

int np_pack_tread(struct np_buf *b, u16 tag, u32 fid, u64 offset, u32 count)
{
	np_begin(b, NP_TREAD, tag);
	np_put_u32(b, fid);
	np_put_u64(b, offset);
	np_put_u32(b, count);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tread);

/*
 * The size field counts the header and the count data bytes to follow, so
 * it is right whether the data is then appended to @b (np_put_bytes(), or
 * copying to data + pos and advancing pos) or sent from a separate buffer.
 * Only the header has to fit in @b.
 */
int np_pack_twrite_hdr(struct np_buf *b, u16 tag, u32 fid, u64 offset,
		       u32 count)
{
	np_begin(b, NP_TWRITE, tag);
	np_put_u32(b, fid);
	np_put_u64(b, offset);
	np_put_u32(b, count);
	if (b->err)
		return b->err;
	if (count > U32_MAX - b->pos) {
		b->err = -EMSGSIZE;
		return b->err;
	}
	put_unaligned_le32(b->pos + count, b->data);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_twrite_hdr);

/* the messages that carry nothing but a fid */
static int np_pack_fid_only(struct np_buf *b, u8 type, u16 tag, u32 fid)
{
	np_begin(b, type, tag);
	np_put_u32(b, fid);
	return np_finish(b);
}

int np_pack_tclunk(struct np_buf *b, u16 tag, u32 fid)
{
	return np_pack_fid_only(b, NP_TCLUNK, tag, fid);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tclunk);

int np_pack_tremove(struct np_buf *b, u16 tag, u32 fid)
{
	return np_pack_fid_only(b, NP_TREMOVE, tag, fid);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tremove);

int np_pack_tstatfs(struct np_buf *b, u16 tag, u32 fid)
{
	return np_pack_fid_only(b, NP_TSTATFS, tag, fid);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tstatfs);

int np_pack_treadlink(struct np_buf *b, u16 tag, u32 fid)
{
	return np_pack_fid_only(b, NP_TREADLINK, tag, fid);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_treadlink);

int np_pack_tlopen(struct np_buf *b, u16 tag, u32 fid, u32 flags)
{
	np_begin(b, NP_TLOPEN, tag);
	np_put_u32(b, fid);
	np_put_u32(b, flags);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tlopen);

int np_pack_tlcreate(struct np_buf *b, u16 tag, u32 fid, const char *name,
		     u32 flags, u32 mode, u32 gid)
{
	np_begin(b, NP_TLCREATE, tag);
	np_put_u32(b, fid);
	np_put_cstr(b, name);
	np_put_u32(b, flags);
	np_put_u32(b, mode);
	np_put_u32(b, gid);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tlcreate);

int np_pack_tsymlink(struct np_buf *b, u16 tag, u32 fid, const char *name,
		     const char *symtgt, u32 gid)
{
	np_begin(b, NP_TSYMLINK, tag);
	np_put_u32(b, fid);
	np_put_cstr(b, name);
	np_put_cstr(b, symtgt);
	np_put_u32(b, gid);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tsymlink);

int np_pack_tmknod(struct np_buf *b, u16 tag, u32 dfid, const char *name,
		   u32 mode, u32 major, u32 minor, u32 gid)
{
	np_begin(b, NP_TMKNOD, tag);
	np_put_u32(b, dfid);
	np_put_cstr(b, name);
	np_put_u32(b, mode);
	np_put_u32(b, major);
	np_put_u32(b, minor);
	np_put_u32(b, gid);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tmknod);

int np_pack_trename(struct np_buf *b, u16 tag, u32 fid, u32 dfid,
		    const char *name)
{
	np_begin(b, NP_TRENAME, tag);
	np_put_u32(b, fid);
	np_put_u32(b, dfid);
	np_put_cstr(b, name);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_trename);

int np_pack_tgetattr(struct np_buf *b, u16 tag, u32 fid, u64 request_mask)
{
	np_begin(b, NP_TGETATTR, tag);
	np_put_u32(b, fid);
	np_put_u64(b, request_mask);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tgetattr);

int np_pack_tsetattr(struct np_buf *b, u16 tag, u32 fid,
		     const struct np_iattr *attr)
{
	np_begin(b, NP_TSETATTR, tag);
	np_put_u32(b, fid);
	np_put_u32(b, attr->valid);
	np_put_u32(b, attr->mode);
	np_put_u32(b, attr->uid);
	np_put_u32(b, attr->gid);
	np_put_u64(b, attr->size);
	np_put_u64(b, attr->atime_sec);
	np_put_u64(b, attr->atime_nsec);
	np_put_u64(b, attr->mtime_sec);
	np_put_u64(b, attr->mtime_nsec);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tsetattr);

int np_pack_txattrwalk(struct np_buf *b, u16 tag, u32 fid, u32 newfid,
		       const char *name)
{
	np_begin(b, NP_TXATTRWALK, tag);
	np_put_u32(b, fid);
	np_put_u32(b, newfid);
	np_put_cstr(b, name);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_txattrwalk);

int np_pack_txattrcreate(struct np_buf *b, u16 tag, u32 fid, const char *name,
			 u64 attr_size, u32 flags)
{
	np_begin(b, NP_TXATTRCREATE, tag);
	np_put_u32(b, fid);
	np_put_cstr(b, name);
	np_put_u64(b, attr_size);
	np_put_u32(b, flags);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_txattrcreate);

int np_pack_treaddir(struct np_buf *b, u16 tag, u32 fid, u64 offset,
		     u32 count)
{
	np_begin(b, NP_TREADDIR, tag);
	np_put_u32(b, fid);
	np_put_u64(b, offset);
	np_put_u32(b, count);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_treaddir);

int np_pack_tfsync(struct np_buf *b, u16 tag, u32 fid, u32 datasync)
{
	np_begin(b, NP_TFSYNC, tag);
	np_put_u32(b, fid);
	np_put_u32(b, datasync);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tfsync);

int np_pack_tlock(struct np_buf *b, u16 tag, u32 fid,
		  const struct np_flock *fl)
{
	np_begin(b, NP_TLOCK, tag);
	np_put_u32(b, fid);
	np_put_u8(b, fl->type);
	np_put_u32(b, fl->flags);
	np_put_u64(b, fl->start);
	np_put_u64(b, fl->length);
	np_put_u32(b, fl->proc_id);
	np_put_str(b, fl->client_id.s, fl->client_id.len);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tlock);

/* like Tlock without the flags */
int np_pack_tgetlock(struct np_buf *b, u16 tag, u32 fid,
		     const struct np_flock *fl)
{
	np_begin(b, NP_TGETLOCK, tag);
	np_put_u32(b, fid);
	np_put_u8(b, fl->type);
	np_put_u64(b, fl->start);
	np_put_u64(b, fl->length);
	np_put_u32(b, fl->proc_id);
	np_put_str(b, fl->client_id.s, fl->client_id.len);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tgetlock);

int np_pack_tlink(struct np_buf *b, u16 tag, u32 dfid, u32 fid,
		  const char *name)
{
	np_begin(b, NP_TLINK, tag);
	np_put_u32(b, dfid);
	np_put_u32(b, fid);
	np_put_cstr(b, name);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tlink);

int np_pack_tmkdir(struct np_buf *b, u16 tag, u32 dfid, const char *name,
		   u32 mode, u32 gid)
{
	np_begin(b, NP_TMKDIR, tag);
	np_put_u32(b, dfid);
	np_put_cstr(b, name);
	np_put_u32(b, mode);
	np_put_u32(b, gid);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tmkdir);

int np_pack_trenameat(struct np_buf *b, u16 tag, u32 olddirfid,
		      const char *oldname, u32 newdirfid, const char *newname)
{
	np_begin(b, NP_TRENAMEAT, tag);
	np_put_u32(b, olddirfid);
	np_put_cstr(b, oldname);
	np_put_u32(b, newdirfid);
	np_put_cstr(b, newname);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_trenameat);

int np_pack_tunlinkat(struct np_buf *b, u16 tag, u32 dirfid, const char *name,
		      u32 flags)
{
	np_begin(b, NP_TUNLINKAT, tag);
	np_put_u32(b, dirfid);
	np_put_cstr(b, name);
	np_put_u32(b, flags);
	return np_finish(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_pack_tunlinkat);

/* ---------------------------------------------------------------------- */
/* R-messages                                                              */

/* a qid from a reply, whose type must make sense */
static void np_get_valid_qid(struct np_buf *b, struct np_qid *qid)
{
	np_get_qid(b, qid);
	if (!b->err && !np_qid_type_valid(qid->type))
		b->err = -EIO;
}

/* the last field has been read: anything left over is malformed */
static int np_end(struct np_buf *b)
{
	if (!b->err && b->pos != b->size)
		b->err = -EIO;
	return b->err;
}

int np_unpack_rversion(struct np_buf *b, u32 *msize, struct np_str *version)
{
	*msize = np_get_u32(b);
	np_get_str(b, version);
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rversion);

/* Rauth, Rattach, Rsymlink, Rmknod and Rmkdir carry just a qid */
static int np_unpack_qid_only(struct np_buf *b, struct np_qid *qid)
{
	np_get_valid_qid(b, qid);
	return np_end(b);
}

int np_unpack_rauth(struct np_buf *b, struct np_qid *aqid)
{
	return np_unpack_qid_only(b, aqid);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rauth);

int np_unpack_rattach(struct np_buf *b, struct np_qid *qid)
{
	return np_unpack_qid_only(b, qid);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rattach);

int np_unpack_rwalk(struct np_buf *b, u16 maxqid, u16 *nwqid,
		    struct np_qid *wqids)
{
	u16 n, i;

	*nwqid = 0;
	n = np_get_u16(b);
	if (b->err)
		return b->err;
	if (n > maxqid || n > NP_MAXWELEM) {
		b->err = -EIO;
		return b->err;
	}
	for (i = 0; i < n; i++)
		np_get_valid_qid(b, &wqids[i]);
	if (np_end(b))
		return b->err;
	*nwqid = n;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rwalk);

/* count[4] data[count], as in Rread and Rreaddir */
static int np_unpack_counted(struct np_buf *b, u32 maxcount, u32 *count,
			     const void **data)
{
	u32 n;

	*count = 0;
	*data = NULL;
	n = np_get_u32(b);
	if (n > maxcount)
		np_bad(b);
	*data = np_get_bytes(b, n);
	if (np_end(b)) {
		*data = NULL;
		return b->err;
	}
	*count = n;
	return 0;
}

int np_unpack_rread(struct np_buf *b, u32 maxcount, u32 *count,
		    const void **data)
{
	return np_unpack_counted(b, maxcount, count, data);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rread);

int np_unpack_rwrite(struct np_buf *b, u32 *count)
{
	*count = np_get_u32(b);
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rwrite);

int np_unpack_rstatfs(struct np_buf *b, struct np_statfs *st)
{
	st->type = np_get_u32(b);
	st->bsize = np_get_u32(b);
	st->blocks = np_get_u64(b);
	st->bfree = np_get_u64(b);
	st->bavail = np_get_u64(b);
	st->files = np_get_u64(b);
	st->ffree = np_get_u64(b);
	st->fsid = np_get_u64(b);
	st->namelen = np_get_u32(b);
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rstatfs);

int np_unpack_rlopen(struct np_buf *b, struct np_qid *qid, u32 *iounit)
{
	np_get_valid_qid(b, qid);
	*iounit = np_get_u32(b);
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rlopen);

int np_unpack_rlcreate(struct np_buf *b, struct np_qid *qid, u32 *iounit)
{
	return np_unpack_rlopen(b, qid, iounit);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rlcreate);

int np_unpack_rsymlink(struct np_buf *b, struct np_qid *qid)
{
	return np_unpack_qid_only(b, qid);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rsymlink);

int np_unpack_rmknod(struct np_buf *b, struct np_qid *qid)
{
	return np_unpack_qid_only(b, qid);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rmknod);

/* a link target cannot hold a NUL byte: such a reply is malformed */
int np_unpack_rreadlink(struct np_buf *b, struct np_str *target)
{
	np_get_str(b, target);
	if (!b->err && memchr(target->s, '\0', target->len))
		b->err = -EIO;
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rreadlink);

int np_unpack_rgetattr(struct np_buf *b, struct np_attr *attr)
{
	attr->valid = np_get_u64(b);
	np_get_valid_qid(b, &attr->qid);
	attr->mode = np_get_u32(b);
	attr->uid = np_get_u32(b);
	attr->gid = np_get_u32(b);
	attr->nlink = np_get_u64(b);
	attr->rdev = np_get_u64(b);
	attr->size = np_get_u64(b);
	attr->blksize = np_get_u64(b);
	attr->blocks = np_get_u64(b);
	attr->atime_sec = np_get_u64(b);
	attr->atime_nsec = np_get_u64(b);
	attr->mtime_sec = np_get_u64(b);
	attr->mtime_nsec = np_get_u64(b);
	attr->ctime_sec = np_get_u64(b);
	attr->ctime_nsec = np_get_u64(b);
	attr->btime_sec = np_get_u64(b);
	attr->btime_nsec = np_get_u64(b);
	attr->gen = np_get_u64(b);
	attr->data_version = np_get_u64(b);
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rgetattr);

int np_unpack_rxattrwalk(struct np_buf *b, u64 *size)
{
	*size = np_get_u64(b);
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rxattrwalk);

int np_unpack_rreaddir(struct np_buf *b, u32 maxcount, u32 *count,
		       const void **data)
{
	return np_unpack_counted(b, maxcount, count, data);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rreaddir);

/* a status other than the four defined ones is malformed */
int np_unpack_rlock(struct np_buf *b, u8 *status)
{
	*status = np_get_u8(b);
	if (*status > NP_LOCK_GRACE)
		np_bad(b);
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rlock);

/* fl->flags is not on the wire and comes back 0 */
int np_unpack_rgetlock(struct np_buf *b, struct np_flock *fl)
{
	fl->type = np_get_u8(b);
	fl->flags = 0;
	fl->start = np_get_u64(b);
	fl->length = np_get_u64(b);
	fl->proc_id = np_get_u32(b);
	np_get_str(b, &fl->client_id);
	if (fl->type > NP_LOCK_TYPE_UNLCK)
		np_bad(b);
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rgetlock);

int np_unpack_rmkdir(struct np_buf *b, struct np_qid *qid)
{
	return np_unpack_qid_only(b, qid);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rmkdir);

int np_unpack_rempty(struct np_buf *b)
{
	return np_end(b);
}
EXPORT_SYMBOL_IF_KUNIT(np_unpack_rempty);

/* ---------------------------------------------------------------------- */
/* directory records                                                       */

/* one path component: 1..NAME_MAX bytes, no '/' and no NUL */
static bool np_name_ok(const struct np_str *name)
{
	return name->len >= 1 && name->len <= NAME_MAX &&
	       !memchr(name->s, '/', name->len) &&
	       !memchr(name->s, '\0', name->len);
}

int np_next_dirent(struct np_buf *b, struct np_dirent *d)
{
	if (b->err)
		return -EIO;
	if (b->pos == b->size)
		return 0;

	np_get_valid_qid(b, &d->qid);
	d->offset = np_get_u64(b);
	d->type = np_get_u8(b);
	np_get_str(b, &d->name);
	if (!b->err && !np_name_ok(&d->name))
		b->err = -EIO;
	return b->err ? -EIO : 1;
}
EXPORT_SYMBOL_IF_KUNIT(np_next_dirent);

/* ---------------------------------------------------------------------- */
/* message names                                                           */

static const char *const np_msg_names[] = {
	[NP_TLERROR] = "Tlerror",
	[NP_RLERROR] = "Rlerror",
	[NP_TSTATFS] = "Tstatfs",
	[NP_RSTATFS] = "Rstatfs",
	[NP_TLOPEN] = "Tlopen",
	[NP_RLOPEN] = "Rlopen",
	[NP_TLCREATE] = "Tlcreate",
	[NP_RLCREATE] = "Rlcreate",
	[NP_TSYMLINK] = "Tsymlink",
	[NP_RSYMLINK] = "Rsymlink",
	[NP_TMKNOD] = "Tmknod",
	[NP_RMKNOD] = "Rmknod",
	[NP_TRENAME] = "Trename",
	[NP_RRENAME] = "Rrename",
	[NP_TREADLINK] = "Treadlink",
	[NP_RREADLINK] = "Rreadlink",
	[NP_TGETATTR] = "Tgetattr",
	[NP_RGETATTR] = "Rgetattr",
	[NP_TSETATTR] = "Tsetattr",
	[NP_RSETATTR] = "Rsetattr",
	[NP_TXATTRWALK] = "Txattrwalk",
	[NP_RXATTRWALK] = "Rxattrwalk",
	[NP_TXATTRCREATE] = "Txattrcreate",
	[NP_RXATTRCREATE] = "Rxattrcreate",
	[NP_TREADDIR] = "Treaddir",
	[NP_RREADDIR] = "Rreaddir",
	[NP_TFSYNC] = "Tfsync",
	[NP_RFSYNC] = "Rfsync",
	[NP_TLOCK] = "Tlock",
	[NP_RLOCK] = "Rlock",
	[NP_TGETLOCK] = "Tgetlock",
	[NP_RGETLOCK] = "Rgetlock",
	[NP_TLINK] = "Tlink",
	[NP_RLINK] = "Rlink",
	[NP_TMKDIR] = "Tmkdir",
	[NP_RMKDIR] = "Rmkdir",
	[NP_TRENAMEAT] = "Trenameat",
	[NP_RRENAMEAT] = "Rrenameat",
	[NP_TUNLINKAT] = "Tunlinkat",
	[NP_RUNLINKAT] = "Runlinkat",
	[NP_TVERSION] = "Tversion",
	[NP_RVERSION] = "Rversion",
	[NP_TAUTH] = "Tauth",
	[NP_RAUTH] = "Rauth",
	[NP_TATTACH] = "Tattach",
	[NP_RATTACH] = "Rattach",
	[NP_TERROR] = "Terror",
	[NP_RERROR] = "Rerror",
	[NP_TFLUSH] = "Tflush",
	[NP_RFLUSH] = "Rflush",
	[NP_TWALK] = "Twalk",
	[NP_RWALK] = "Rwalk",
	[NP_TOPEN] = "Topen",
	[NP_ROPEN] = "Ropen",
	[NP_TCREATE] = "Tcreate",
	[NP_RCREATE] = "Rcreate",
	[NP_TREAD] = "Tread",
	[NP_RREAD] = "Rread",
	[NP_TWRITE] = "Twrite",
	[NP_RWRITE] = "Rwrite",
	[NP_TCLUNK] = "Tclunk",
	[NP_RCLUNK] = "Rclunk",
	[NP_TREMOVE] = "Tremove",
	[NP_RREMOVE] = "Rremove",
	[NP_TSTAT] = "Tstat",
	[NP_RSTAT] = "Rstat",
	[NP_TWSTAT] = "Twstat",
	[NP_RWSTAT] = "Rwstat",
};

const char *np_msg_name(u8 type)
{
	if (type >= ARRAY_SIZE(np_msg_names))
		return NULL;
	return np_msg_names[type];
}
EXPORT_SYMBOL_IF_KUNIT(np_msg_name);
