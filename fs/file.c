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
#include <linux/fscache.h>
#include "ninep.h"

/* keep fid as the inode's fid for writeback, if it has none yet */
static void np_keep_wfid(struct inode *inode, struct np_fid *fid)
{
	struct np_inode *ni = NP_I(inode);

	spin_lock(&inode->i_lock);
	if (!ni->wfid)
		ni->wfid = np_fid_get(fid);
	spin_unlock(&inode->i_lock);
}

/* open for writing: ask for read access too, for the page cache */
static int np_open_write(struct inode *inode, struct file *file)
{
	u32 flags = np_open_flags(file->f_flags);
	int err;

	if ((flags & O_ACCMODE) == NP_DOTL_WRONLY) {
		err = np_open_fid(inode, file,
				  (flags & ~O_ACCMODE) | NP_DOTL_RDWR);
		if (err != -EACCES && err != -EPERM)
			goto out;
	}
	err = np_open_fid(inode, file, flags);
out:
	if (!err)
		np_keep_wfid(inode, file->private_data);
	return err;
}

/*
 * A fid to read the attributes through at open: the hidden name's if the
 * file has one (np_name_fid), the name's fid, else a fid this inode has
 * open already (a cold open for reading leaves the dentry without a path
 * fid), else one walked for the name.
 */
static struct np_fid *np_cto_fid(struct inode *inode, struct dentry *dentry)
{
	struct np_inode *ni = NP_I(inode);
	struct np_fid *fid = np_silly_fid(inode);

	if (fid)
		return fid;
	fid = np_dentry_fid_cached(dentry);
	if (fid)
		return fid;
	spin_lock(&inode->i_lock);
	if (ni->ofid && uid_eq(ni->ofid->uid, np_fid_owner(inode->i_sb)))
		fid = np_fid_get(ni->ofid);
	spin_unlock(&inode->i_lock);
	return fid ?: np_name_fid(dentry);
}

static int __np_file_open(struct inode *inode, struct file *file)
{
	struct np_inode *ni = NP_I(inode);
	struct np_fid *fid;
	int err;

	/*
	 * close-to-open: the attributes are fetched again (unless
	 * cache=loose, or this open's lookup just did), and a change drops
	 * the cached pages
	 */
	fid = np_cto_fid(inode, file_dentry(file));
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	err = np_inode_refresh(inode, fid,
			       !np_cache_loose(NP_SB(inode->i_sb)) &&
			       !np_cto_fresh(inode));
	np_fid_put(fid);
	if (err)
		/* -ESTALE: the name leads elsewhere now (-ENOENT: see below) */
		return err;
	/* removed on the server (a fid on the open file still sees it) */
	if (!inode->i_nlink && !d_unlinked(file_dentry(file)) &&
	    !READ_ONCE(ni->silly_name))
		return -ESTALE;
	if (file->f_mode & FMODE_WRITE)
		return np_open_write(inode, file);

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

	err = np_open_fid(inode, file, np_open_flags(file->f_flags));
	if (err)
		return err;
	spin_lock(&inode->i_lock);
	if (!ni->ofid)
		ni->ofid = np_fid_get(file->private_data);
	spin_unlock(&inode->i_lock);
	return 0;
}

/* an open file counts, by open and by atomic_open: np_file_release undoes */
static void np_file_opened(struct inode *inode, struct file *file)
{
	atomic_inc(&NP_I(inode)->nopen);
	np_fscache_open(inode, file);
}

static int np_file_open(struct inode *inode, struct file *file)
{
	struct np_inode *ni = NP_I(inode);
	unsigned int seq = READ_ONCE(ni->name_seq);
	int err = __np_file_open(inode, file);

	/*
	 * The name gone since the lookup (the open runs after the VFS let go
	 * of the directory)?  An unlink or rename here holds the inode locked
	 * until it is done: a file it found in use lives on under a hidden
	 * name (np_keep_file), opened through that as if before the unlink,
	 * and a file renamed meanwhile has its new name by then.  Anything
	 * else (a change on the server) is for the VFS's second lookup.
	 */
	if ((err == -ENOENT || err == -ESTALE) &&
	    (READ_ONCE(ni->silly_fid) || (seq & 1) ||
	     seq != READ_ONCE(ni->name_seq))) {
		if (inode_lock_shared_killable(inode))
			return -EINTR;
		if (READ_ONCE(ni->silly_fid) ||
		    !d_unlinked(file_dentry(file)))
			err = __np_file_open(inode, file);
		inode_unlock_shared(inode);
	}
	if (!err)
		np_file_opened(inode, file);
	/* else the VFS looks the name up again after -ESTALE */
	return err == -ENOENT ? -ESTALE : err;
}

/*
 * atomic_open opened the file (created it, or looked it up cold for
 * reading) and file->private_data is the opened fid
 */
static int np_atomic_opened(struct inode *inode, struct file *file)
{
	struct np_inode *ni = NP_I(inode);

	if (file->f_mode & FMODE_WRITE) {
		np_keep_wfid(inode, file->private_data);
	} else {
		spin_lock(&inode->i_lock);
		if (!ni->ofid)
			ni->ofid = np_fid_get(file->private_data);
		spin_unlock(&inode->i_lock);
	}
	np_file_opened(inode, file);
	return 0;
}

int np_finish_open(struct file *file, struct dentry *dentry,
		   struct np_fid *fid)
{
	int err;

	file->private_data = fid;
	err = finish_open(file, dentry, np_atomic_opened);
	if (err) {
		file->private_data = NULL;
		np_fid_put(fid);
	}
	return err;
}

static int np_file_release(struct inode *inode, struct file *file)
{
	np_fscache_release(inode, file);
	np_fid_put(file->private_data);
	/*
	 * The last close of a file kept under a hidden name removes it, once
	 * the name it was kept for is gone too (else np_d_iput does).  The
	 * decrement orders nopen before the look at silly_dentry.
	 */
	if (atomic_dec_and_test(&NP_I(inode)->nopen) &&
	    !READ_ONCE(NP_I(inode)->silly_dentry))
		np_silly_remove(inode);
	return 0;
}

/*
 * close: dirty data goes to the server now, and a write-back error this
 * open file has not reported by fsync is returned as it was (EDQUOT, not
 * the EIO filemap_write_and_wait() would make of it).  Every close of a
 * descriptor reports it (a dup's or a child's too); only fsync consumes
 * it, so a later fsync still sees it.
 */
static int np_file_flush(struct file *file, fl_owner_t id)
{
	struct address_space *mapping = file->f_mapping;

	if (!(file->f_mode & FMODE_WRITE))
		return 0;
	filemap_fdatawrite(mapping);
	filemap_fdatawait_keep_errors(mapping);
	return filemap_check_wb_err(mapping, READ_ONCE(file->f_wb_err));
}

static int np_file_fsync(struct file *file, loff_t start, loff_t end,
			 int datasync)
{
	int err;

	err = file_write_and_wait_range(file, start, end);
	if (err)
		return err;
	return np_fsync(file->private_data, datasync);
}

/*
 * Which write(2)s gather in the page cache: with cache=coherent, mmap, loose
 * and fscache (v9fs's writeback modes), unless O_DIRECT, or the file could
 * only be opened write-only (a partial page cannot be read in to fill it).
 */
static bool np_write_back(struct kiocb *iocb)
{
	struct file *file = iocb->ki_filp;
	struct np_fid *fid = file->private_data;

	if (iocb->ki_flags & IOCB_DIRECT)
		return false;
	if ((fid->mode & O_ACCMODE) == NP_DOTL_WRONLY)
		return false;
	switch (NP_SB(file_inode(file)->i_sb)->opts.cache) {
	case NP_CACHE_COHERENT:
	case NP_CACHE_MMAP:
	case NP_CACHE_LOOSE:
	case NP_CACHE_FSCACHE:
		return true;
	default:
		return false;
	}
}

/*
 * A Twrite ending at end was answered: the server's file reaches there,
 * and its attributes (size, mtime) are read again at next use.
 */
static void np_server_wrote(struct inode *inode, loff_t end)
{
	np_attr_stale(inode);
	spin_lock(&inode->i_lock);
	if (end > netfs_inode(inode)->remote_i_size)
		netfs_inode(inode)->remote_i_size = end;
	spin_unlock(&inode->i_lock);
}

/*
 * Write-through: straight to the server in msize-sized Twrites, dropping
 * the cached pages the write overlaps (cache=none and readahead, O_DIRECT).
 */
static ssize_t np_write_through(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file_inode(file);
	struct address_space *mapping = inode->i_mapping;
	loff_t pos = iocb->ki_pos;
	loff_t end = pos + iov_iter_count(from) - 1;
	ssize_t n;

	/* dirty pages there must reach the server first */
	n = filemap_write_and_wait_range(mapping, pos, end);
	if (n)
		return n;
	np_fscache_write_through(inode);
	n = np_write(file->private_data, pos, from);
	if (n <= 0)
		return n;
	/* before i_size grows: a reply asked for earlier must not shrink it */
	np_server_wrote(inode, pos + n);
	invalidate_inode_pages2_range(mapping, pos >> PAGE_SHIFT,
				      (pos + n - 1) >> PAGE_SHIFT);
	iocb->ki_pos = pos + n;
	spin_lock(&inode->i_lock);
	if (pos + n > i_size_read(inode))
		i_size_write(inode, pos + n);
	spin_unlock(&inode->i_lock);
	return n;
}

/*
 * Write-back: into the page cache.  Every page written is made whole
 * first (read in, or zeroed past the end of file), so netfs never keeps
 * a partial "streaming" folio: this kernel's netfs mishandles those in
 * its read and mmap paths (our randomized checker, tests/posix/stress.c,
 * caught stale reads and a WARN in netfs_page_mkwrite).  Dirty pages go
 * to the server through netfs writeback, gathered into msize-sized
 * Twrites, on close, fsync, memory pressure or the flusher's timer.
 */
static int np_write_begin(struct file *file, struct address_space *mapping,
			  loff_t pos, unsigned int len, struct folio **foliop,
			  void **fsdata)
{
	int err;

	err = netfs_write_begin(netfs_inode(mapping->host), file, mapping,
				pos, len, foliop, fsdata);
	/*
	 * A page on its way to the cache (cache=fscache): netfs detaches its
	 * mark when that write ends, without the page lock; np_write_end
	 * detaches it too, so that must be over first (as netfs's own write
	 * path waits).
	 */
	if (!err && folio_get_private(*foliop))
		folio_wait_writeback(*foliop);
	return err;
}

static int np_write_end(struct file *file, struct address_space *mapping,
			loff_t pos, unsigned int len, unsigned int copied,
			struct folio *folio, void *fsdata)
{
	struct inode *inode = mapping->host;

	if (!folio_test_uptodate(folio)) {
		/* a short copy into a page not read in: nothing written */
		if (copied < len) {
			copied = 0;
			goto out;
		}
		folio_mark_uptodate(folio);
	}
	/*
	 * Read from the server for copying to cache=fscache's cache: now
	 * it is data for the server (netfs would copy it to the cache only)
	 */
	if (folio_get_private(folio) == NETFS_FOLIO_COPY_TO_CACHE)
		folio_detach_private(folio);
	/* dirty before the size grows: see np_inode_update() */
	folio_mark_dirty(folio);
	spin_lock(&inode->i_lock);
	if (pos + copied > i_size_read(inode)) {
		i_size_write(inode, pos + copied);
		np_fscache_grew(inode, pos + copied);
	}
	spin_unlock(&inode->i_lock);
out:
	folio_unlock(folio);
	folio_put(folio);
	return copied;
}

static ssize_t np_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = iocb->ki_filp;
	struct inode *inode = file_inode(file);
	ssize_t n;

	inode_lock(inode);
	n = generic_write_checks(iocb, from);
	if (n <= 0)
		goto out;
	n = file_remove_privs(file);
	if (n)
		goto out;
	if (np_write_back(iocb))
		n = generic_perform_write(iocb, from);
	else
		n = np_write_through(iocb, from);
	if (n <= 0)
		goto out;
	inode_set_mtime_to_ts(inode, inode_set_ctime_current(inode));
	/* the server's mtime differs in its last digits: read it next time */
	np_attr_stale(inode);
out:
	inode_unlock(inode);
	if (n > 0)
		n = generic_write_sync(iocb, n);
	return n;
}

static vm_fault_t np_page_mkwrite(struct vm_fault *vmf)
{
	return netfs_page_mkwrite(vmf, NULL);
}

static const struct vm_operations_struct np_file_vm_ops = {
	.fault = filemap_fault,
	.map_pages = filemap_map_pages,
	.page_mkwrite = np_page_mkwrite,
};

static int np_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	int err = generic_file_mmap(file, vma);

	if (!err)
		vma->vm_ops = &np_file_vm_ops;
	return err;
}

static int np_init_request(struct netfs_io_request *rreq, struct file *file)
{
	struct np_inode *ni = NP_I(rreq->inode);
	struct np_fid *fid = NULL;

	if (file) {
		fid = np_fid_get(file->private_data);
	} else {
		/* writeback: the inode's write fid */
		spin_lock(&rreq->inode->i_lock);
		if (ni->wfid)
			fid = np_fid_get(ni->wfid);
		spin_unlock(&rreq->inode->i_lock);
		if (!fid)
			return rreq->origin == NETFS_WRITEBACK ? 0 : -EBADF;
	}
	rreq->netfs_priv = fid;
	rreq->rsize = np_fid_iosize(fid);
	rreq->wsize = rreq->rsize;
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
		/*
		 * Nothing more from the server: its end of file.  Below
		 * i_size that is a hole before data still in the page cache,
		 * or the file shrank on the server: zeroes either way.
		 */
		if (!n || pos + n >= i_size_read(rreq->inode))
			__set_bit(NETFS_SREQ_HIT_EOF, &subreq->flags);
		if (!n && rreq->origin != NETFS_DIO_READ)
			__set_bit(NETFS_SREQ_CLEAR_TAIL, &subreq->flags);
	}
	netfs_read_subreq_terminated(subreq);
}

static void np_read_done(struct np_req *req)
{
	struct np_read *rd = req->priv;

	rd->req = req;
	queue_work(system_unbound_wq, &rd->work);
}

/* send the Tread for the rest of the subrequest */
static void np_read_next(struct np_read *rd)
{
	struct netfs_io_subrequest *subreq = rd->subreq;
	struct np_req *req;

	/*
	 * The reply may be in, and rd freed, before np_read_send() returns:
	 * only the error case may look at the result.
	 */
	req = np_read_send(subreq->rreq->netfs_priv,
			   subreq->start + subreq->transferred,
			   iov_iter_count(&subreq->io_iter), np_read_done, rd);
	if (IS_ERR(req)) {
		kfree(rd);
		np_read_end(subreq, PTR_ERR(req));
	}
}

static void np_read_work(struct work_struct *work)
{
	struct np_read *rd = container_of(work, struct np_read, work);
	struct netfs_io_subrequest *subreq = rd->subreq;
	ssize_t n;

	n = np_read_finish(rd->req, &subreq->io_iter);
	/*
	 * Short of i_size: the rest is asked for here (6.12's netfs retry
	 * of short reads is unsafe: it walked a freed list under KASAN).
	 */
	if (n > 0 && iov_iter_count(&subreq->io_iter)) {
		if (subreq->start + subreq->transferred + n <
		    i_size_read(subreq->rreq->inode)) {
			subreq->transferred += n;
			np_read_next(rd);
			return;
		}
		/* i_size may grow meanwhile: this is the end all the same */
		__set_bit(NETFS_SREQ_HIT_EOF, &subreq->flags);
	}
	kfree(rd);
	np_read_end(subreq, n);
}

static void np_issue_read(struct netfs_io_subrequest *subreq)
{
	struct np_read *rd;

	rd = kmalloc(sizeof(*rd), GFP_NOFS);
	if (!rd) {
		np_read_end(subreq, -ENOMEM);
		return;
	}
	INIT_WORK(&rd->work, np_read_work);
	rd->subreq = subreq;
	np_read_next(rd);
}

static void np_begin_writeback(struct netfs_io_request *wreq)
{
	/* without a write fid the writeback fails in issue_write */
	wreq->io_streams[0].avail = true;
}

static void np_issue_write(struct netfs_io_subrequest *subreq)
{
	struct netfs_io_request *wreq = subreq->rreq;
	struct inode *inode = wreq->inode;
	struct np_fid *fid = wreq->netfs_priv;
	ssize_t done = 0;
	ssize_t n;

	if (!fid) {
		netfs_write_subrequest_terminated(subreq, -EBADF, false);
		return;
	}
	/*
	 * A short Twrite is followed by one for the rest here: netfs's
	 * retry of short subrequests is left out, as for reads.  The first
	 * error fails the subrequest (the server holds what came before).
	 */
	do {
		n = np_write(fid, subreq->start + done, &subreq->io_iter);
		if (n <= 0)
			break;
		done += n;
	} while (iov_iter_count(&subreq->io_iter));
	if (done)
		np_server_wrote(inode, subreq->start + done);
	netfs_write_subrequest_terminated(subreq, n > 0 ? done : n ?: -EIO,
					  false);
}

/*
 * cache=fscache: with a cache bound, readahead here stayed at its first
 * 16 KiB window (a 1 MiB file took 64 Treads; 4 without a cache), likely
 * as the pages netfs marks for copying to the cache go through writeback,
 * which clears the readahead mark (the same page flag).  So each
 * readahead with a cache covers whole NP_CACHE_GRANULE blocks, up to end
 * of file: 4 Treads again.
 */
#define NP_CACHE_GRANULE	SZ_256K

static void np_expand_readahead(struct netfs_io_request *rreq)
{
	unsigned long long start, end, eof;

	if (!fscache_resources_valid(&rreq->cache_resources))
		return;
	start = round_down(rreq->start, NP_CACHE_GRANULE);
	end = round_up(rreq->start + rreq->len, NP_CACHE_GRANULE);
	eof = round_up(rreq->i_size, PAGE_SIZE);
	if (end > eof)
		end = max(eof, rreq->start + rreq->len);
	rreq->start = start;
	rreq->len = end - start;
}

const struct netfs_request_ops np_netfs_ops = {
	.init_request = np_init_request,
	.expand_readahead = np_expand_readahead,
	.free_request = np_free_request,
	.issue_read = np_issue_read,
	.begin_writeback = np_begin_writeback,
	.issue_write = np_issue_write,
};

/* the page cache is the netfs library's: these are its entry points */
const struct address_space_operations np_aops = {
	.readahead = netfs_readahead,
	.read_folio = netfs_read_folio,
	.writepages = netfs_writepages,
	.write_begin = np_write_begin,
	.write_end = np_write_end,
	.dirty_folio = netfs_dirty_folio,
	.invalidate_folio = netfs_invalidate_folio,
	.release_folio = netfs_release_folio,
	.migrate_folio = filemap_migrate_folio,
	/* O_DIRECT is netfs's unbuffered path; this only allows the flag */
	.direct_IO = noop_direct_IO,
};

const struct file_operations np_file_fops = {
	.llseek = generic_file_llseek,
	.read_iter = netfs_file_read_iter,
	.write_iter = np_file_write_iter,
	.mmap = np_file_mmap,
	.splice_read = filemap_splice_read,
	.splice_write = iter_file_splice_write,
	.open = np_file_open,
	.flush = np_file_flush,
	.release = np_file_release,
	.fsync = np_file_fsync,
	.lock = np_file_lock,
	.flock = np_file_flock,
};
