// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: regular files.  Reads go through the page cache by way of the
 * kernel's netfs library; each netfs subrequest becomes one Tread of at
 * most the fid's I/O size.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pagemap.h>
#include <linux/netfs.h>
#include "ninep.h"

static int np_file_open(struct inode *inode, struct file *file)
{
	struct np_fid *fid;
	int err;

	if (file->f_mode & FMODE_WRITE)
		return -EROFS;
	/*
	 * close-to-open: attributes older than the attribute timeout are
	 * fetched again, and a change drops the cached pages
	 */
	fid = np_dentry_fid(file_dentry(file));
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	err = np_inode_refresh(inode, fid, false);
	np_fid_put(fid);
	if (err)
		return err == -ESTALE ? -ENOENT : err;
	return np_open_fid(inode, file, NP_DOTL_RDONLY);
}

static int np_file_release(struct inode *inode, struct file *file)
{
	np_fid_put(file->private_data);
	return 0;
}

static int np_init_request(struct netfs_io_request *rreq, struct file *file)
{
	struct np_fid *fid;

	if (!file)
		return -EINVAL;
	fid = file->private_data;
	rreq->netfs_priv = np_fid_get(fid);
	rreq->rsize = np_fid_iosize(fid);
	rreq->io_streams[0].sreq_max_len = rreq->rsize;
	return 0;
}

static void np_free_request(struct netfs_io_request *rreq)
{
	if (rreq->netfs_priv)
		np_fid_put(rreq->netfs_priv);
}

static void np_issue_read(struct netfs_io_subrequest *subreq)
{
	struct netfs_io_request *rreq = subreq->rreq;
	u64 pos = subreq->start + subreq->transferred;
	ssize_t n;

	n = np_read(rreq->netfs_priv, pos, &subreq->io_iter);
	if (n < 0) {
		subreq->error = n;
	} else {
		subreq->transferred += n;
		subreq->error = 0;
		if (pos + n >= i_size_read(rreq->inode))
			__set_bit(NETFS_SREQ_HIT_EOF, &subreq->flags);
		/* a short read below i_size: the file shrank on the server */
		if (rreq->origin != NETFS_DIO_READ)
			__set_bit(NETFS_SREQ_CLEAR_TAIL, &subreq->flags);
	}
	netfs_read_subreq_terminated(subreq);
}

const struct netfs_request_ops np_netfs_ops = {
	.init_request = np_init_request,
	.free_request = np_free_request,
	.issue_read = np_issue_read,
};

const struct address_space_operations np_aops = {
	.read_folio = netfs_read_folio,
	.readahead = netfs_readahead,
	.dirty_folio = netfs_dirty_folio,
	.release_folio = netfs_release_folio,
	.invalidate_folio = netfs_invalidate_folio,
};

const struct file_operations np_file_fops = {
	.llseek = generic_file_llseek,
	.read_iter = netfs_file_read_iter,
	.mmap = generic_file_readonly_mmap,
	.splice_read = filemap_splice_read,
	.open = np_file_open,
	.release = np_file_release,
};
