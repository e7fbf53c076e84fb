/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ninep: 9P2000.L wire format and message marshalling.
 *
 * Every integer on the wire is little-endian.  A string is a 16-bit length
 * followed by that many bytes (no NUL).  A qid is type[1] version[4] path[8].
 *
 * Packing writes into a struct np_buf and unpacking reads from one; both
 * check every access against the buffer's size.  An access that would run
 * past the end sets buf->err (-EMSGSIZE when packing, -EIO when unpacking)
 * and every later access on that buffer is a no-op, so a message can be
 * packed or unpacked field by field and checked once at the end.
 */
#ifndef _NINEP_PROTO_H
#define _NINEP_PROTO_H

#include <linux/types.h>

#define NP_VERSION_L		"9P2000.L"
#define NP_HDRSZ		7	/* size[4] type[1] tag[2] */
#define NP_IOHDRSZ		24	/* largest Twrite/Rread header, rounded */
#define NP_READDIRHDRSZ		24
#define NP_QIDSZ		13
#define NP_NOTAG		((u16)~0)
#define NP_NOFID		((u32)~0)
#define NP_NONUNAME		((u32)~0)
#define NP_MAXWELEM		16	/* at most 16 names per Twalk */
#define NP_MIN_MSIZE		4096

/* message types */
enum np_msg_type {
	NP_TLERROR = 6,		NP_RLERROR,
	NP_TSTATFS = 8,		NP_RSTATFS,
	NP_TLOPEN = 12,		NP_RLOPEN,
	NP_TLCREATE = 14,	NP_RLCREATE,
	NP_TSYMLINK = 16,	NP_RSYMLINK,
	NP_TMKNOD = 18,		NP_RMKNOD,
	NP_TRENAME = 20,	NP_RRENAME,
	NP_TREADLINK = 22,	NP_RREADLINK,
	NP_TGETATTR = 24,	NP_RGETATTR,
	NP_TSETATTR = 26,	NP_RSETATTR,
	NP_TXATTRWALK = 30,	NP_RXATTRWALK,
	NP_TXATTRCREATE = 32,	NP_RXATTRCREATE,
	NP_TREADDIR = 40,	NP_RREADDIR,
	NP_TFSYNC = 50,		NP_RFSYNC,
	NP_TLOCK = 52,		NP_RLOCK,
	NP_TGETLOCK = 54,	NP_RGETLOCK,
	NP_TLINK = 70,		NP_RLINK,
	NP_TMKDIR = 72,		NP_RMKDIR,
	NP_TRENAMEAT = 74,	NP_RRENAMEAT,
	NP_TUNLINKAT = 76,	NP_RUNLINKAT,
	NP_TVERSION = 100,	NP_RVERSION,
	NP_TAUTH = 102,		NP_RAUTH,
	NP_TATTACH = 104,	NP_RATTACH,
	NP_TERROR = 106,	NP_RERROR,
	NP_TFLUSH = 108,	NP_RFLUSH,
	NP_TWALK = 110,		NP_RWALK,
	NP_TOPEN = 112,		NP_ROPEN,
	NP_TCREATE = 114,	NP_RCREATE,
	NP_TREAD = 116,		NP_RREAD,
	NP_TWRITE = 118,	NP_RWRITE,
	NP_TCLUNK = 120,	NP_RCLUNK,
	NP_TREMOVE = 122,	NP_RREMOVE,
	NP_TSTAT = 124,		NP_RSTAT,
	NP_TWSTAT = 126,	NP_RWSTAT,
};

/* Tunlinkat flags (Linux's AT_REMOVEDIR) */
#define NP_AT_REMOVEDIR	0x200

/* qid types */
#define NP_QTDIR	0x80
#define NP_QTAPPEND	0x40
#define NP_QTEXCL	0x20
#define NP_QTMOUNT	0x10
#define NP_QTAUTH	0x08
#define NP_QTTMP	0x04
#define NP_QTSYMLINK	0x02
#define NP_QTLINK	0x01
#define NP_QTFILE	0x00

/* Tgetattr request_mask / Rgetattr valid */
#define NP_GETATTR_MODE		0x00000001ULL
#define NP_GETATTR_NLINK	0x00000002ULL
#define NP_GETATTR_UID		0x00000004ULL
#define NP_GETATTR_GID		0x00000008ULL
#define NP_GETATTR_RDEV		0x00000010ULL
#define NP_GETATTR_ATIME	0x00000020ULL
#define NP_GETATTR_MTIME	0x00000040ULL
#define NP_GETATTR_CTIME	0x00000080ULL
#define NP_GETATTR_INO		0x00000100ULL
#define NP_GETATTR_SIZE		0x00000200ULL
#define NP_GETATTR_BLOCKS	0x00000400ULL
#define NP_GETATTR_BTIME	0x00000800ULL
#define NP_GETATTR_GEN		0x00001000ULL
#define NP_GETATTR_DATA_VERSION	0x00002000ULL
#define NP_GETATTR_BASIC	0x000007ffULL
#define NP_GETATTR_ALL		0x00003fffULL

/* Tsetattr valid */
#define NP_SETATTR_MODE		0x00000001U
#define NP_SETATTR_UID		0x00000002U
#define NP_SETATTR_GID		0x00000004U
#define NP_SETATTR_SIZE		0x00000008U
#define NP_SETATTR_ATIME	0x00000010U
#define NP_SETATTR_MTIME	0x00000020U
#define NP_SETATTR_CTIME	0x00000040U
#define NP_SETATTR_ATIME_SET	0x00000080U
#define NP_SETATTR_MTIME_SET	0x00000100U

/* Tlock / Tgetlock */
#define NP_LOCK_TYPE_RDLCK	0
#define NP_LOCK_TYPE_WRLCK	1
#define NP_LOCK_TYPE_UNLCK	2
#define NP_LOCK_FLAGS_BLOCK	1
#define NP_LOCK_FLAGS_RECLAIM	2
#define NP_LOCK_SUCCESS		0
#define NP_LOCK_BLOCKED		1
#define NP_LOCK_ERROR		2
#define NP_LOCK_GRACE		3

/* Tlopen/Tlcreate flags: Linux open(2) flag values, as on x86 */
#define NP_DOTL_RDONLY		00000000
#define NP_DOTL_WRONLY		00000001
#define NP_DOTL_RDWR		00000002
#define NP_DOTL_CREATE		00000100
#define NP_DOTL_EXCL		00000200
#define NP_DOTL_NOCTTY		00000400
#define NP_DOTL_TRUNC		00001000
#define NP_DOTL_APPEND		00002000
#define NP_DOTL_NONBLOCK	00004000
#define NP_DOTL_DSYNC		00010000
#define NP_DOTL_FASYNC		00020000
#define NP_DOTL_DIRECT		00040000
#define NP_DOTL_LARGEFILE	00100000
#define NP_DOTL_DIRECTORY	00200000
#define NP_DOTL_NOFOLLOW	00400000
#define NP_DOTL_NOATIME		01000000
#define NP_DOTL_CLOEXEC		02000000
#define NP_DOTL_SYNC		04000000

struct np_qid {
	u8 type;
	u32 version;
	u64 path;
};

/* Rgetattr */
struct np_attr {
	u64 valid;
	struct np_qid qid;
	u32 mode;
	u32 uid;
	u32 gid;
	u64 nlink;
	u64 rdev;
	u64 size;
	u64 blksize;
	u64 blocks;
	u64 atime_sec, atime_nsec;
	u64 mtime_sec, mtime_nsec;
	u64 ctime_sec, ctime_nsec;
	u64 btime_sec, btime_nsec;
	u64 gen;
	u64 data_version;
	u64 seq;	/* not on the wire: the Tgetattr's np_req seq */
	unsigned long time;	/* nor this: jiffies when they were read */
};

/* Tsetattr */
struct np_iattr {
	u32 valid;
	u32 mode;
	u32 uid;
	u32 gid;
	u64 size;
	u64 atime_sec, atime_nsec;
	u64 mtime_sec, mtime_nsec;
};

/* Rstatfs, unpacked (not in wire order: the 64-bit counts first) */
struct np_statfs {
	u64 blocks, bfree, bavail;	/* in bsize units */
	u64 files, ffree;
	u64 fsid;
	u32 type, bsize, namelen;
};

/*
 * A string as found in a received message: points into the message buffer,
 * not NUL-terminated, valid as long as the buffer is.
 */
struct np_str {
	const char *s;
	u16 len;
};

/* one Rreaddir record */
struct np_dirent {
	struct np_qid qid;
	u64 offset;
	u8 type;
	struct np_str name;
};

/* Tlock, Tgetlock, Rgetlock */
struct np_flock {
	u8 type;
	u32 flags;	/* Tlock only */
	u64 start;
	u64 length;
	u32 proc_id;
	struct np_str client_id;
};

struct np_buf {
	u8 *data;
	u32 size;	/* capacity when packing, bytes present when unpacking */
	u32 pos;
	int err;
};

static inline void np_buf_init(struct np_buf *b, void *data, u32 size)
{
	b->data = data;
	b->size = size;
	b->pos = 0;
	b->err = 0;
}

/* bytes left between pos and size */
static inline u32 np_buf_left(const struct np_buf *b)
{
	return b->err ? 0 : b->size - b->pos;
}

/* primitives */
void np_put_u8(struct np_buf *b, u8 v);
void np_put_u16(struct np_buf *b, u16 v);
void np_put_u32(struct np_buf *b, u32 v);
void np_put_u64(struct np_buf *b, u64 v);
void np_put_str(struct np_buf *b, const char *s, size_t len);
void np_put_cstr(struct np_buf *b, const char *s);	/* NULL packs "" */
void np_put_qid(struct np_buf *b, const struct np_qid *qid);
void np_put_bytes(struct np_buf *b, const void *p, size_t len);
u8 np_get_u8(struct np_buf *b);
u16 np_get_u16(struct np_buf *b);
u32 np_get_u32(struct np_buf *b);
u64 np_get_u64(struct np_buf *b);
void np_get_str(struct np_buf *b, struct np_str *s);
void np_get_qid(struct np_buf *b, struct np_qid *qid);
/* returns a pointer to len bytes in the buffer, or NULL (and sets err) */
const void *np_get_bytes(struct np_buf *b, size_t len);

/*
 * Message framing.  np_begin() starts a T-message of the given type and tag
 * at the start of the buffer (it rewinds pos and clears err); np_finish()
 * fills in size[4] and returns 0, or the buffer's error.
 */
void np_begin(struct np_buf *b, u8 type, u16 tag);
int np_finish(struct np_buf *b);

/*
 * Parse the header of a received message of b->size bytes (rewinding pos
 * and clearing err first): checks that the size field equals b->size and is
 * at least NP_HDRSZ, and leaves pos after the tag.  Returns 0 or -EIO.
 * Any of size, type and tag may be NULL.
 */
int np_parse_hdr(struct np_buf *b, u32 *size, u8 *type, u16 *tag);

/*
 * Check a received reply against the request type it answers: an Rlerror
 * returns the server's errno negated (a value outside 1..MAX_ERRNO gives
 * -EIO, as does an Rlerror with bytes after ecode), a reply of a type other
 * than reqtype+1 gives -EIO, otherwise 0 with pos at the first field after
 * the tag.  On failure b->err holds the value returned.
 */
int np_check_reply(struct np_buf *b, u8 reqtype);

/* true if the qid type byte is one a 9P2000.L server may send */
bool np_qid_type_valid(u8 type);

/*
 * T-message packers: each writes a whole message (header included) and
 * returns 0, -EMSGSIZE if it does not fit in the buffer, -ENAMETOOLONG for
 * a string longer than U16_MAX, or (Twalk) -EINVAL for more than
 * NP_MAXWELEM names.
 */
int np_pack_tversion(struct np_buf *b, u16 tag, u32 msize, const char *version);
int np_pack_tauth(struct np_buf *b, u16 tag, u32 afid, const char *uname,
		  const char *aname, u32 n_uname);
int np_pack_tattach(struct np_buf *b, u16 tag, u32 fid, u32 afid,
		    const char *uname, const char *aname, u32 n_uname);
int np_pack_tflush(struct np_buf *b, u16 tag, u16 oldtag);
int np_pack_twalk(struct np_buf *b, u16 tag, u32 fid, u32 newfid,
		  u16 nwname, const char *const *wnames);
int np_pack_tread(struct np_buf *b, u16 tag, u32 fid, u64 offset, u32 count);
/*
 * Packs the header only: the caller appends count data bytes, to b or in a
 * separate buffer.  size[4] already counts them; only the header must fit.
 */
int np_pack_twrite_hdr(struct np_buf *b, u16 tag, u32 fid, u64 offset,
		       u32 count);
int np_pack_tclunk(struct np_buf *b, u16 tag, u32 fid);
int np_pack_tremove(struct np_buf *b, u16 tag, u32 fid);
int np_pack_tstatfs(struct np_buf *b, u16 tag, u32 fid);
int np_pack_tlopen(struct np_buf *b, u16 tag, u32 fid, u32 flags);
int np_pack_tlcreate(struct np_buf *b, u16 tag, u32 fid, const char *name,
		     u32 flags, u32 mode, u32 gid);
int np_pack_tsymlink(struct np_buf *b, u16 tag, u32 fid, const char *name,
		     const char *symtgt, u32 gid);
int np_pack_tmknod(struct np_buf *b, u16 tag, u32 dfid, const char *name,
		   u32 mode, u32 major, u32 minor, u32 gid);
int np_pack_trename(struct np_buf *b, u16 tag, u32 fid, u32 dfid,
		    const char *name);
int np_pack_treadlink(struct np_buf *b, u16 tag, u32 fid);
int np_pack_tgetattr(struct np_buf *b, u16 tag, u32 fid, u64 request_mask);
int np_pack_tsetattr(struct np_buf *b, u16 tag, u32 fid,
		     const struct np_iattr *attr);
int np_pack_txattrwalk(struct np_buf *b, u16 tag, u32 fid, u32 newfid,
		       const char *name);
int np_pack_txattrcreate(struct np_buf *b, u16 tag, u32 fid, const char *name,
			 u64 attr_size, u32 flags);
int np_pack_treaddir(struct np_buf *b, u16 tag, u32 fid, u64 offset,
		     u32 count);
int np_pack_tfsync(struct np_buf *b, u16 tag, u32 fid, u32 datasync);
int np_pack_tlock(struct np_buf *b, u16 tag, u32 fid,
		  const struct np_flock *fl);
int np_pack_tgetlock(struct np_buf *b, u16 tag, u32 fid,
		     const struct np_flock *fl);
int np_pack_tlink(struct np_buf *b, u16 tag, u32 dfid, u32 fid,
		  const char *name);
int np_pack_tmkdir(struct np_buf *b, u16 tag, u32 dfid, const char *name,
		   u32 mode, u32 gid);
int np_pack_trenameat(struct np_buf *b, u16 tag, u32 olddirfid,
		      const char *oldname, u32 newdirfid, const char *newname);
int np_pack_tunlinkat(struct np_buf *b, u16 tag, u32 dirfid, const char *name,
		      u32 flags);

/*
 * R-message unpackers.  Each takes a buffer positioned after the header
 * (np_check_reply() has been called), reads the fields and checks that the
 * message holds nothing past them.  They return 0 or -EIO.
 */
int np_unpack_rversion(struct np_buf *b, u32 *msize, struct np_str *version);
int np_unpack_rauth(struct np_buf *b, struct np_qid *aqid);
int np_unpack_rattach(struct np_buf *b, struct np_qid *qid);
/* at most maxqid qids; more than maxqid or than were asked for is -EIO */
int np_unpack_rwalk(struct np_buf *b, u16 maxqid, u16 *nwqid,
		    struct np_qid *wqids);
/* *data points into the buffer; count > maxcount is -EIO */
int np_unpack_rread(struct np_buf *b, u32 maxcount, u32 *count,
		    const void **data);
int np_unpack_rwrite(struct np_buf *b, u32 *count);
int np_unpack_rstatfs(struct np_buf *b, struct np_statfs *st);
int np_unpack_rlopen(struct np_buf *b, struct np_qid *qid, u32 *iounit);
int np_unpack_rlcreate(struct np_buf *b, struct np_qid *qid, u32 *iounit);
int np_unpack_rsymlink(struct np_buf *b, struct np_qid *qid);
int np_unpack_rmknod(struct np_buf *b, struct np_qid *qid);
int np_unpack_rreadlink(struct np_buf *b, struct np_str *target);
int np_unpack_rgetattr(struct np_buf *b, struct np_attr *attr);
int np_unpack_rxattrwalk(struct np_buf *b, u64 *size);
/* Rreaddir: *data and *count give the records, for np_next_dirent() */
int np_unpack_rreaddir(struct np_buf *b, u32 maxcount, u32 *count,
		       const void **data);
int np_unpack_rlock(struct np_buf *b, u8 *status);
int np_unpack_rgetlock(struct np_buf *b, struct np_flock *fl);
int np_unpack_rmkdir(struct np_buf *b, struct np_qid *qid);
/* replies that carry nothing: Rflush, Rclunk, Rremove, Rrename, ... */
int np_unpack_rempty(struct np_buf *b);

/*
 * Walk the records of an Rreaddir payload.  Returns 1 with *d filled, 0 at
 * the end of the data, or -EIO for a malformed record (truncated, a bad qid
 * type, or a name that is empty, longer than NAME_MAX or holds '/' or NUL).
 * "." and ".." are returned like any other name: callers skip them.
 * b covers the records only, e.g. np_buf_init(&b, data, count).
 */
int np_next_dirent(struct np_buf *b, struct np_dirent *d);

/* name of a message type for counters and messages ("Twalk"), or NULL */
const char *np_msg_name(u8 type);

#endif /* _NINEP_PROTO_H */
