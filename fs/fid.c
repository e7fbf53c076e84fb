// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: the fids behind dentries.
 *
 * Each dentry keeps a short list of walked (never opened) fids, one per
 * owner: the local fsuid with access=user and access=client, a single
 * owner otherwise (access=<uid>'s uid, or dfltuid= with access=any).  A
 * dentry without a fid for the caller gets one by walking, in one Twalk of
 * up to 16 names, from the nearest ancestor that has one; the root dentry
 * gets its fids by attaching.
 */
#include <linux/dcache.h>
#include <linux/slab.h>
#include <linux/namei.h>
#include "ninep.h"

kuid_t np_fid_owner(struct super_block *sb)
{
	struct np_sb *nsb = NP_SB(sb);

	switch (nsb->opts.access) {
	case NP_ACCESS_USER:
	case NP_ACCESS_CLIENT:
		return current_fsuid();
	case NP_ACCESS_SINGLE:
		return nsb->opts.access_uid;
	default:
		/* access=any: one identity for all, root unless dfltuid= */
		return nsb->opts.dfltuid;
	}
}

static struct hlist_head *np_dentry_fids(struct dentry *dentry)
{
	return (struct hlist_head *)&dentry->d_fsdata;
}

/* the dentry's fid for uid, referenced, or NULL */
static struct np_fid *np_find_fid(struct dentry *dentry, kuid_t uid)
{
	struct np_sb *nsb = NP_SB(dentry->d_sb);
	struct np_fid *fid, *found = NULL;

	spin_lock(&nsb->fid_lock);
	hlist_for_each_entry(fid, np_dentry_fids(dentry), dlink) {
		if (uid_eq(fid->uid, uid)) {
			found = np_fid_get(fid);
			break;
		}
	}
	spin_unlock(&nsb->fid_lock);
	return found;
}

/* the caller's fid of dentry if it has one already, or NULL: no walk */
struct np_fid *np_dentry_fid_cached(struct dentry *dentry)
{
	return np_find_fid(dentry, np_fid_owner(dentry->d_sb));
}

/* the path fid of the hidden name of inode's file (np_silly_keep), or NULL */
struct np_fid *np_silly_fid(struct inode *inode)
{
	struct np_fid *fid = NULL;

	spin_lock(&inode->i_lock);
	if (NP_I(inode)->silly_fid)
		fid = np_fid_get(NP_I(inode)->silly_fid);
	spin_unlock(&inode->i_lock);
	return fid;
}

/*
 * The path fid to open dentry's file through: its hidden name's, if it
 * was unlinked or replaced here while in use (the name leads elsewhere
 * then, or nowhere), else the name's (the caller checks the qid).
 */
struct np_fid *np_name_fid(struct dentry *dentry)
{
	struct np_fid *fid = np_silly_fid(d_inode(dentry));

	if (fid)
		return fid;
	if (!d_unlinked(dentry))
		return np_dentry_fid(dentry);
	/* no walking by a name that is gone */
	return np_dentry_fid_cached(dentry) ?: ERR_PTR(-ENOENT);
}

void np_dentry_add_fid(struct dentry *dentry, struct np_fid *fid)
{
	struct np_sb *nsb = NP_SB(dentry->d_sb);
	struct np_fid *old;

	spin_lock(&nsb->fid_lock);
	hlist_for_each_entry(old, np_dentry_fids(dentry), dlink) {
		if (uid_eq(old->uid, fid->uid)) {
			/* another walk got there first: keep that one */
			spin_unlock(&nsb->fid_lock);
			np_fid_put(fid);
			return;
		}
	}
	hlist_add_head(&fid->dlink, np_dentry_fids(dentry));
	spin_unlock(&nsb->fid_lock);
}

void np_dentry_release_fids(struct dentry *dentry)
{
	struct np_sb *nsb = NP_SB(dentry->d_sb);
	struct hlist_node *n;
	struct np_fid *fid;
	HLIST_HEAD(list);

	spin_lock(&nsb->fid_lock);
	hlist_move_list(np_dentry_fids(dentry), &list);
	spin_unlock(&nsb->fid_lock);
	hlist_for_each_entry_safe(fid, n, &list, dlink) {
		hlist_del_init(&fid->dlink);
		np_fid_put(fid);
	}
}

static struct np_fid *np_attach_root(struct super_block *sb, kuid_t uid)
{
	struct np_sb *nsb = NP_SB(sb);
	struct np_fid *fid;

	fid = np_attach(nsb->clnt, nsb->opts.uname, uid, nsb->opts.aname);
	if (IS_ERR(fid))
		return fid;
	np_dentry_add_fid(sb->s_root, np_fid_get(fid));
	return fid;
}

#define NP_WALK_DEPTH	NP_MAXWELEM

/* one Twalk from base down through path[n - 1] ... path[0] */
static struct np_fid *np_walk_path(struct np_fid *base, struct dentry **path,
				   int n)
{
	struct name_snapshot *names;
	const char *wnames[NP_WALK_DEPTH];
	struct np_fid *fid;
	int i;

	names = kmalloc_array(n, sizeof(*names), GFP_NOFS);
	if (!names)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i < n; i++) {
		take_dentry_name_snapshot(&names[i], path[n - 1 - i]);
		wnames[i] = names[i].name.name;
	}
	fid = np_walk(base, n, wnames, NULL);
	for (i = 0; i < n; i++)
		release_dentry_name_snapshot(&names[i]);
	kfree(names);
	return fid;
}

/*
 * A referenced fid for dentry, owned by the caller's fid owner.  Walks from
 * the nearest ancestor holding a fid, NP_WALK_DEPTH names at a time.
 */
struct np_fid *np_dentry_fid(struct dentry *dentry)
{
	struct super_block *sb = dentry->d_sb;
	kuid_t uid = np_fid_owner(sb);
	struct dentry *path[NP_WALK_DEPTH];
	struct np_fid *fid, *base;
	struct dentry *d;
	int n, i;

	fid = np_find_fid(dentry, uid);
	if (fid)
		return fid;
	if (IS_ROOT(dentry))
		return np_attach_root(sb, uid);

	/* collect up to NP_WALK_DEPTH names below an ancestor with a fid */
	n = 0;
	base = NULL;
	d = dget(dentry);
	while (n < NP_WALK_DEPTH && !IS_ROOT(d)) {
		path[n++] = d;
		d = dget_parent(d);
		base = np_find_fid(d, uid);
		if (base)
			break;
	}
	if (!base && IS_ROOT(d) && n < NP_WALK_DEPTH) {
		base = np_attach_root(sb, uid);
	} else if (!base) {
		/* deeper than one walk: the topmost collected dentry first */
		base = np_dentry_fid(path[n - 1]);
		dput(path[--n]);
	}
	dput(d);
	if (IS_ERR(base)) {
		fid = base;
		goto out;
	}

	fid = np_walk_path(base, path, n);
	np_fid_put(base);
	if (!IS_ERR(fid)) {
		fid->uid = uid;
		np_dentry_add_fid(dentry, np_fid_get(fid));
	}
out:
	for (i = 0; i < n; i++)
		dput(path[i]);
	return fid;
}
