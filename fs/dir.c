// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: directory listing with Treaddir.
 *
 * ctx->pos is the server's offset cookie of the next entry to return.
 * Each open directory keeps the last Treaddir reply and the position in it,
 * so a getdents that stops half way through a reply resumes without asking
 * the server again.
 *
 * cache=coherent and loose keep a directory's whole listing (up to
 * NP_DCACHE_MAX bytes of records) with its inode, stamped with the
 * directory's attributes as they were before it was read.  A listing from
 * offset 0 uses it while the attributes are within the attribute timeout,
 * or once read again are still those of the stamp; any change made here
 * drops it.  The fid is opened on the server only when a listing needs it.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include "ninep.h"

/* a directory's whole listing: Treaddir records back to back */
struct np_dcache {
	refcount_t ref;
	struct np_dstamp stamp;
	u32 len;
	u8 data[] __counted_by(len);
};

/* listings bigger than this are not kept */
#define NP_DCACHE_MAX	BIT(20)

/*
 * The first Treaddir of a listing asks for this much, and msize only once
 * a reply comes back full (no room left for a record with the longest
 * name).  Most directories fit; a reply buffer of msize (512 KiB by
 * default) would be allocated, and zeroed where the kernel zeroes every
 * allocation, twice per directory listed.
 */
#define NP_READDIR_FIRST	(16 * 1024)
#define NP_DIRENT_MAX		(NP_QIDSZ + 8 + 1 + 2 + NAME_MAX)

struct np_dir {
	struct np_fid *fid;	/* opened with Tlopen when first needed */
	struct mutex lock;
	struct np_req *rep;	/* last Treaddir reply, or NULL */
	struct np_buf buf;	/* the records in it, from the next one */
	loff_t buf_pos;		/* ctx->pos the next record belongs to */
	bool eof;
	u32 rdsize;		/* next Treaddir's count; 0: NP_READDIR_FIRST */
	/* listing from the cache: records from cbuf.pos on, at ctx->pos cpos */
	struct np_dcache *cache;
	struct np_buf cbuf;
	loff_t cpos;
	/* a listing being read from offset 0, to become the cache */
	u8 *fill;
	u32 fill_len, fill_cap;
	u32 fill_gen;
	struct np_dstamp fill_stamp;
	bool prefetch;		/* this listing reads attributes ahead */
};

/* a new fid for inode: a clone of dentry's (np_name_fid), opened with flags */
static struct np_fid *np_new_open_fid(struct inode *inode,
				      struct dentry *dentry, u32 flags)
{
	struct np_fid *dfid, *fid;
	int err;

	dfid = np_name_fid(dentry);
	if (IS_ERR(dfid))
		return dfid;
	fid = np_walk(dfid, 0, NULL, NULL);
	np_fid_put(dfid);
	if (IS_ERR(fid))
		return fid;
	err = np_lopen(fid, flags);
	if (!err && fid->qid.path != NP_I(inode)->qid.path)
		err = -ESTALE;	/* replaced on the server since lookup */
	if (err) {
		np_fid_put(fid);
		return ERR_PTR(err);
	}
	return fid;
}

/* open a new fid for file: a clone of the dentry's fid, opened with flags */
int np_open_fid(struct inode *inode, struct file *file, u32 flags)
{
	struct np_fid *fid;

	fid = np_new_open_fid(inode, file_dentry(file), flags);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	file->private_data = fid;
	return 0;
}

static unsigned int np_dtype(u8 type)
{
	return type <= DT_WHT ? type : DT_UNKNOWN;
}

static void np_dcache_put(struct np_dcache *dc)
{
	if (dc && refcount_dec_and_test(&dc->ref))
		kvfree(dc);
}

/* the directory changed (here, or on the server): forget its listing */
void np_dcache_drop(struct inode *dir)
{
	struct np_inode *ni = NP_I(dir);
	struct np_dcache *dc;

	spin_lock(&dir->i_lock);
	dc = ni->dcache;
	ni->dcache = NULL;
	ni->dcache_gen++;
	spin_unlock(&dir->i_lock);
	np_dcache_put(dc);
}

static void np_dstamp(struct inode *dir, struct np_dstamp *st)
{
	spin_lock(&dir->i_lock);
	np_dstamp_inode(dir, st);
	spin_unlock(&dir->i_lock);
}

/*
 * The cached listing of file's directory if it is still the directory's:
 * its attributes are read again once the attribute timeout is over, and
 * the listing is kept only while they are those it was read against.
 */
static struct np_dcache *np_dcache_get(struct file *file)
{
	struct inode *dir = file_inode(file);
	struct np_inode *ni = NP_I(dir);
	struct np_dstamp now;
	struct np_dcache *dc;
	struct np_fid *fid;

	if (!NP_SB(dir->i_sb)->dir_cache || !READ_ONCE(ni->dcache))
		return NULL;
	/* np_attr_fresh() is false once the channel is dead */
	if (!np_attr_fresh(dir)) {
		fid = np_dentry_fid(file_dentry(file));
		if (IS_ERR(fid))
			return NULL;
		if (np_inode_refresh(dir, fid, true))
			np_dcache_drop(dir);
		np_fid_put(fid);
	}
	np_dstamp(dir, &now);
	spin_lock(&dir->i_lock);
	dc = ni->dcache;
	if (dc && np_dstamp_eq(&dc->stamp, &now))
		refcount_inc(&dc->ref);
	else
		dc = NULL;
	spin_unlock(&dir->i_lock);
	if (!dc)
		np_dcache_drop(dir);
	return dc;
}

static void np_fill_abandon(struct np_dir *nd)
{
	kvfree(nd->fill);
	nd->fill = NULL;
	nd->fill_len = 0;
	nd->fill_cap = 0;
}

/* a listing from offset 0 begins: keep its records */
static void np_fill_begin(struct np_dir *nd, struct file *file)
{
	struct inode *dir = file_inode(file);
	struct np_fid *fid;

	np_fill_abandon(nd);
	if (!NP_SB(dir->i_sb)->dir_cache)
		return;
	/* attributes to compare with later: current ones */
	if (!np_attr_fresh(dir)) {
		fid = np_dentry_fid(file_dentry(file));
		if (IS_ERR(fid))
			return;
		if (np_inode_refresh(dir, fid, true)) {
			np_fid_put(fid);
			return;
		}
		np_fid_put(fid);
	}
	/* stamped with attributes read before the listing: a change in
	 * between makes the stamp differ later, which only drops the cache
	 */
	np_dstamp(dir, &nd->fill_stamp);
	spin_lock(&dir->i_lock);
	nd->fill_gen = NP_I(dir)->dcache_gen;
	spin_unlock(&dir->i_lock);
	nd->fill = kvmalloc(PAGE_SIZE, GFP_KERNEL);
	nd->fill_cap = nd->fill ? PAGE_SIZE : 0;
}

static void np_fill_add(struct np_dir *nd, const void *data, u32 len)
{
	u32 need;
	u8 *p;

	if (!nd->fill)
		return;
	need = nd->fill_len + len;
	if (need > NP_DCACHE_MAX - sizeof(struct np_dcache)) {
		np_fill_abandon(nd);
		return;
	}
	if (need > nd->fill_cap) {
		u32 cap = max(need, 2 * nd->fill_cap);

		p = kvrealloc(nd->fill, cap, GFP_KERNEL);
		if (!p) {
			np_fill_abandon(nd);
			return;
		}
		nd->fill = p;
		nd->fill_cap = cap;
	}
	memcpy(nd->fill + nd->fill_len, data, len);
	nd->fill_len = need;
}

/* the listing reached its end: it becomes the directory's cache */
static void np_fill_end(struct np_dir *nd, struct inode *dir)
{
	struct np_inode *ni = NP_I(dir);
	struct np_dcache *dc, *old = NULL;

	if (!nd->fill)
		return;
	dc = kvmalloc(struct_size(dc, data, nd->fill_len), GFP_KERNEL);
	if (dc) {
		refcount_set(&dc->ref, 1);
		dc->stamp = nd->fill_stamp;
		dc->len = nd->fill_len;
		memcpy(dc->data, nd->fill, nd->fill_len);
		spin_lock(&dir->i_lock);
		/* nothing changed here while it was read */
		if (ni->dcache_gen == nd->fill_gen) {
			old = ni->dcache;
			ni->dcache = dc;
			dc = NULL;
		}
		spin_unlock(&dir->i_lock);
		np_dcache_put(old);
		np_dcache_put(dc);
	}
	np_fill_abandon(nd);
}

static int np_dir_open(struct inode *inode, struct file *file)
{
	struct np_dir *nd;

	nd = kzalloc(sizeof(*nd), GFP_KERNEL);
	if (!nd)
		return -ENOMEM;
	mutex_init(&nd->lock);
	file->private_data = nd;
	return 0;
}

static void np_dir_drop(struct np_dir *nd)
{
	if (nd->rep)
		np_req_put(nd->rep);
	nd->rep = NULL;
}

static void np_dir_uncache(struct np_dir *nd)
{
	np_dcache_put(nd->cache);
	nd->cache = NULL;
}

static int np_dir_release(struct inode *inode, struct file *file)
{
	struct np_dir *nd = file->private_data;

	np_dir_drop(nd);
	np_dir_uncache(nd);
	np_fill_abandon(nd);
	if (nd->fid)
		np_fid_put(nd->fid);
	kfree(nd);
	return 0;
}

/* the size of de's record in a Treaddir reply */
static u32 np_dirent_size(const struct np_dirent *de)
{
	return NP_QIDSZ + 8 + 1 + 2 + de->name.len;
}

/*
 * List from the cached listing, from ctx->pos on: where the last call
 * stopped, or a position seekdir() found in it.  -ENOENT if that position
 * is not in it.
 */
static int np_dir_from_cache(struct np_dir *nd, struct dir_context *ctx)
{
	struct np_dirent de;
	int r;

	if (nd->cpos != ctx->pos) {
		np_buf_init(&nd->cbuf, nd->cache->data, nd->cache->len);
		nd->cpos = 0;
		while (nd->cpos != ctx->pos) {
			r = np_next_dirent(&nd->cbuf, &de);
			if (r <= 0)
				return -ENOENT;
			nd->cpos = de.offset;
		}
	}
	while ((r = np_next_dirent(&nd->cbuf, &de)) > 0) {
		if (!dir_emit(ctx, de.name.s, de.name.len, de.qid.path,
			      np_dtype(de.type))) {
			nd->cbuf.pos -= np_dirent_size(&de);
			return 0;
		}
		ctx->pos = de.offset;
		nd->cpos = de.offset;
	}
	/* it was checked record by record when it was read */
	return r < 0 ? -EIO : 0;
}

/*
 * Read ahead the attributes of the names in len bytes of records (see
 * prefetch.c): when names in the directory were stat'ed just after it
 * was last listed, the stats are likely to come again.
 */
static void np_dir_prefetch(struct file *file, const void *data, u32 len)
{
	struct np_dirent de;
	struct np_buf b;

	np_buf_init(&b, (void *)data, len);
	/* a malformed record ends it; the listing itself reports it */
	while (np_next_dirent(&b, &de) > 0 && !fatal_signal_pending(current))
		if (np_ra_listed(file_dentry(file), &de))
			break;
	/* the held requests go to the server together */
	np_client_push(NP_SB(file_inode(file)->i_sb)->clnt);
}

/* list from the server, from ctx->pos on, with Treaddir */
static int np_dir_from_server(struct file *file, struct np_dir *nd,
			      struct dir_context *ctx)
{
	struct inode *dir = file_inode(file);
	struct np_client *clnt;
	struct np_dirent de;
	const void *data;
	loff_t asked = -1;
	u32 len, count;
	int err = 0, r;

	if (nd->rep && nd->buf_pos != ctx->pos) {
		np_dir_drop(nd);	/* seeked elsewhere */
		np_fill_abandon(nd);
	}
	if (!nd->rep && nd->eof && nd->buf_pos == ctx->pos)
		return 0;
	if (!nd->fid) {
		nd->fid = np_new_open_fid(dir, file_dentry(file),
					  NP_DOTL_RDONLY | NP_DOTL_DIRECTORY);
		if (IS_ERR(nd->fid)) {
			err = PTR_ERR(nd->fid);
			nd->fid = NULL;
			return err;
		}
	}
	clnt = nd->fid->clnt;
	for (;;) {
		if (!nd->rep) {
			if (ctx->pos == 0) {
				np_fill_begin(nd, file);
				nd->rdsize = 0;
			} else if (ctx->pos != nd->buf_pos) {
				np_fill_abandon(nd);
			}
			asked = ctx->pos;
			count = nd->rdsize ?: NP_READDIR_FIRST;
			err = np_readdir(nd->fid, ctx->pos, count,
					 &nd->rep, &data, &len);
			if (err)
				break;
			/* a big directory: ask for all that fits from now on */
			if (len + NP_DIRENT_MAX > count)
				nd->rdsize = clnt->msize;
			np_buf_init(&nd->buf, (void *)data, len);
			nd->buf_pos = ctx->pos;
			nd->eof = !len;
			if (!len) {
				np_dir_drop(nd);
				np_fill_end(nd, dir);
				break;
			}
			np_fill_add(nd, data, len);
			if (nd->prefetch)
				np_dir_prefetch(file, data, len);
		}
		while ((r = np_next_dirent(&nd->buf, &de)) > 0) {
			/* the cookie becomes a file position: keep it one */
			if (de.offset > LLONG_MAX) {
				r = -EIO;
				break;
			}
			if (!dir_emit(ctx, de.name.s, de.name.len, de.qid.path,
				      np_dtype(de.type))) {
				/* rewind to this record for the next call */
				nd->buf.pos -= np_dirent_size(&de);
				return 0;
			}
			ctx->pos = de.offset;
			nd->buf_pos = de.offset;
		}
		np_dir_drop(nd);
		/* a whole reply that leads nowhere would repeat forever */
		if (!r && ctx->pos == asked)
			r = -EIO;
		if (r < 0) {
			pr_warn_ratelimited("ninep: malformed directory entry from server\n");
			np_fill_abandon(nd);
			err = -EIO;
			break;
		}
	}
	return err;
}

static int np_dir_iterate(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file_inode(file);
	struct np_dir *nd = file->private_data;
	int err;

	mutex_lock(&nd->lock);
	/* a listing from the start: the cached one, if it is still right */
	if (ctx->pos == 0 && !nd->rep) {
		nd->prefetch = np_ra_enabled(NP_SB(dir->i_sb)) &&
			       READ_ONCE(NP_I(dir)->list_stat);
		if (nd->prefetch)
			WRITE_ONCE(NP_I(dir)->list_stat, false);
		np_dir_uncache(nd);
		nd->cache = np_dcache_get(file);
		if (nd->cache) {
			np_buf_init(&nd->cbuf, nd->cache->data,
				    nd->cache->len);
			nd->cpos = 0;
			if (nd->prefetch)
				np_dir_prefetch(file, nd->cache->data,
						nd->cache->len);
		}
	}
	if (nd->cache) {
		err = np_dir_from_cache(nd, ctx);
		if (err != -ENOENT)
			goto out;
		np_dir_uncache(nd);
	}
	err = np_dir_from_server(file, nd, ctx);
out:
	/* stats from now on are of names this listing showed */
	WRITE_ONCE(NP_I(dir)->listed, jiffies);
	mutex_unlock(&nd->lock);
	return err;
}

const struct file_operations np_dir_fops = {
	.llseek = generic_file_llseek,
	.read = generic_read_dir,
	.iterate_shared = np_dir_iterate,
	.open = np_dir_open,
	.release = np_dir_release,
};
