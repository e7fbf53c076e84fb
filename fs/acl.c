// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: POSIX ACLs (mount option posixacl).
 *
 * The ACLs live on the server as the extended attributes
 * system.posix_acl_access and system.posix_acl_default, in the kernel's
 * xattr format; they are read with Txattrwalk and written with
 * Txattrcreate.  The VFS caches them with the inode (i_acl,
 * i_default_acl); np_inode_update() forgets the cache when the server's
 * ctime moves, since any ACL change on the server moves it.
 *
 * Without posixacl the super block lacks SB_POSIXACL: the VFS refuses the
 * two names with EOPNOTSUPP and checks permissions on the mode bits alone.
 */
#include <linux/fs.h>
#include <linux/dcache.h>
#include <linux/posix_acl.h>
#include <linux/posix_acl_xattr.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/xattr.h>
#include "ninep.h"

static const char *np_acl_name(int type)
{
	return type == ACL_TYPE_ACCESS ? XATTR_NAME_POSIX_ACL_ACCESS :
					 XATTR_NAME_POSIX_ACL_DEFAULT;
}

/* the ACL of type stored on the server for fid's file, or NULL for none */
static struct posix_acl *np_acl_fetch(struct np_fid *fid, int type)
{
	const char *name = np_acl_name(type);
	struct posix_acl *acl;
	void *buf = NULL;
	ssize_t size;
	int tries;

	/* probe, then read; the value may grow in between, so try again */
	for (tries = 0; tries < 3; tries++) {
		size = np_xattr_get(fid, name, NULL, 0);
		if (size <= 0)
			break;
		buf = kvmalloc(size, GFP_KERNEL);
		if (!buf)
			return ERR_PTR(-ENOMEM);
		size = np_xattr_get(fid, name, buf, size);
		if (size != -ERANGE)
			break;
		kvfree(buf);
		buf = NULL;
	}
	/* none, or a server (or file) without extended attributes */
	if (size == 0 || size == -ENODATA || size == -ENOENT ||
	    size == -EOPNOTSUPP) {
		kvfree(buf);
		return NULL;
	}
	/* larger than any attribute may be, or still growing */
	if (size == -E2BIG || size == -ERANGE) {
		kvfree(buf);
		pr_warn_ratelimited("ninep: server sent an unusable %s size\n",
				    name);
		return ERR_PTR(-EIO);
	}
	if (size < 0) {
		kvfree(buf);
		return ERR_PTR(size);
	}
	/* the server's bytes: header, count and every id are checked */
	acl = posix_acl_from_xattr(&init_user_ns, buf, size);
	kvfree(buf);
	if (!IS_ERR_OR_NULL(acl) && posix_acl_valid(&init_user_ns, acl)) {
		posix_acl_release(acl);
		acl = ERR_PTR(-EINVAL);
	}
	if (IS_ERR(acl)) {
		pr_warn_ratelimited("ninep: server sent a malformed %s (%ld)\n",
				    name, PTR_ERR(acl));
		return ERR_PTR(-EIO);
	}
	return acl;
}

/*
 * The fid to reach the file through: the dentry's path fid, or for a file
 * with no name left (unlinked while open) one of its open fids.
 */
static struct np_fid *np_acl_fid(struct dentry *dentry, struct inode *inode)
{
	struct np_inode *ni = NP_I(inode);
	struct np_fid *fid = NULL;

	if (dentry && !d_unlinked(dentry))
		return np_dentry_fid(dentry);
	spin_lock(&inode->i_lock);
	if (ni->silly_fid || ni->wfid || ni->ofid)
		fid = np_fid_get(ni->silly_fid ?: ni->wfid ?: ni->ofid);
	spin_unlock(&inode->i_lock);
	return fid ?: ERR_PTR(-ESTALE);
}

/* for getfacl and friends */
struct posix_acl *np_get_acl(struct mnt_idmap *idmap, struct dentry *dentry,
			     int type)
{
	struct np_fid *fid;
	struct posix_acl *acl;

	fid = np_acl_fid(dentry, d_inode(dentry));
	if (IS_ERR(fid))
		return ERR_CAST(fid);
	acl = np_acl_fetch(fid, type);
	np_fid_put(fid);
	return acl;
}

/* for permission checks and inheritance, which know only the inode */
struct posix_acl *np_get_inode_acl(struct inode *inode, int type, bool rcu)
{
	struct posix_acl *acl;
	struct dentry *dentry;
	struct np_fid *fid;

	if (rcu)
		return ERR_PTR(-ECHILD);
	dentry = d_find_alias(inode);
	fid = np_acl_fid(dentry, inode);
	dput(dentry);
	if (IS_ERR(fid))
		return ERR_CAST(fid);
	acl = np_acl_fetch(fid, type);
	np_fid_put(fid);
	return acl;
}

/* store acl (NULL: remove it) on the server, without touching the mode */
static int np_acl_store(struct np_fid *fid, int type,
			const struct posix_acl *acl)
{
	const char *name = np_acl_name(type);
	size_t size;
	void *buf;
	int err;

	if (!acl) {
		err = np_xattr_set(fid, name, NULL, 0, 0);
		/* nothing there to remove is what we want */
		return err == -ENODATA || err == -ENOENT ? 0 : err;
	}
	size = posix_acl_xattr_size(acl->a_count);
	buf = kmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = posix_acl_to_xattr(&init_user_ns, acl, buf, size);
	if (err >= 0)
		err = np_xattr_set(fid, name, buf, size, 0);
	kfree(buf);
	return err;
}

/*
 * An ACL was stored: the server's ctime moved.  Read the attributes now,
 * before the ACL goes into the cache, so that the new ctime does not make
 * np_acl_check_attr() drop it again at the next refresh.  If that fails,
 * they are read when next needed.
 */
static void np_acl_settle(struct inode *inode, struct np_fid *fid)
{
	if (np_inode_refresh(inode, fid, true))
		NP_I(inode)->attr_time = jiffies -
					 NP_SB(inode->i_sb)->attr_timeout - 1;
}

/* setfacl, setxattr of the two names, chmod (posix_acl_chmod) */
int np_set_acl(struct mnt_idmap *idmap, struct dentry *dentry,
	       struct posix_acl *acl, int type)
{
	struct inode *inode = d_inode(dentry);
	umode_t mode = inode->i_mode;
	struct np_fid *fid;
	int err;

	if (type == ACL_TYPE_DEFAULT && !S_ISDIR(inode->i_mode))
		return acl ? -EACCES : 0;
	if (type == ACL_TYPE_ACCESS && acl) {
		/* the mode carries the owner, group (mask) and other bits */
		err = posix_acl_update_mode(idmap, inode, &mode, &acl);
		if (err)
			return err;
	}
	fid = np_acl_fid(dentry, inode);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	err = np_acl_store(fid, type, acl);
	if (!err && mode != inode->i_mode) {
		struct np_iattr ia = {
			.valid = NP_SETATTR_MODE | NP_SETATTR_CTIME,
			.mode = mode,
		};

		err = np_setattr(fid, &ia);
		if (!err) {
			inode->i_mode = mode;
			inode_set_ctime_current(inode);
		}
	}
	if (!err)
		np_acl_settle(inode, fid);
	np_fid_put(fid);
	if (err) {
		forget_cached_acl(inode, type);
		return err;
	}
	set_cached_acl(inode, type, acl);
	return 0;
}

/*
 * Before creating in dir: *mode becomes what the new file gets (the
 * default ACL or the umask applied), *dacl and *acl what it inherits.
 */
int np_acl_prepare(struct inode *dir, umode_t *mode, struct posix_acl **dacl,
		   struct posix_acl **acl)
{
	return posix_acl_create(dir, mode, dacl, acl);
}

/* after creating dentry's file: store what it inherited, and release it */
int np_acl_apply(struct dentry *dentry, struct posix_acl *dacl,
		 struct posix_acl *acl)
{
	struct inode *inode = d_inode(dentry);
	struct np_fid *fid;
	int err = 0;

	if (!dacl && !acl) {
		/* nothing inherited: the new file has no ACL to ask for */
		if (IS_POSIXACL(inode) && !S_ISLNK(inode->i_mode)) {
			set_cached_acl(inode, ACL_TYPE_DEFAULT, NULL);
			set_cached_acl(inode, ACL_TYPE_ACCESS, NULL);
		}
		return 0;
	}
	fid = np_dentry_fid(dentry);
	if (IS_ERR(fid)) {
		err = PTR_ERR(fid);
		goto out;
	}
	if (dacl)
		err = np_acl_store(fid, ACL_TYPE_DEFAULT, dacl);
	if (!err && acl)
		err = np_acl_store(fid, ACL_TYPE_ACCESS, acl);
	if (!err)
		np_acl_settle(inode, fid);
	np_fid_put(fid);
	if (!err) {
		set_cached_acl(inode, ACL_TYPE_DEFAULT, dacl);
		set_cached_acl(inode, ACL_TYPE_ACCESS, acl);
	}
out:
	np_acl_release(dacl, acl);
	return err;
}

void np_acl_release(struct posix_acl *dacl, struct posix_acl *acl)
{
	posix_acl_release(dacl);
	posix_acl_release(acl);
}

/*
 * np_inode_update() is about to take attr from the server: a ctime (or
 * mode) other than the one we knew means the ACLs may have changed too.
 */
void np_acl_check_attr(struct inode *inode, const struct np_attr *attr)
{
	struct timespec64 ctime = inode_get_ctime(inode);
	u64 nsec = min_t(u64, attr->ctime_nsec, NSEC_PER_SEC - 1);

	if (!IS_POSIXACL(inode))
		return;
	if ((attr->valid & NP_GETATTR_CTIME) && ctime.tv_sec == attr->ctime_sec &&
	    ctime.tv_nsec == nsec && inode->i_mode == attr->mode)
		return;
	forget_all_cached_acls(inode);
}
