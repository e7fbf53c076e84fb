// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: extended attributes (user., trusted., security.) through
 * Txattrwalk/Txattrcreate.
 */
#include <linux/fs.h>
#include <linux/xattr.h>
#include <linux/slab.h>
#include <linux/posix_acl_xattr.h>
#include "ninep.h"

static int np_xattr_fid(struct dentry *dentry, struct np_fid **fidp)
{
	struct np_fid *fid = np_dentry_fid(dentry);

	if (IS_ERR(fid))
		return PTR_ERR(fid);
	*fidp = fid;
	return 0;
}

static int np_xattr_handler_get(const struct xattr_handler *handler,
				struct dentry *dentry, struct inode *inode,
				const char *name, void *buf, size_t size)
{
	const char *full = xattr_full_name(handler, name);
	struct np_fid *fid;
	ssize_t n;
	int err;

	/* asked before every chown and first write of a file */
	if (!strcmp(full, XATTR_NAME_CAPS) && READ_ONCE(NP_I(inode)->nocaps))
		return -ENODATA;
	err = np_xattr_fid(dentry, &fid);
	if (err)
		return err;
	n = np_xattr_get(fid, full, buf, size);
	np_fid_put(fid);
	/* servers say ENOENT or ENODATA for a missing attribute */
	if (n == -ENOENT)
		n = -ENODATA;
	if (n == -ENODATA && !strcmp(full, XATTR_NAME_CAPS))
		WRITE_ONCE(NP_I(inode)->nocaps, true);
	return n;
}

static int np_xattr_handler_set(const struct xattr_handler *handler,
				struct mnt_idmap *idmap, struct dentry *dentry,
				struct inode *inode, const char *name,
				const void *value, size_t size, int flags)
{
	const char *full = xattr_full_name(handler, name);
	struct np_fid *fid;
	int err;

	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	err = np_xattr_fid(dentry, &fid);
	if (err)
		return err;
	/* a removal is a create of size 0 with no value */
	err = np_xattr_set(fid, full, value, value ? size : 0, flags);
	np_fid_put(fid);
	WRITE_ONCE(NP_I(inode)->nocaps, false);
	if (!err)
		np_attr_stale(inode);
	return err == -ENOENT ? -ENODATA : err;
}

/* remove the POSIX ACL names from a list of n bytes; the new length */
static ssize_t np_xattr_drop_acl_names(char *list, ssize_t n)
{
	char *p = list, *end = list + n;

	while (p < end) {
		size_t len = strnlen(p, end - p) + 1;

		if (!strcmp(p, XATTR_NAME_POSIX_ACL_ACCESS) ||
		    !strcmp(p, XATTR_NAME_POSIX_ACL_DEFAULT)) {
			memmove(p, p + len, end - p - len);
			end -= len;
		} else {
			p += len;
		}
	}
	return end - list;
}

ssize_t np_listxattr(struct dentry *dentry, char *buf, size_t size)
{
	struct np_fid *fid;
	ssize_t n;
	int err;

	err = np_xattr_fid(dentry, &fid);
	if (err)
		return err;
	n = np_xattr_get(fid, NULL, buf, size);
	np_fid_put(fid);
	/* the list must be NUL-terminated names */
	if (n > 0 && buf && size && ((char *)buf)[n - 1] != '\0')
		return -EIO;
	/* without posixacl the ACL names cannot be read: do not list them */
	if (n > 0 && buf && size && !IS_POSIXACL(d_inode(dentry)))
		n = np_xattr_drop_acl_names(buf, n);
	return n;
}

static const struct xattr_handler np_xattr_user = {
	.prefix = XATTR_USER_PREFIX,
	.get = np_xattr_handler_get,
	.set = np_xattr_handler_set,
};

static const struct xattr_handler np_xattr_trusted = {
	.prefix = XATTR_TRUSTED_PREFIX,
	.get = np_xattr_handler_get,
	.set = np_xattr_handler_set,
};

static const struct xattr_handler np_xattr_security = {
	.prefix = XATTR_SECURITY_PREFIX,
	.get = np_xattr_handler_get,
	.set = np_xattr_handler_set,
};

const struct xattr_handler * const np_xattr_handlers[] = {
	&np_xattr_user,
	&np_xattr_trusted,
	&np_xattr_security,
	NULL,
};
