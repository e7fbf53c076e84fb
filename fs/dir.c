// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: directory listing with Treaddir.
 *
 * ctx->pos is the server's offset cookie of the next entry to return.
 * Each open directory keeps the last Treaddir reply and the position in it,
 * so a getdents that stops half way through a reply resumes without asking
 * the server again.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include "ninep.h"

struct np_dir {
	struct np_fid *fid;	/* opened with Tlopen */
	struct mutex lock;
	struct np_req *rep;	/* last Treaddir reply, or NULL */
	struct np_buf buf;	/* the records in it, from the next one */
	loff_t buf_pos;		/* ctx->pos the next record belongs to */
	bool eof;
};

/* open a new fid for file: a clone of the dentry's fid, opened with flags */
int np_open_fid(struct inode *inode, struct file *file, u32 flags)
{
	struct np_fid *dfid, *fid;
	int err;

	dfid = np_dentry_fid(file_dentry(file));
	if (IS_ERR(dfid))
		return PTR_ERR(dfid);
	fid = np_walk(dfid, 0, NULL, NULL);
	np_fid_put(dfid);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	err = np_lopen(fid, flags);
	if (!err && fid->qid.path != NP_I(inode)->qid.path)
		err = -ESTALE;	/* replaced on the server since lookup */
	if (err) {
		np_fid_put(fid);
		return err;
	}
	file->private_data = fid;
	return 0;
}

static int np_dir_open(struct inode *inode, struct file *file)
{
	struct np_dir *nd;
	int err;

	nd = kzalloc(sizeof(*nd), GFP_KERNEL);
	if (!nd)
		return -ENOMEM;
	err = np_open_fid(inode, file, NP_DOTL_RDONLY | NP_DOTL_DIRECTORY);
	if (err) {
		kfree(nd);
		return err;
	}
	nd->fid = file->private_data;
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

static int np_dir_release(struct inode *inode, struct file *file)
{
	struct np_dir *nd = file->private_data;

	np_dir_drop(nd);
	np_fid_put(nd->fid);
	kfree(nd);
	return 0;
}

static unsigned int np_dtype(u8 type)
{
	return type <= DT_WHT ? type : DT_UNKNOWN;
}

static int np_dir_iterate(struct file *file, struct dir_context *ctx)
{
	struct np_dir *nd = file->private_data;
	struct np_client *clnt = nd->fid->clnt;
	struct np_dirent de;
	const void *data;
	loff_t asked = -1;
	u32 len;
	int err = 0, r;

	mutex_lock(&nd->lock);
	if (nd->rep && nd->buf_pos != ctx->pos)
		np_dir_drop(nd);	/* seeked elsewhere */
	if (!nd->rep && nd->eof && nd->buf_pos == ctx->pos)
		goto out;
	for (;;) {
		if (!nd->rep) {
			asked = ctx->pos;
			err = np_readdir(nd->fid, ctx->pos, clnt->msize,
					 &nd->rep, &data, &len);
			if (err)
				break;
			np_buf_init(&nd->buf, (void *)data, len);
			nd->buf_pos = ctx->pos;
			nd->eof = !len;
			if (!len) {
				np_dir_drop(nd);
				break;
			}
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
				nd->buf.pos -= NP_QIDSZ + 8 + 1 + 2 +
					       de.name.len;
				goto out;
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
			err = -EIO;
			break;
		}
	}
out:
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
