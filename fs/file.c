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
	struct np_inode *ni = NP_I(inode);
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

	/*
	 * Reads may share one opened fid: the first open's is kept with the
	 * inode until it is evicted, so opening the file again costs nothing.
	 */
	spin_lock(&inode->i_lock);
	fid = ni->ofid;
	if (fid && uid_eq(fid->uid, np_fid_owner(inode->i_sb)))
		file->private_data = np_fid_get(fid);
	else
		fid = NULL;
	spin_unlock(&inode->i_lock);
	if (fid)
		return 0;

	err = np_open_fid(inode, file, NP_DOTL_RDONLY);
	if (err)
		return err;
	spin_lock(&inode->i_lock);
	if (!ni->ofid)
		ni->ofid = np_fid_get(file->private_data);
	spin_unlock(&inode->i_lock);
	return 0;
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

/*
 * Reads are asynchronous: issue_read sends the Tread and returns, so netfs
 * issues the next subrequest at once and a readahead window is in flight
 * as several Treads together.  The reply is taken in from a work item.
 */
struct np_read {
	struct work_struct work;
	struct netfs_io_subrequest *subreq;
	struct np_req *req;
};

static void np_read_end(struct netfs_io_subrequest *subreq, ssize_t n)
{
	struct netfs_io_request *rreq = subreq->rreq;
	u64 pos = subreq->start + subreq->transferred;

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

static void np_read_work(struct work_struct *work)
{
	struct np_read *rd = container_of(work, struct np_read, work);
	struct netfs_io_subrequest *subreq = rd->subreq;
	ssize_t n;

	n = np_read_finish(rd->req, &subreq->io_iter);
	kfree(rd);
	np_read_end(subreq, n);
}

static void np_read_done(struct np_req *req)
{
	struct np_read *rd = req->priv;

	rd->req = req;
	queue_work(system_unbound_wq, &rd->work);
}

static void np_issue_read(struct netfs_io_subrequest *subreq)
{
	struct netfs_io_request *rreq = subreq->rreq;
	u64 pos = subreq->start + subreq->transferred;
	struct np_read *rd;
	struct np_req *req;

	rd = kmalloc(sizeof(*rd), GFP_NOFS);
	if (!rd) {
		np_read_end(subreq, -ENOMEM);
		return;
	}
	INIT_WORK(&rd->work, np_read_work);
	rd->subreq = subreq;
	/*
	 * The reply may be in, and rd freed, before np_read_send() returns:
	 * only the error case may look at the result.
	 */
	req = np_read_send(rreq->netfs_priv, pos,
			   iov_iter_count(&subreq->io_iter), np_read_done, rd);
	if (IS_ERR(req)) {
		kfree(rd);
		np_read_end(subreq, PTR_ERR(req));
	}
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
