// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: changing the namespace - create, mkdir, mknod, symlink, link,
 * unlink, rmdir, rename.
 *
 * Every new object is instantiated at once (Twalk + Tgetattr), so the
 * dentry and inode the VFS sees carry the server's attributes.
 */
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/fcntl.h>
#include <linux/slab.h>
#include <linux/posix_acl.h>
#include "ninep.h"

/*
 * the gid a new object gets: the directory's if it is setgid, else
 * dfltgid= with access=any when it was given, else the creator's
 */
static kgid_t np_new_gid(struct inode *dir)
{
	const struct np_mount_opts *o = &NP_SB(dir->i_sb)->opts;

	if (dir->i_mode & S_ISGID)
		return dir->i_gid;
	if (o->access == NP_ACCESS_ANY && gid_valid(o->dfltgid))
		return o->dfltgid;
	return current_fsgid();
}

/* open(2) flags as 9P2000.L carries them (Linux x86 values) */
u32 np_open_flags(unsigned int flags)
{
	u32 f = flags & O_ACCMODE;

	if (flags & O_EXCL)
		f |= NP_DOTL_EXCL;
	if (flags & O_NOCTTY)
		f |= NP_DOTL_NOCTTY;
	if (flags & O_NONBLOCK)
		f |= NP_DOTL_NONBLOCK;
	if (flags & O_DSYNC)
		f |= NP_DOTL_DSYNC;
	if (flags & O_DIRECTORY)
		f |= NP_DOTL_DIRECTORY;
	if (flags & O_NOFOLLOW)
		f |= NP_DOTL_NOFOLLOW;
	if (flags & O_NOATIME)
		f |= NP_DOTL_NOATIME;
	if (flags & __O_SYNC)
		f |= NP_DOTL_SYNC;
	return f;
}

/* after the server made dentry's object: look it up and attach it */
static int np_instantiate(struct np_fid *dfid, struct dentry *dentry)
{
	struct inode *inode;
	struct np_fid *fid;
	int err;

	err = np_walk_child(dfid, dentry, &fid, &inode);
	if (err)
		return err;
	d_instantiate(dentry, inode);
	dentry->d_time = jiffies;
	np_dentry_add_fid(dentry, fid);
	return 0;
}

/*
 * After Tlcreate: the attributes through the created (open) fid, which
 * saves walking to the name; the dentry gets a path fid when one is
 * needed.  Nobody set a capability on a file just made: no xattr request
 * to find out before its first write or chown.
 */
static int np_instantiate_open(struct np_fid *ofid, struct dentry *dentry)
{
	struct inode *inode;
	struct np_attr attr;
	int err;

	err = np_getattr(ofid, NP_GETATTR_WANT, &attr);
	if (err)
		return err;
	/* Tlcreate makes a regular file: anything else is a broken reply */
	if (attr.qid.path != ofid->qid.path || !S_ISREG(attr.mode))
		return -EIO;
	inode = np_iget(dentry->d_sb, &attr);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	NP_I(inode)->nocaps = true;
	/* made without a lookup first (O_EXCL): the lookup ends here */
	if (d_in_lookup(dentry))
		d_add(dentry, inode);
	else
		d_instantiate(dentry, inode);
	dentry->d_time = jiffies;
	return 0;
}

/*
 * A name of inode is gone.  The link count may already say so: attributes
 * read meanwhile (another task's stat) can come from after the removal.
 */
static void np_drop_link(struct inode *inode)
{
	spin_lock(&inode->i_lock);
	if (inode->i_nlink)
		drop_nlink(inode);
	spin_unlock(&inode->i_lock);
	np_attr_stale(inode);
}

/* the directory changed: its attributes (nlink, mtime) are stale */
static void np_dir_changed(struct inode *dir)
{
	np_attr_stale(dir);
	np_dcache_drop(dir);
}

static int np_create_open(struct inode *dir, struct dentry *dentry,
			  struct file *file, unsigned int flags, umode_t mode)
{
	const char *name = dentry->d_name.name;
	struct posix_acl *dacl, *acl;
	struct np_fid *dfid, *ofid;
	u32 oflags;
	int err;

	err = np_acl_prepare(dir, &mode, &dacl, &acl);
	if (err)
		return err;
	dfid = np_dentry_fid(dentry->d_parent);
	if (IS_ERR(dfid)) {
		np_acl_release(dacl, acl);
		return PTR_ERR(dfid);
	}
	ofid = np_walk(dfid, 0, NULL, NULL);
	if (IS_ERR(ofid)) {
		np_fid_put(dfid);
		np_acl_release(dacl, acl);
		return PTR_ERR(ofid);
	}
	/* the page cache may need to read what it writes: ask for both */
	oflags = np_open_flags(flags | O_CREAT);
	if ((oflags & O_ACCMODE) == NP_DOTL_WRONLY)
		oflags = (oflags & ~O_ACCMODE) | NP_DOTL_RDWR;
	err = np_lcreate(ofid, name, oflags | NP_DOTL_CREATE, mode & S_IALLUGO,
			 np_new_gid(dir));
	if (!err)
		err = np_instantiate_open(ofid, dentry);
	np_fid_put(dfid);
	np_dir_changed(dir);
	if (!err)
		err = np_acl_apply(dentry, dacl, acl);
	else
		np_acl_release(dacl, acl);
	if (err) {
		np_fid_put(ofid);
		return err;
	}
	if (!file) {
		np_fid_put(ofid);
		return 0;
	}
	file->f_mode |= FMODE_CREATED;
	return np_finish_open(file, dentry, ofid);
}

static int np_vfs_create(struct mnt_idmap *idmap, struct inode *dir,
			 struct dentry *dentry, umode_t mode, bool excl)
{
	return np_create_open(dir, dentry, NULL, O_RDWR | (excl ? O_EXCL : 0),
			      mode);
}

/*
 * Open for reading a name not in the dcache: walk, read the attributes,
 * and open the walked fid itself - three requests, not the four of a
 * lookup then an open of a clone.  The dentry gets no path fid; one is
 * walked when something needs it.
 */
static int np_lookup_open(struct inode *dir, struct dentry *dentry,
			  struct file *file, unsigned int flags)
{
	unsigned long asked;
	struct inode *inode = NULL;
	struct np_fid *dfid, *fid = NULL;
	struct dentry *res;
	int err;

	if (dentry->d_name.len > NAME_MAX)
		return -ENAMETOOLONG;
	dfid = np_dentry_fid(dentry->d_parent);
	if (IS_ERR(dfid))
		return PTR_ERR(dfid);
	/* dated from the question (np_neg_proven) */
	asked = jiffies;
	err = np_walk_child(dfid, dentry, &fid, &inode);
	np_fid_put(dfid);
	if (err && err != -ENOENT)
		return err;
	dentry->d_time = asked;
	res = d_splice_alias(inode, dentry);
	if (IS_ERR(res)) {
		if (fid)
			np_fid_put(fid);
		return PTR_ERR(res);
	}
	if (!fid)
		return finish_no_open(file, res);	/* negative */
	/* anything but a plain file is opened the usual way */
	if (res || !S_ISREG(inode->i_mode)) {
		np_dentry_add_fid(res ?: dentry, fid);
		return finish_no_open(file, res);
	}
	err = np_lopen(fid, np_open_flags(flags));
	if (!err && fid->qid.path != NP_I(inode)->qid.path)
		err = -ESTALE;
	if (err) {
		np_fid_put(fid);
		return err;
	}
	return np_finish_open(file, dentry, fid);
}

static int np_vfs_atomic_open(struct inode *dir, struct dentry *dentry,
			      struct file *file, unsigned int flags,
			      umode_t mode)
{
	struct dentry *res = NULL;
	int err;

	if (d_in_lookup(dentry) && !(flags & (O_CREAT | O_TRUNC | O_PATH)) &&
	    (flags & O_ACCMODE) == O_RDONLY)
		return np_lookup_open(dir, dentry, file, flags);
	/*
	 * A name not in the dcache made with O_EXCL (lock files, mkstemp):
	 * no lookup first.  Tlcreate fails with EEXIST if the name exists,
	 * which is then the answer, whatever it leads to.
	 */
	if (d_in_lookup(dentry) &&
	    (flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return np_create_open(dir, dentry, file, flags, mode);
	if (d_in_lookup(dentry)) {
		res = np_lookup(dir, dentry, LOOKUP_OPEN);
		if (IS_ERR(res))
			return PTR_ERR(res);
		if (res)
			dentry = res;
	}
	/*
	 * An existing file is opened here, while the VFS holds the directory:
	 * no rename or unlink of this client comes between the lookup and
	 * the open (the VFS's retry after -ESTALE comes this way).  O_EXCL
	 * and O_DIRECTORY fail in the VFS, anything but a file opens the
	 * usual way.
	 */
	if (!res && d_is_reg(dentry) && !(flags & (O_EXCL | O_DIRECTORY)))
		return finish_open(file, dentry, NULL);
	if (!(flags & O_CREAT) || d_really_is_positive(dentry))
		return finish_no_open(file, res);
	err = np_create_open(dir, dentry, file, flags, mode);
	dput(res);
	return err;
}

static int np_vfs_mkdir(struct mnt_idmap *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode)
{
	struct posix_acl *dacl, *acl;
	struct np_fid *dfid;
	struct np_qid qid;
	int err;

	mode |= S_IFDIR;	/* for the default ACL: a directory inherits it */
	err = np_acl_prepare(dir, &mode, &dacl, &acl);
	if (err)
		return err;
	dfid = np_dentry_fid(dentry->d_parent);
	if (IS_ERR(dfid)) {
		np_acl_release(dacl, acl);
		return PTR_ERR(dfid);
	}
	err = np_mkdir(dfid, dentry->d_name.name, mode & S_IALLUGO,
		       np_new_gid(dir), &qid);
	if (!err)
		err = np_instantiate(dfid, dentry);
	np_fid_put(dfid);
	np_dir_changed(dir);
	if (err) {
		np_acl_release(dacl, acl);
		return err;
	}
	return np_acl_apply(dentry, dacl, acl);
}

static int np_vfs_symlink(struct mnt_idmap *idmap, struct inode *dir,
			  struct dentry *dentry, const char *target)
{
	struct np_fid *dfid;
	struct np_qid qid;
	int err;

	dfid = np_dentry_fid(dentry->d_parent);
	if (IS_ERR(dfid))
		return PTR_ERR(dfid);
	err = np_symlink(dfid, dentry->d_name.name, target, np_new_gid(dir),
			 &qid);
	if (!err)
		err = np_instantiate(dfid, dentry);
	np_fid_put(dfid);
	np_dir_changed(dir);
	return err;
}

/* the server takes rdev as the glibc dev_t encoding: major and minor */
static int np_vfs_mknod(struct mnt_idmap *idmap, struct inode *dir,
			struct dentry *dentry, umode_t mode, dev_t rdev)
{
	struct posix_acl *dacl, *acl;
	struct np_fid *dfid;
	struct np_qid qid;
	int err;

	err = np_acl_prepare(dir, &mode, &dacl, &acl);
	if (err)
		return err;
	dfid = np_dentry_fid(dentry->d_parent);
	if (IS_ERR(dfid)) {
		np_acl_release(dacl, acl);
		return PTR_ERR(dfid);
	}
	err = np_mknod(dfid, dentry->d_name.name, mode, MAJOR(rdev),
		       MINOR(rdev), np_new_gid(dir), &qid);
	if (!err)
		err = np_instantiate(dfid, dentry);
	np_fid_put(dfid);
	np_dir_changed(dir);
	if (err) {
		np_acl_release(dacl, acl);
		return err;
	}
	return np_acl_apply(dentry, dacl, acl);
}

static int np_vfs_link(struct dentry *old, struct inode *dir,
		       struct dentry *dentry)
{
	struct np_fid *dfid, *fid;
	int err;

	fid = np_dentry_fid(old);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	dfid = np_dentry_fid(dentry->d_parent);
	if (IS_ERR(dfid)) {
		np_fid_put(fid);
		return PTR_ERR(dfid);
	}
	err = np_link(dfid, fid, dentry->d_name.name);
	if (!err) {
		/* the same inode under a second name: refresh its nlink */
		err = np_inode_refresh(d_inode(old), fid, true);
		if (!err) {
			ihold(d_inode(old));
			d_instantiate(dentry, d_inode(old));
			dentry->d_time = jiffies;
		}
	}
	np_fid_put(dfid);
	np_fid_put(fid);
	np_dir_changed(dir);
	return err;
}

/*
 * Remove the hidden name of a file kept for its users (np_keep_file), at
 * the last close, when the name it was kept for goes, or at eviction.
 */
void np_silly_remove(struct inode *inode)
{
	struct np_inode *ni = NP_I(inode);
	struct np_fid *dfid, *fid;
	char *name;

	spin_lock(&inode->i_lock);
	name = ni->silly_name;
	dfid = ni->silly_dfid;
	fid = ni->silly_fid;
	ni->silly_name = NULL;
	ni->silly_dfid = NULL;
	ni->silly_fid = NULL;
	ni->silly_dentry = NULL;
	spin_unlock(&inode->i_lock);
	if (!name)
		return;
	np_fid_put(fid);
	if (np_unlinkat_cleanup(dfid, name))
		pr_warn_ratelimited("ninep: could not remove %s, the hidden name of an unlinked file\n",
				    name);
	np_fid_put(dfid);
	kfree(name);
}

static char *np_silly_name(struct inode *inode)
{
	static atomic_t counter = ATOMIC_INIT(0);

	return kasprintf(GFP_KERNEL, ".ninep%016llx%04x", NP_I(inode)->qid.path,
			 atomic_inc_return(&counter) & 0xffff);
}

/*
 * The file of dentry lives on under name in dfid's directory: keep what
 * np_silly_remove needs, and the hidden name's path fid, through which
 * an open of the unlinked dentry reaches the file (np_name_fid).
 */
static void np_silly_keep(struct np_fid *dfid, struct dentry *dentry,
			  char *name)
{
	struct inode *inode = d_inode(dentry);
	struct np_inode *ni = NP_I(inode);
	const char *silly = name;
	struct np_fid *fid;

	fid = np_walk(dfid, 1, &silly, NULL);
	spin_lock(&inode->i_lock);
	ni->silly_name = name;
	ni->silly_dfid = np_fid_get(dfid);
	ni->silly_fid = IS_ERR(fid) ? NULL : fid;
	ni->silly_dentry = dentry;
	spin_unlock(&inode->i_lock);
	np_dentry_release_fids(dentry);
	np_drop_link(inode);
}

/*
 * Whether the file of dentry, a name about to be unlinked or replaced,
 * must live on under a hidden name: it is open, or someone besides the
 * caller (who holds base references) holds the name - most likely an
 * open(2) between its lookup and ->open, which must find the file still
 * there, as on a local file system.  An attribute request read ahead
 * holds the name too: that one is finished first.  If not, the name
 * is marked going until np_unlink_done(): a lookup that finds it
 * meanwhile waits in d_revalidate, rather than take a name whose file is
 * about to go.
 */
static bool np_keep_file(struct dentry *dentry, int base)
{
	struct inode *inode = d_inode(dentry);
	struct np_inode *ni = NP_I(inode);
	bool keep;

	if (!S_ISREG(inode->i_mode) || ni->silly_name)
		return false;
	np_ra_forget(dentry);
	if (atomic_read(&ni->nopen))
		return true;
	/* a lookup takes its reference under d_lock, then looks at unlinking */
	spin_lock(&dentry->d_lock);
	keep = d_count(dentry) > base;
	if (!keep)
		WRITE_ONCE(ni->unlinking, dentry);
	spin_unlock(&dentry->d_lock);
	return keep;
}

/*
 * An unlink or rename of a name of inode's file begins or ends here (the
 * VFS holds the inode locked across it)
 */
static void np_name_seq(struct inode *inode)
{
	WRITE_ONCE(NP_I(inode)->name_seq, NP_I(inode)->name_seq + 1);
}

static void np_unlink_done(struct dentry *dentry)
{
	struct np_inode *ni = NP_I(d_inode(dentry));

	if (READ_ONCE(ni->unlinking) == dentry)
		store_release_wake_up(&ni->unlinking, NULL);
}

/*
 * Unlink of a file in use: the server would forget the name, and with it
 * every path-based operation on the file (fchmod, fstat, an open still on
 * its way, ...).  Rename it to a hidden name instead, and remove that at
 * the last close or when the inode goes, as NFS does.
 */
static int np_silly_rename(struct np_fid *dfid, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	char *name;
	int err;

	name = np_silly_name(inode);
	if (!name)
		return -ENOMEM;
	err = np_renameat(dfid, dentry->d_name.name, dfid, name);
	if (err) {
		kfree(name);
		return err;
	}
	np_silly_keep(dfid, dentry, name);
	return 0;
}

/*
 * A file in use about to be replaced by a rename: give it a hidden second
 * name first, so the rename stays one atomic replacement on the server.
 * NULL if the server will not link (the file then goes with its name).
 */
static char *np_silly_link(struct np_fid *dfid, struct dentry *dentry)
{
	struct np_fid *fid;
	char *name;
	int err;

	name = np_silly_name(d_inode(dentry));
	if (!name)
		return NULL;
	fid = np_dentry_fid(dentry);
	if (IS_ERR(fid)) {
		kfree(name);
		return NULL;
	}
	err = np_link(dfid, fid, name);
	np_fid_put(fid);
	if (err) {
		kfree(name);
		return NULL;
	}
	return name;
}

static int np_vfs_remove(struct inode *dir, struct dentry *dentry, u32 flags)
{
	struct inode *inode = d_inode(dentry);
	struct np_fid *dfid;
	int err;

	dfid = np_dentry_fid(dentry->d_parent);
	if (IS_ERR(dfid))
		return PTR_ERR(dfid);
	/* the caller's lookup holds one reference */
	if (!flags && np_keep_file(dentry, 1)) {
		/* an open on its way looks again once this is over */
		np_name_seq(inode);
		err = np_silly_rename(dfid, dentry);
		np_name_seq(inode);
		np_fid_put(dfid);
		np_dir_changed(dir);
		return err;
	}
	err = np_unlinkat(dfid, dentry->d_name.name, flags);
	np_fid_put(dfid);
	if (err) {
		np_unlink_done(dentry);
		return err;
	}
	/* the name is gone: its path fids are useless now */
	np_dentry_release_fids(dentry);
	if (flags & NP_AT_REMOVEDIR)
		clear_nlink(inode);
	else
		np_drop_link(inode);
	np_unlink_done(dentry);
	np_dir_changed(dir);
	np_dir_changed(inode);
	return 0;
}

static int np_vfs_unlink(struct inode *dir, struct dentry *dentry)
{
	return np_vfs_remove(dir, dentry, 0);
}

static int np_vfs_rmdir(struct inode *dir, struct dentry *dentry)
{
	return np_vfs_remove(dir, dentry, NP_AT_REMOVEDIR);
}

static int np_vfs_rename(struct mnt_idmap *idmap, struct inode *old_dir,
			 struct dentry *old, struct inode *new_dir,
			 struct dentry *new, unsigned int flags)
{
	struct inode *target = d_inode(new);
	struct np_fid *odfid, *ndfid;
	char *silly = NULL;
	int err;

	/* 9P2000.L has no exchange or whiteout; NOREPLACE the VFS checked */
	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	odfid = np_dentry_fid(old->d_parent);
	if (IS_ERR(odfid))
		return PTR_ERR(odfid);
	ndfid = np_dentry_fid(new->d_parent);
	if (IS_ERR(ndfid)) {
		np_fid_put(odfid);
		return PTR_ERR(ndfid);
	}
	/* an open on its way looks again once this is over (np_file_open) */
	np_name_seq(d_inode(old));
	if (target)
		np_name_seq(target);
	/* the caller's lookup and vfs_rename hold two references */
	if (target && np_keep_file(new, 2))
		silly = np_silly_link(ndfid, new);
	err = np_renameat(odfid, old->d_name.name, ndfid, new->d_name.name);
	np_fid_put(odfid);
	if (silly) {
		if (err) {
			if (np_unlinkat_cleanup(ndfid, silly))
				pr_warn_ratelimited("ninep: could not remove %s, a hidden name\n",
						    silly);
			kfree(silly);
			np_dir_changed(new_dir);
		} else {
			np_silly_keep(ndfid, new, silly);
			np_dir_changed(target);
		}
	}
	np_fid_put(ndfid);
	np_name_seq(d_inode(old));
	if (target)
		np_name_seq(target);
	if (err) {
		if (target)
			np_unlink_done(new);
		return err;
	}
	/*
	 * Path fids below the old name are walked again from the new one
	 * when next needed; a replaced target loses its name.
	 */
	np_dentry_release_fids(old);
	if (target && !silly) {
		np_dentry_release_fids(new);
		if (S_ISDIR(target->i_mode))
			clear_nlink(target);
		else
			np_drop_link(target);
		np_unlink_done(new);
		np_dir_changed(target);
	}
	np_dir_changed(old_dir);
	np_dir_changed(new_dir);
	np_dir_changed(d_inode(old));
	return 0;
}

const struct inode_operations np_dir_iops = {
	.lookup = np_lookup,
	.atomic_open = np_vfs_atomic_open,
	.create = np_vfs_create,
	.mkdir = np_vfs_mkdir,
	.symlink = np_vfs_symlink,
	.mknod = np_vfs_mknod,
	.link = np_vfs_link,
	.unlink = np_vfs_unlink,
	.rmdir = np_vfs_rmdir,
	.rename = np_vfs_rename,
	.getattr = np_getattr_op,
	.setattr = np_setattr_op,
	.permission = np_permission,
	.listxattr = np_listxattr,
	.get_inode_acl = np_get_inode_acl,
	.get_acl = np_get_acl,
	.set_acl = np_set_acl,
};
