// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: inodes, lookup, attributes and dentry revalidation.
 *
 * An inode is identified by its qid.path alone: a host-side change bumps
 * qid.version or mtime but never duplicates the inode.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/namei.h>
#include <linux/pagemap.h>
#include <linux/netfs.h>
#include <linux/posix_acl.h>
#include "ninep.h"

static const struct inode_operations np_file_iops;
static const struct inode_operations np_symlink_iops;
static const struct inode_operations np_special_iops;

static struct kmem_cache *np_inode_cache;

struct inode *np_alloc_inode(struct super_block *sb)
{
	struct np_inode *ni = alloc_inode_sb(sb, np_inode_cache, GFP_KERNEL);

	if (!ni)
		return NULL;
	memset(&ni->qid, 0, sizeof(ni->qid));
	ni->attr_time = 0;
	ni->attr_seq = 0;
	ni->ra = NULL;
	ni->child_asked = 0;
	atomic_set(&ni->ahead_taken, 0);
	ni->attr_stale = false;
	ni->stale_seq = 0;
	ni->nocaps = false;
	ni->dcache = NULL;
	ni->cto_task = NULL;
	ni->dcache_gen = 0;
	ni->listed = jiffies - NP_LIST_WINDOW - 1;
	ni->dir_same = jiffies;
	ni->list_stat = false;
	ni->has_btime = false;
	ni->blksize = 0;
	ni->data_version = 0;
	ni->link = NULL;
	ni->ofid = NULL;
	ni->wfid = NULL;
	atomic_set(&ni->nopen, 0);
	ni->silly_dfid = NULL;
	ni->silly_fid = NULL;
	ni->silly_name = NULL;
	ni->silly_dentry = NULL;
	ni->unlinking = NULL;
	ni->name_seq = 0;
	return &ni->netfs.inode;
}

void np_free_inode(struct inode *inode)
{
	struct np_inode *ni = NP_I(inode);

	kfree(ni->link);
	kmem_cache_free(np_inode_cache, ni);
}

void np_evict_inode(struct inode *inode)
{
	/* attributes read ahead hold a dentry of the inode until taken */
	WARN_ON_ONCE(READ_ONCE(NP_I(inode)->ra));
	truncate_inode_pages_final(&inode->i_data);
	if (S_ISDIR(inode->i_mode))
		np_dcache_drop(inode);
	netfs_wait_for_outstanding_io(inode);
	np_fscache_evict(inode);
	clear_inode(inode);
	np_silly_remove(inode);
	np_fid_put(NP_I(inode)->ofid);
	np_fid_put(NP_I(inode)->wfid);
	NP_I(inode)->ofid = NULL;
	NP_I(inode)->wfid = NULL;
}

static void np_inode_once(void *p)
{
	struct np_inode *ni = p;

	inode_init_once(&ni->netfs.inode);
}

int np_inode_cache_init(void)
{
	np_inode_cache = kmem_cache_create("ninep_inode", sizeof(struct np_inode),
					   0, SLAB_RECLAIM_ACCOUNT |
					   SLAB_ACCOUNT, np_inode_once);
	return np_inode_cache ? 0 : -ENOMEM;
}

void np_inode_cache_exit(void)
{
	rcu_barrier();
	kmem_cache_destroy(np_inode_cache);
}

/* the server sends rdev as glibc encodes dev_t */
static dev_t np_decode_rdev(u64 rdev)
{
	u32 major = ((rdev >> 8) & 0xfff) | ((rdev >> 32) & 0xfffff000);
	u32 minor = (rdev & 0xff) | ((rdev >> 12) & 0xffffff00);

	return MKDEV(major, minor);
}

static bool np_attr_sane(const struct np_attr *attr)
{
	const u64 need = NP_GETATTR_MODE | NP_GETATTR_SIZE;
	umode_t type = attr->mode & S_IFMT;

	if ((attr->valid & need) != need)
		return false;
	if (attr->size > MAX_LFS_FILESIZE)
		return false;
	switch (type) {
	case S_IFDIR:
		return attr->qid.type & NP_QTDIR;
	case S_IFLNK:
		return attr->qid.type & NP_QTSYMLINK;
	case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		return !(attr->qid.type & (NP_QTDIR | NP_QTSYMLINK));
	default:
		return false;
	}
}

static struct timespec64 np_ts(u64 sec, u64 nsec)
{
	return (struct timespec64){ .tv_sec = sec,
				    .tv_nsec = min_t(u64, nsec, NSEC_PER_SEC - 1) };
}

/* t is the server's sec/nsec (as np_ts() clamps it) */
static bool np_ts_same(struct timespec64 t, u64 sec, u64 nsec)
{
	struct timespec64 s = np_ts(sec, nsec);

	return timespec64_equal(&t, &s);
}

/* the file changed on the server since its pages were cached */
static bool np_data_changed(struct inode *inode, const struct np_attr *attr)
{
	struct np_inode *ni = NP_I(inode);

	if (attr->qid.version != ni->qid.version)
		return true;
	if (attr->size != i_size_read(inode))
		return true;
	if (!np_ts_same(inode_get_mtime(inode), attr->mtime_sec,
			attr->mtime_nsec))
		return true;
	/*
	 * cache=fscache: the cached copy outlives the mount, so a rewrite in
	 * place with its mtime put back (only ctime tells) counts too
	 */
	return netfs_i_cookie(&ni->netfs) && (attr->valid & NP_GETATTR_CTIME) &&
	       !np_ts_same(inode_get_ctime(inode), attr->ctime_sec,
			   attr->ctime_nsec);
}

/* under dir's i_lock */
void np_dstamp_inode(struct inode *dir, struct np_dstamp *st)
{
	st->mtime = inode_get_mtime(dir);
	st->ctime = inode_get_ctime(dir);
	st->size = i_size_read(dir);
	st->version = NP_I(dir)->qid.version;
}

bool np_dstamp_eq(const struct np_dstamp *a, const struct np_dstamp *b)
{
	return timespec64_equal(&a->mtime, &b->mtime) &&
	       timespec64_equal(&a->ctime, &b->ctime) &&
	       a->size == b->size && a->version == b->version;
}

/*
 * Under i_lock: a directory's attributes say it is as it was (the same
 * stamp).  Two changes within the server's clock tick look like one.
 */
static bool np_dir_same(struct inode *inode, const struct np_attr *attr)
{
	u64 need = NP_GETATTR_MTIME | NP_GETATTR_CTIME | NP_GETATTR_SIZE;
	struct np_dstamp was, now = {
		.mtime = np_ts(attr->mtime_sec, attr->mtime_nsec),
		.ctime = np_ts(attr->ctime_sec, attr->ctime_nsec),
		.size = attr->size,
		.version = attr->qid.version,
	};

	if ((attr->valid & need) != need)
		return false;
	np_dstamp_inode(inode, &was);
	return np_dstamp_eq(&was, &now);
}

/*
 * attr was asked for before a change made here was answered: it may not
 * show the change, so it is not used (the inode stays stale).
 */
static bool np_attr_older(struct inode *inode, const struct np_attr *attr)
{
	u64 seq = READ_ONCE(NP_I(inode)->stale_seq);

	return seq && attr->seq <= seq;
}

/*
 * Dirty pages, or pages on their way to the server: the server's size and
 * times do not show them yet, so the local ones stand.
 */
static bool np_pages_ahead(struct inode *inode)
{
	struct address_space *mapping = inode->i_mapping;

	return S_ISREG(inode->i_mode) &&
	       (mapping_tagged(mapping, PAGECACHE_TAG_DIRTY) ||
		mapping_tagged(mapping, PAGECACHE_TAG_WRITEBACK));
}

void np_inode_update(struct inode *inode, const struct np_attr *attr)
{
	struct np_inode *ni = NP_I(inode);
	bool ahead, changed;

	/* a later Tgetattr's reply is in already: this one says less */
	if (attr->seq < READ_ONCE(ni->attr_seq))
		return;
	np_acl_check_attr(inode, attr);
	/*
	 * Under i_lock, which write_end and np_attr_stale()'s callers take
	 * to grow i_size after dirtying the page or noting the change.
	 */
	spin_lock(&inode->i_lock);
	if (np_attr_older(inode, attr)) {
		/* stale, but stale_seq stays: later replies may be newer */
		ni->attr_stale = true;
		spin_unlock(&inode->i_lock);
		return;
	}
	if (attr->seq < ni->attr_seq) {
		spin_unlock(&inode->i_lock);
		return;
	}
	ni->attr_seq = attr->seq;
	/* from now on, until they read otherwise (np_neg_proven) */
	if (S_ISDIR(inode->i_mode) && !np_dir_same(inode, attr))
		WRITE_ONCE(ni->dir_same, jiffies);
	ahead = np_pages_ahead(inode);
	changed = S_ISREG(inode->i_mode) && !ahead &&
		  np_data_changed(inode, attr);
	/* a mode change may have made the file setuid: check again */
	if ((inode->i_mode ^ attr->mode) & ~S_IFMT)
		inode->i_flags &= ~S_NOSEC;
	inode->i_mode = (inode->i_mode & S_IFMT) | (attr->mode & ~S_IFMT);
	if (attr->valid & NP_GETATTR_UID)
		inode->i_uid = make_kuid(&init_user_ns, attr->uid);
	if (attr->valid & NP_GETATTR_GID)
		inode->i_gid = make_kgid(&init_user_ns, attr->gid);
	if (attr->valid & NP_GETATTR_NLINK) {
		u64 nlink = min_t(u64, attr->nlink, UINT_MAX);

		/* the hidden name of an unlinked open file does not count */
		if (ni->silly_name && nlink)
			nlink--;
		set_nlink(inode, nlink);
	}
	if (attr->valid & NP_GETATTR_ATIME)
		inode_set_atime_to_ts(inode, np_ts(attr->atime_sec,
						   attr->atime_nsec));
	if ((attr->valid & NP_GETATTR_MTIME) && !ahead)
		inode_set_mtime_to_ts(inode, np_ts(attr->mtime_sec,
						   attr->mtime_nsec));
	if ((attr->valid & NP_GETATTR_CTIME) && !ahead) {
		struct timespec64 ctime = np_ts(attr->ctime_sec,
						attr->ctime_nsec);
		struct timespec64 old = inode_get_ctime(inode);

		/* xattrs may have changed: ask about capabilities again */
		if (!timespec64_equal(&ctime, &old))
			ni->nocaps = false;
		inode_set_ctime_to_ts(inode, ctime);
	}
	if (attr->valid & NP_GETATTR_BTIME) {
		ni->btime = np_ts(attr->btime_sec, attr->btime_nsec);
		ni->has_btime = attr->btime_sec || attr->btime_nsec;
	}
	if (attr->valid & NP_GETATTR_BLOCKS)
		inode->i_blocks = attr->blocks;
	/* a hint for buffer sizes: ignore one no request could move */
	ni->blksize = attr->blksize <= NP_MAX_MSIZE ? attr->blksize : 0;
	if (ahead) {
		/* read them again once the pages are on the server */
		ni->attr_stale = true;
		spin_unlock(&inode->i_lock);
		return;
	}
	ni->data_version = attr->data_version;
	ni->qid = attr->qid;
	i_size_write(inode, attr->size);
	/* not netfs_resize_file(): without zero_point tracking it would
	 * make netfs treat everything past the smallest size seen as zeroes
	 */
	ni->netfs.remote_i_size = attr->size;
	ni->attr_time = attr->time;
	ni->attr_stale = false;
	spin_unlock(&inode->i_lock);

	if (!changed)
		return;
	/* the cache first: a read from it may be refilling the pages */
	np_fscache_changed(inode);
	if (inode->i_mapping->nrpages &&
	    invalidate_inode_pages2(inode->i_mapping) &&
	    netfs_i_cookie(&ni->netfs)) {
		/*
		 * Pages a read brought in meanwhile are still on their way
		 * to the cache (dirty, so they stayed): let them get there,
		 * then drop the cache's copy and the pages once more.
		 */
		filemap_write_and_wait(inode->i_mapping);
		np_fscache_changed(inode);
		invalidate_inode_pages2(inode->i_mapping);
	}
}

static int np_inode_test(struct inode *inode, void *data)
{
	const struct np_attr *attr = data;

	return NP_I(inode)->qid.path == attr->qid.path &&
	       (inode->i_mode & S_IFMT) == (attr->mode & S_IFMT);
}

static int np_inode_set(struct inode *inode, void *data)
{
	const struct np_attr *attr = data;

	NP_I(inode)->qid = attr->qid;
	inode->i_ino = attr->qid.path;
	/* np_inode_test() compares it: set it before the inode is found */
	inode->i_mode = attr->mode & S_IFMT;
	return 0;
}

struct inode *np_iget(struct super_block *sb, const struct np_attr *attr)
{
	struct inode *inode;
	struct np_inode *ni;
	umode_t mode = attr->mode & S_IFMT;

	if (!np_attr_sane(attr)) {
		pr_warn_ratelimited("ninep: server sent inconsistent attributes (mode %o, qid type %x)\n",
				    attr->mode, attr->qid.type);
		return ERR_PTR(-EIO);
	}
	inode = iget5_locked(sb, attr->qid.path,
			     np_inode_test, np_inode_set, (void *)attr);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(inode->i_state & I_NEW)) {
		np_inode_update(inode, attr);
		return inode;
	}

	ni = NP_I(inode);
	inode->i_mode = mode;
	inode->i_blkbits = PAGE_SHIFT;
	netfs_inode_init(&ni->netfs, &np_netfs_ops, false);
	switch (mode) {
	case S_IFDIR:
		inode->i_op = &np_dir_iops;
		inode->i_fop = &np_dir_fops;
		break;
	case S_IFREG:
		inode->i_op = &np_file_iops;
		inode->i_fop = &np_file_fops;
		inode->i_mapping->a_ops = &np_aops;
		/* cache=none: reads bypass the page cache */
		if (NP_SB(sb)->opts.cache == NP_CACHE_NONE)
			__set_bit(NETFS_ICTX_UNBUFFERED, &ni->netfs.flags);
		break;
	case S_IFLNK:
		inode->i_op = &np_symlink_iops;
		inode_nohighmem(inode);
		break;
	default:
		inode->i_op = &np_special_iops;
		init_special_inode(inode, mode, np_decode_rdev(attr->rdev));
		break;
	}
	/* i_size and mtime start from the server's: no invalidation */
	i_size_write(inode, attr->size);
	inode_set_mtime_to_ts(inode, np_ts(attr->mtime_sec, attr->mtime_nsec));
	np_inode_update(inode, attr);
	/*
	 * Nothing in a directory is looked up before it has an inode: its
	 * first attributes come before any question about its names, even
	 * one asked in this very tick (np_neg_proven).
	 */
	if (S_ISDIR(mode))
		ni->dir_same = jiffies - 1;
	if (S_ISREG(mode))
		np_fscache_inode_init(inode);
	unlock_new_inode(inode);
	return inode;
}

bool np_fresh(unsigned long stamp, unsigned long timeout)
{
	if (timeout == ULONG_MAX)
		return true;
	/* a reply from this very tick counts as current */
	return time_before_eq(jiffies, stamp + timeout);
}

/* the inode's attributes may be used without asking the server */
bool np_attr_fresh(struct inode *inode)
{
	struct np_inode *ni = NP_I(inode);

	if (np_client_dead(NP_SB(inode->i_sb)->clnt))
		return false;
	return !READ_ONCE(ni->attr_stale) &&
	       np_fresh(READ_ONCE(ni->attr_time),
			NP_SB(inode->i_sb)->attr_timeout);
}

/*
 * The lookup of an open(2) just read inode's attributes from the server:
 * the open need not read them again (close-to-open holds, they are from
 * after the open began).  Only for the same task, and only for a few
 * ticks, in case the open failed before reaching the file system.
 */
void np_cto_mark(struct inode *inode, unsigned int lookup_flags)
{
	if (inode && (lookup_flags & LOOKUP_OPEN))
		WRITE_ONCE(NP_I(inode)->cto_task, current);
}

bool np_cto_fresh(struct inode *inode)
{
	struct np_inode *ni = NP_I(inode);
	bool fresh;

	spin_lock(&inode->i_lock);
	fresh = ni->cto_task == current && !ni->attr_stale &&
		time_before_eq(jiffies, ni->attr_time + NP_CTO_WINDOW);
	ni->cto_task = NULL;
	spin_unlock(&inode->i_lock);
	return fresh;
}

/*
 * Changed here (the server has answered): the server's attributes are
 * read again at next use, and any asked for before now are not used.
 */
void np_attr_stale(struct inode *inode)
{
	struct np_inode *ni = NP_I(inode);

	WRITE_ONCE(ni->stale_seq, np_client_seq(NP_SB(inode->i_sb)->clnt));
	WRITE_ONCE(ni->attr_stale, true);
}

/*
 * Attributes the server gave for inode's file: -EIO if they make no sense,
 * -ESTALE if they are another file's (the name now leads elsewhere).
 */
int np_inode_apply(struct inode *inode, const struct np_attr *attr)
{
	if (!np_attr_sane(attr))
		return -EIO;
	if (attr->qid.path != NP_I(inode)->qid.path ||
	    (attr->mode & S_IFMT) != (inode->i_mode & S_IFMT))
		return -ESTALE;
	np_inode_update(inode, attr);
	return 0;
}

/*
 * Bring the inode's attributes up to date through fid, unless they are
 * within the attribute timeout (and !force).  -ESTALE if the name now
 * leads to another file.
 */
int np_inode_refresh(struct inode *inode, struct np_fid *fid, bool force)
{
	struct np_attr attr;
	int err;

	if (!force && np_attr_fresh(inode))
		return 0;
	err = np_getattr(fid, NP_GETATTR_WANT, &attr);
	if (err)
		return err;
	return np_inode_apply(inode, &attr);
}

int np_setup_root(struct super_block *sb, struct np_fid *fid)
{
	struct np_attr attr;
	struct inode *inode;
	int err;

	err = np_getattr(fid, NP_GETATTR_WANT, &attr);
	if (err)
		return err;
	if (!S_ISDIR(attr.mode))
		return -ENOTDIR;
	inode = np_iget(sb, &attr);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	sb->s_root = d_make_root(inode);
	if (!sb->s_root)
		return -ENOMEM;
	np_dentry_add_fid(sb->s_root, fid);
	return 0;
}

/*
 * Walk dfid to dentry's name and read the attributes: a referenced path
 * fid and the inode, or -ENOENT, or another error.
 */
int np_walk_child(struct np_fid *dfid, struct dentry *dentry,
		  struct np_fid **fidp, struct inode **inodep)
{
	const char *name = dentry->d_name.name;
	struct inode *inode;
	struct np_attr attr;
	struct np_fid *fid;
	int err;

	fid = np_walk(dfid, 1, &name, NULL);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	err = np_getattr(fid, NP_GETATTR_WANT, &attr);
	if (!err && attr.qid.path != fid->qid.path)
		err = -EIO;
	inode = err ? ERR_PTR(err) : np_iget(dentry->d_sb, &attr);
	if (IS_ERR(inode)) {
		np_fid_put(fid);
		return PTR_ERR(inode);
	}
	*fidp = fid;
	*inodep = inode;
	return 0;
}

struct dentry *np_lookup(struct inode *dir, struct dentry *dentry,
			 unsigned int flags)
{
	unsigned long asked;
	struct inode *inode = NULL;
	struct np_fid *dfid, *fid = NULL;
	struct dentry *res;
	int err;

	if (dentry->d_name.len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	dfid = np_dentry_fid(dentry->d_parent);
	if (IS_ERR(dfid))
		return ERR_CAST(dfid);
	/* dated from the question (np_neg_proven) */
	asked = jiffies;
	err = np_walk_child(dfid, dentry, &fid, &inode);
	np_fid_put(dfid);
	if (err && err != -ENOENT)
		return ERR_PTR(err);
	dentry->d_time = asked;
	np_cto_mark(inode, flags);
	res = d_splice_alias(inode, dentry);
	if (fid) {
		if (IS_ERR(res))
			np_fid_put(fid);
		else
			np_dentry_add_fid(res ?: dentry, fid);
	}
	return res;
}

/* whether dentry is being unlinked here (np_keep_file) */
static bool np_unlinking(struct inode *inode, struct dentry *dentry)
{
	/* the acquire pairs with np_unlink_done()'s release */
	return smp_load_acquire(&NP_I(inode)->unlinking) == dentry;
}

/* a name seen missing is proven so by its directory this long at most */
#define NP_NEG_PROOF_MAX	(3600 * HZ)

/*
 * dentry, negative, was asked about (at d_time, before the question went
 * out) when its directory's attributes, read before that, were as they
 * are now, and those are within the attribute timeout: no name was made
 * in the directory between the two (its mtime and ctime would have
 * moved), so the name is still missing, as of the attributes.  NFS
 * revalidates negative dentries the same way.  The attributes must also
 * be within negative_timeout, which so still bounds how long a name made
 * on the server goes unseen.  Under RCU too: the directory's inode is
 * freed after a grace period.  The bound on the age keeps the jiffies
 * compared within range of each other.
 */
static bool np_neg_proven(struct np_sb *nsb, struct dentry *dentry)
{
	unsigned long asked = READ_ONCE(dentry->d_time);
	struct inode *dir;
	bool proven;

	if (!nsb->neg_timeout || !np_fresh(asked, NP_NEG_PROOF_MAX))
		return false;
	rcu_read_lock();
	dir = d_inode_rcu(READ_ONCE(dentry->d_parent));
	proven = dir && np_attr_fresh(dir) &&
		 np_fresh(READ_ONCE(NP_I(dir)->attr_time), nsb->neg_timeout) &&
		 time_before(READ_ONCE(NP_I(dir)->dir_same), asked);
	rcu_read_unlock();
	return proven;
}

static int np_d_revalidate(struct dentry *dentry, unsigned int flags)
{
	struct np_sb *nsb = NP_SB(dentry->d_sb);
	struct inode *inode = d_inode_rcu(dentry);
	struct np_fid *fid;
	int err;

	/* being unlinked here: wait, then ask the server (np_keep_file) */
	if (inode && np_unlinking(inode, dentry)) {
		if (flags & LOOKUP_RCU)
			return -ECHILD;
		if (wait_var_event_killable(&NP_I(inode)->unlinking,
					    !np_unlinking(inode, dentry)))
			return -EINTR;
		flags |= LOOKUP_REVAL;
	}
	/*
	 * a name seen missing is believed for negative_timeout; LOOKUP_REVAL:
	 * the VFS retries after -ESTALE and wants it checked whatever the age
	 */
	if (!(flags & LOOKUP_REVAL) && !np_client_dead(nsb->clnt) &&
	    np_fresh(READ_ONCE(dentry->d_time),
		     inode ? nsb->entry_timeout : nsb->neg_timeout))
		return 1;
	/* negative and expired: still missing, or look it up again */
	if (!inode && !(flags & LOOKUP_REVAL) && np_neg_proven(nsb, dentry))
		return 1;
	if (flags & LOOKUP_RCU)
		return -ECHILD;
	inode = d_inode(dentry);
	if (!inode)
		return 0;
	/*
	 * The VFS's retry of an open after -ESTALE: a file is looked up and
	 * opened again in ->atomic_open, while the VFS holds the directory.
	 * Only a name nobody else holds: the VFS unhashes what we refuse,
	 * and for those who hold it (an open file) the file would look
	 * unlinked.  A held name's file outlives an unlink (np_keep_file).
	 */
	if ((flags & (LOOKUP_REVAL | LOOKUP_OPEN)) ==
	    (LOOKUP_REVAL | LOOKUP_OPEN) &&
	    S_ISREG(inode->i_mode) && !d_mountpoint(dentry) &&
	    d_count(dentry) == 1)
		return 0;
	/* attributes read ahead: their reply says whether the name holds */
	if (!(flags & LOOKUP_REVAL) && READ_ONCE(NP_I(inode)->ra)) {
		err = np_ra_collect(dentry);
		/* gone or another file's: the lookup that follows asks */
		if (err == -ENOENT || err == -ESTALE)
			return 0;
		if (!err && np_fresh(READ_ONCE(dentry->d_time),
				     nsb->entry_timeout))
			return 1;
	}
	/* the fid names the path: its attributes are the name's file now */
	fid = np_dentry_fid(dentry);
	if (IS_ERR(fid))
		return PTR_ERR(fid) == -ENOENT ? 0 : PTR_ERR(fid);
	np_ra_siblings(dentry);
	err = np_inode_refresh(inode, fid, true);
	np_fid_put(fid);
	if (err == -ENOENT || err == -ESTALE)
		return 0;
	if (err)
		return err;
	dentry->d_time = jiffies;
	np_cto_mark(inode, flags);
	return 1;
}

static void np_d_release(struct dentry *dentry)
{
	np_dentry_release_fids(dentry);
}

/*
 * The name a file was kept for under a hidden name (np_keep_file) is
 * gone: nobody can open the file by it any more.  Unless the file is
 * still open (the last close sees to it then), the hidden name goes.
 */
static void np_d_iput(struct dentry *dentry, struct inode *inode)
{
	struct np_inode *ni = NP_I(inode);
	bool kept;

	spin_lock(&inode->i_lock);
	kept = ni->silly_dentry == dentry;
	if (kept)
		ni->silly_dentry = NULL;
	spin_unlock(&inode->i_lock);
	smp_mb();	/* silly_dentry cleared before nopen is read; see release */
	if (kept && !atomic_read(&ni->nopen))
		np_silly_remove(inode);
	iput(inode);
}

const struct dentry_operations np_dentry_ops = {
	.d_revalidate = np_d_revalidate,
	.d_release = np_d_release,
	.d_iput = np_d_iput,
};

/*
 * The fid to reach dentry's file through: its path fid, or for a name
 * that is gone (unlinked while open) one of the inode's opened fids.
 * With open_ok, a name without a path fid may use an open fid of its
 * file instead of walking; *opened says it did.  Servers whose fids
 * are paths (diod) resolve such a fid by the name it was opened under,
 * which may be gone or another file's now: only for reading
 * attributes, checked by qid, and retried through a walk.
 */
static struct np_fid *np_attr_fid(struct dentry *dentry, bool open_ok,
				  bool *opened)
{
	struct inode *inode = d_inode(dentry);
	struct np_inode *ni = NP_I(inode);
	kuid_t owner = np_fid_owner(inode->i_sb);
	struct np_fid *fid = NULL;

	*opened = false;
	if (!d_unlinked(dentry)) {
		if (!open_ok)
			return np_dentry_fid(dentry);
		fid = np_dentry_fid_cached(dentry);
		if (fid)
			return fid;
		spin_lock(&inode->i_lock);
		if (ni->wfid && uid_eq(ni->wfid->uid, owner))
			fid = np_fid_get(ni->wfid);
		else if (ni->ofid && uid_eq(ni->ofid->uid, owner))
			fid = np_fid_get(ni->ofid);
		spin_unlock(&inode->i_lock);
		*opened = !!fid;
		return fid ?: np_dentry_fid(dentry);
	}
	spin_lock(&inode->i_lock);
	if (ni->silly_fid || ni->wfid || ni->ofid)
		fid = np_fid_get(ni->silly_fid ?: ni->wfid ?: ni->ofid);
	spin_unlock(&inode->i_lock);
	return fid ?: ERR_PTR(-ENOENT);
}

/* read dentry's attributes from the server (see np_attr_fid) */
static int np_attr_refresh(struct dentry *dentry, struct inode *inode)
{
	struct np_fid *fid;
	bool opened;
	int err;

	fid = np_attr_fid(dentry, true, &opened);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	err = np_inode_refresh(inode, fid, true);
	np_fid_put(fid);
	if (opened && (err == -ENOENT || err == -ESTALE)) {
		fid = np_dentry_fid(dentry);
		if (IS_ERR(fid))
			return PTR_ERR(fid);
		err = np_inode_refresh(inode, fid, true);
		np_fid_put(fid);
	}
	return err;
}

/*
 * A name in a directory was stat'ed.  Right after a listing of the
 * directory (ls -l, find, du), it is a program that stats what it lists:
 * the next listing reads ahead the attributes of the names in it
 * (np_dir_prefetch).  A program that lists what it stat'ed a while ago
 * (git status looks for untracked files after its stats) would not use
 * them.
 */
static void np_note_stat(struct dentry *dentry)
{
	struct np_inode *ni;
	struct inode *dir;

	rcu_read_lock();
	dir = d_inode_rcu(READ_ONCE(dentry->d_parent));
	if (dir && S_ISDIR(dir->i_mode)) {
		ni = NP_I(dir);
		if (!READ_ONCE(ni->list_stat) &&
		    time_before(jiffies, READ_ONCE(ni->listed) + NP_LIST_WINDOW))
			WRITE_ONCE(ni->list_stat, true);
	}
	rcu_read_unlock();
}

int np_getattr_op(struct mnt_idmap *idmap, const struct path *path,
		  struct kstat *stat, u32 request_mask, unsigned int flags)
{
	struct dentry *dentry = path->dentry;
	struct inode *inode = d_inode(dentry);
	struct np_inode *ni = NP_I(inode);
	unsigned int sync = flags & AT_STATX_SYNC_TYPE;
	int err;

	np_note_stat(dentry);
	if (sync == AT_STATX_SYNC_AS_STAT)
		np_ra_collect(dentry);
	if (sync == AT_STATX_DONT_SYNC ||
	    (sync != AT_STATX_FORCE_SYNC && np_attr_fresh(inode)))
		goto fill;
	/* expired, not changed here: perhaps a sweep through the directory */
	if (sync == AT_STATX_SYNC_AS_STAT && !READ_ONCE(ni->attr_stale))
		np_ra_siblings(dentry);
	err = np_attr_refresh(dentry, inode);
	/* unlinked and never opened here: what we know is all there is */
	if (err == -ENOENT && d_unlinked(dentry))
		goto fill;
	if (err == -ESTALE)
		err = -ENOENT;
	if (err)
		return err;
fill:
	generic_fillattr(idmap, request_mask, inode, stat);
	/*
	 * The server's preferred size (QEMU reports its iounit, ~msize) helps
	 * file copies; for a directory it would only make each opendir(3)
	 * map and unmap a buffer that large, so those keep the page size.
	 */
	if (ni->blksize && S_ISREG(inode->i_mode))
		stat->blksize = ni->blksize;
	if (ni->has_btime) {
		stat->btime = ni->btime;
		stat->result_mask |= STATX_BTIME;
	}
	return 0;
}

/* access=<uid>: the mount belongs to that user alone */
int np_permission(struct mnt_idmap *idmap, struct inode *inode, int mask)
{
	struct np_sb *nsb = NP_SB(inode->i_sb);

	if (nsb->opts.access == NP_ACCESS_SINGLE &&
	    !uid_eq(current_fsuid(), nsb->opts.access_uid))
		return -EACCES;
	return generic_permission(idmap, inode, mask);
}

/*
 * chmod, chown, truncate, utimes.  Through the caller's open file when
 * there is one, so an unlinked file can still be changed.
 */
int np_setattr_op(struct mnt_idmap *idmap, struct dentry *dentry,
		  struct iattr *ia)
{
	struct inode *inode = d_inode(dentry);
	struct np_iattr a = {};
	struct np_fid *fid;
	bool opened;
	int err;

	err = setattr_prepare(idmap, dentry, ia);
	if (err)
		return err;
	if (ia->ia_valid & ATTR_MODE) {
		a.valid |= NP_SETATTR_MODE;
		a.mode = ia->ia_mode;
	}
	if (ia->ia_valid & ATTR_UID) {
		a.valid |= NP_SETATTR_UID;
		a.uid = from_kuid(&init_user_ns, ia->ia_uid);
	}
	if (ia->ia_valid & ATTR_GID) {
		a.valid |= NP_SETATTR_GID;
		a.gid = from_kgid(&init_user_ns, ia->ia_gid);
	}
	if (ia->ia_valid & ATTR_SIZE) {
		a.valid |= NP_SETATTR_SIZE;
		a.size = ia->ia_size;
	}
	if (ia->ia_valid & ATTR_ATIME) {
		a.valid |= NP_SETATTR_ATIME;
		if (ia->ia_valid & ATTR_ATIME_SET) {
			a.valid |= NP_SETATTR_ATIME_SET;
			a.atime_sec = ia->ia_atime.tv_sec;
			a.atime_nsec = ia->ia_atime.tv_nsec;
		}
	}
	if (ia->ia_valid & ATTR_MTIME) {
		a.valid |= NP_SETATTR_MTIME;
		if (ia->ia_valid & ATTR_MTIME_SET) {
			a.valid |= NP_SETATTR_MTIME_SET;
			a.mtime_sec = ia->ia_mtime.tv_sec;
			a.mtime_nsec = ia->ia_mtime.tv_nsec;
		}
	}
	if (ia->ia_valid & ATTR_CTIME)
		a.valid |= NP_SETATTR_CTIME;

	/*
	 * ftruncate goes through the open file's fid, except for a file
	 * unlinked while open: its hidden name's fid is the one a
	 * path-based server surely knows under the current name (diod's
	 * Trename moves only the fid it names, not the file's other fids).
	 */
	fid = NULL;
	if (d_unlinked(dentry)) {
		spin_lock(&inode->i_lock);
		if (NP_I(inode)->silly_fid)
			fid = np_fid_get(NP_I(inode)->silly_fid);
		spin_unlock(&inode->i_lock);
	}
	if (!fid && (ia->ia_valid & ATTR_FILE) && S_ISREG(inode->i_mode) &&
	    ia->ia_file->private_data)
		fid = np_fid_get(ia->ia_file->private_data);
	if (!fid)
		fid = np_attr_fid(dentry, false, &opened);
	if (IS_ERR(fid))
		return PTR_ERR(fid);

	/*
	 * dirty pages must not land beyond a new end of file later, nor
	 * move the times set here
	 */
	if ((ia->ia_valid & (ATTR_SIZE | ATTR_MTIME | ATTR_ATIME)) &&
	    S_ISREG(inode->i_mode)) {
		err = filemap_write_and_wait(inode->i_mapping);
		if (err)
			goto out;
	}
	err = np_setattr(fid, &a);
	if (err)
		goto out;
	/*
	 * ctime and the like changed on the server: read them next time;
	 * a reply asked for before now must not put the old size back
	 */
	np_attr_stale(inode);
	if ((ia->ia_valid & ATTR_SIZE) && ia->ia_size != i_size_read(inode)) {
		truncate_setsize(inode, ia->ia_size);
		spin_lock(&inode->i_lock);
		netfs_inode(inode)->remote_i_size = ia->ia_size;
		spin_unlock(&inode->i_lock);
		np_fscache_resize(inode, ia->ia_size);
	}
	setattr_copy(idmap, inode, ia);
	/* posixacl: the access ACL's owner, mask and other entries follow */
	if (ia->ia_valid & ATTR_MODE)
		err = posix_acl_chmod(idmap, dentry, inode->i_mode);
out:
	np_fid_put(fid);
	return err;
}

static void np_put_link(void *arg)
{
	kfree(arg);
}

static const char *np_get_link(struct dentry *dentry, struct inode *inode,
			       struct delayed_call *done)
{
	struct np_inode *ni = NP_I(inode);
	struct np_fid *fid;
	char *target;
	int err;

	/* a symlink's target never changes: cache it with the inode */
	target = READ_ONCE(ni->link);
	if (target)
		return target;
	if (!dentry)
		return ERR_PTR(-ECHILD);
	fid = np_dentry_fid(dentry);
	if (IS_ERR(fid))
		return ERR_CAST(fid);
	err = np_readlink(fid, &target);
	np_fid_put(fid);
	if (err)
		return ERR_PTR(err);
	if (cmpxchg(&ni->link, NULL, target))
		set_delayed_call(done, np_put_link, target);
	return target;
}

static const struct inode_operations np_file_iops = {
	.getattr = np_getattr_op,
	.setattr = np_setattr_op,
	.permission = np_permission,
	.listxattr = np_listxattr,
	.get_inode_acl = np_get_inode_acl,
	.get_acl = np_get_acl,
	.set_acl = np_set_acl,
};

static const struct inode_operations np_symlink_iops = {
	.get_link = np_get_link,
	.getattr = np_getattr_op,
	.setattr = np_setattr_op,
	.permission = np_permission,
	.listxattr = np_listxattr,
};

static const struct inode_operations np_special_iops = {
	.getattr = np_getattr_op,
	.setattr = np_setattr_op,
	.permission = np_permission,
	.listxattr = np_listxattr,
	.get_inode_acl = np_get_inode_acl,
	.get_acl = np_get_acl,
	.set_acl = np_set_acl,
};
