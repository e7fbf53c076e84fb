// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep cache=fscache: a persistent local copy of file data in FS-Cache
 * (cachefiles on a local disk), through the netfs library.
 *
 * One cache volume per mount, named after the mount
 * (ninep,<trans>,<source>,<aname> or ninep,<cachetag>).  Each regular file
 * has a cookie keyed by its qid.path; the cookie's coherency data is the
 * server's qid.version, mtime and ctime as this client last read them (the
 * object size is compared by the cache itself).  A file changed on the
 * server while no one had it cached here no longer matches, and its cached
 * data is discarded when the cookie is acquired.  A file changed here is stored with coherency data
 * that matches nothing until its attributes have been read back from the
 * server, so a later mount never trusts data the server may not have.
 *
 * netfs does the caching itself: reads are served from the cache where it
 * has the data, what is fetched from the server is copied into it by
 * writeback, and writeback stores written pages in it as well.
 */
#include <linux/fscache.h>
#include <linux/fs_context.h>
#include "ninep.h"

#if IS_ENABLED(CONFIG_FSCACHE)

/* coherency data; little-endian so a cache moved between hosts still works */
struct np_fscache_aux {
	__le64 mtime_sec;
	__le64 ctime_sec;
	__le32 mtime_nsec;
	__le32 ctime_nsec;
	__le32 version;
	__le32 valid;		/* 0: changed here, match nothing */
} __packed;

static void np_fscache_aux(struct inode *inode, struct np_fscache_aux *aux)
{
	struct np_inode *ni = NP_I(inode);
	struct timespec64 mt, ct;

	memset(aux, 0, sizeof(*aux));
	spin_lock(&inode->i_lock);
	if (!ni->attr_stale) {
		mt = inode_get_mtime(inode);
		ct = inode_get_ctime(inode);
		aux->mtime_sec = cpu_to_le64(mt.tv_sec);
		aux->mtime_nsec = cpu_to_le32(mt.tv_nsec);
		aux->ctime_sec = cpu_to_le64(ct.tv_sec);
		aux->ctime_nsec = cpu_to_le32(ct.tv_nsec);
		aux->version = cpu_to_le32(ni->qid.version);
		aux->valid = cpu_to_le32(1);
	}
	spin_unlock(&inode->i_lock);
}

/*
 * The volume's name is a directory name in the cache: no '/', at most
 * NAME_MAX bytes with the cache's prefix.
 */
int np_fscache_mount(struct np_sb *nsb, struct fs_context *fc)
{
	const struct np_mount_opts *o = &nsb->opts;
	struct fscache_volume *vol;
	char *key, *p;

	if (o->cachetag)
		key = kasprintf(GFP_KERNEL, "ninep,%s", o->cachetag);
	else
		key = kasprintf(GFP_KERNEL, "ninep,%s,%s,%s", o->trans,
				fc->source, o->aname ?: "");
	if (!key)
		return -ENOMEM;
	for (p = key; *p; p++)
		if (*p == '/')
			*p = ';';
	if (strlen(key) > NAME_MAX - 1) {
		kfree(key);
		return invalfc(fc, "cache=fscache: volume name too long (cachetag= names it)");
	}
	vol = fscache_acquire_volume(key, NULL, NULL, 0);
	if (IS_ERR(vol)) {
		if (PTR_ERR(vol) != -EBUSY) {
			kfree(key);
			return PTR_ERR(vol);
		}
		/* another mount of the same export has the volume */
		pr_warn("ninep: cache volume \"%s\" is in use by another mount: this one is not cached\n",
			key);
		vol = NULL;
	}
	kfree(key);
	nsb->fscache = vol;
	return 0;
}

void np_fscache_umount(struct np_sb *nsb)
{
	fscache_relinquish_volume(nsb->fscache, NULL, false);
	nsb->fscache = NULL;
}

/* a new regular file inode, its attributes just read from the server */
void np_fscache_inode_init(struct inode *inode)
{
	struct np_sb *nsb = NP_SB(inode->i_sb);
	struct np_inode *ni = NP_I(inode);
	struct np_fscache_aux aux;
	__le64 key = cpu_to_le64(ni->qid.path);

	if (!nsb->fscache)
		return;
	np_fscache_aux(inode, &aux);
	ni->netfs.cache = fscache_acquire_cookie(nsb->fscache, 0, &key,
						 sizeof(key), &aux, sizeof(aux),
						 i_size_read(inode));
}

/* eviction: after netfs is done with the inode */
void np_fscache_evict(struct inode *inode)
{
	struct np_inode *ni = NP_I(inode);
	struct np_fscache_aux aux;

	np_fscache_aux(inode, &aux);
	netfs_clear_inode_writeback(inode, &aux);
	/* a removed file's cached copy goes with it */
	fscache_relinquish_cookie(ni->netfs.cache, !inode->i_nlink);
	ni->netfs.cache = NULL;
}

void np_fscache_open(struct inode *inode, struct file *file)
{
	fscache_use_cookie(netfs_i_cookie(netfs_inode(inode)),
			   file->f_mode & FMODE_WRITE);
}

void np_fscache_release(struct inode *inode, struct file *file)
{
	struct fscache_cookie *cookie = netfs_i_cookie(netfs_inode(inode));
	struct np_fscache_aux aux;
	loff_t size = i_size_read(inode);

	if (!fscache_cookie_valid(cookie))
		return;
	np_fscache_aux(inode, &aux);
	fscache_unuse_cookie(cookie, &aux, &size);
}

/* the file changed on the server: what the cache holds is old */
void np_fscache_changed(struct inode *inode)
{
	struct fscache_cookie *cookie = netfs_i_cookie(netfs_inode(inode));
	struct np_fscache_aux aux;

	if (!fscache_cookie_valid(cookie))
		return;
	np_fscache_aux(inode, &aux);
	fscache_invalidate(cookie, &aux, i_size_read(inode), 0);
}

/* truncated to size here (the server's file already is) */
void np_fscache_resize(struct inode *inode, loff_t size)
{
	struct fscache_cookie *cookie = netfs_i_cookie(netfs_inode(inode));

	if (!fscache_cookie_valid(cookie))
		return;
	fscache_use_cookie(cookie, true);
	fscache_resize_cookie(cookie, size);
	fscache_unuse_cookie(cookie, NULL, &size);
}

/*
 * A write into the page cache made the file size bytes long (under
 * i_lock).  The cache shortens its copy at a truncate only below the size
 * it was last told, so it must hear of growth as it happens, not just at
 * close: else a file grown, written back (to the cache too) and cut
 * short while open keeps the old bytes past its new end, and a hole made
 * there later reads as them.
 */
void np_fscache_grew(struct inode *inode, loff_t size)
{
	fscache_update_cookie(netfs_i_cookie(netfs_inode(inode)), NULL, &size);
}

/*
 * A write that bypasses the page cache (O_DIRECT, write-only files): the
 * cache would keep the old bytes, so it is dropped and not used again
 * until no one has the file open.
 */
void np_fscache_write_through(struct inode *inode)
{
	struct fscache_cookie *cookie = netfs_i_cookie(netfs_inode(inode));

	if (fscache_cookie_valid(cookie))
		fscache_invalidate(cookie, NULL, i_size_read(inode),
				   FSCACHE_INVAL_DIO_WRITE);
}

#endif /* CONFIG_FSCACHE */
