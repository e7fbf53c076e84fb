/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ninep VFS layer: internal declarations.
 */
#ifndef _NINEP_FS_H
#define _NINEP_FS_H

#include <linux/fs.h>
#include <linux/netfs.h>
#include <linux/uidgid.h>
#include <linux/utsname.h>
#include <linux/workqueue.h>
#include <ninep/client.h>

/* access= */
enum np_access {
	NP_ACCESS_USER,		/* each local uid attaches as itself */
	NP_ACCESS_CLIENT,	/* one attach; permission checked here */
	NP_ACCESS_ANY,		/* one attach shared by every user */
	NP_ACCESS_SINGLE,	/* one attach as access=<uid>; others refused */
};

/* cache= */
enum np_cache {
	NP_CACHE_COHERENT,	/* default: page cache, close-to-open, timeouts */
	NP_CACHE_NONE,
	NP_CACHE_READAHEAD,
	NP_CACHE_MMAP,
	NP_CACHE_LOOSE,
	NP_CACHE_FSCACHE,
};

struct np_mount_opts {
	struct np_client_opts copts;
	char *trans;
	char *uname;
	char *aname;
	char *cachetag;			/* cache=fscache's volume name */
	enum np_access access;
	kuid_t access_uid;
	enum np_cache cache;
	kuid_t dfltuid;			/* access=any attaches as this */
	kgid_t dfltgid;			/* access=any's new objects; or invalid */
	bool posixacl;
	bool nordirplus;		/* no attribute read-ahead on listings */
	/* attr_timeout=, entry_timeout=, negative_timeout= in ms */
	u32 attr_ms, entry_ms, neg_ms;	/* NP_TIMEOUT_UNSET: the mode's */
};

#define NP_TIMEOUT_UNSET	U32_MAX
#define NP_TIMEOUT_MAX_MS	(86400U * 1000)
/* cache=coherent's attribute, entry and negative timeout */
#define NP_COHERENT_TIMEOUT	HZ
/* how long a lookup's attributes count as read by the open that follows */
#define NP_CTO_WINDOW		(HZ / 50 ?: 1)
/* a stat this soon after a listing of its directory follows the listing */
#define NP_LIST_WINDOW		HZ

struct np_sb {
	struct np_client *clnt;
	struct np_mount_opts opts;
	char *devname;
	spinlock_t fid_lock;		/* every dentry's fid list */
	char nodename[__NEW_UTS_LEN + 1];	/* client_id for Tlock */
	unsigned long attr_timeout;	/* jiffies; ULONG_MAX: never expire */
	unsigned long entry_timeout;	/* positive dentries */
	unsigned long neg_timeout;	/* negative dentries */
	bool dir_cache;			/* keep directory listings */
	/* attribute read-ahead (prefetch.c) */
	spinlock_t ra_lock;		/* ra_list, ra_count, np_inode.ra */
	struct list_head ra_list;	/* np_ra on inodes, oldest first */
	unsigned int ra_count;
	struct delayed_work ra_work;	/* applies replies no stat took */
	unsigned long swept;		/* jiffies: a sweep began or was used */
	atomic_t tree_credit;		/* tree sweeps left before one is used */
	atomic_t tree_gen;		/* numbers the tree sweeps */
	atomic64_t attr_readahead;	/* Tgetattrs sent ahead of stats */
	atomic64_t attr_readahead_unused;	/* of those, taken by no stat */
	atomic64_t attr_readahead_early;	/* taken before the reply came */
	struct fscache_volume *fscache;	/* cache=fscache, or NULL */
};

struct np_dcache;
struct np_ra;

/*
 * What a directory's names are checked against: its attributes, which a
 * name made or removed in it moves (a listing is stamped with them).
 */
struct np_dstamp {
	struct timespec64 mtime, ctime;
	loff_t size;
	u32 version;
};

struct np_inode {
	struct netfs_inode netfs;	/* first: netfs finds it from inode */
	struct np_qid qid;
	unsigned long attr_time;	/* jiffies when attributes were read */
	u64 attr_seq;			/* the seq of the Tgetattr they came from */
	struct np_ra *ra;		/* attribute read-ahead in flight */
	unsigned long child_asked;	/* jiffies: a name in it revalidated */
	atomic_t ahead_taken;		/* replies read ahead as next, taken */
	bool attr_stale;		/* changed here: read them again */
	u64 stale_seq;			/* np_client_seq() when changed here */
	bool nocaps;			/* no security.capability (until ctime moves) */
	/* the task whose open(2) read the attributes in its lookup */
	struct task_struct *cto_task;
	struct np_dcache *dcache;	/* directory listing, or NULL */
	u32 dcache_gen;			/* bumped by every drop */
	unsigned long listed;		/* jiffies: last listed */
	/* jiffies: a directory's attributes applied as they read now since */
	unsigned long dir_same;
	bool list_stat;			/* names stat'ed just after a listing */
	struct timespec64 btime;
	bool has_btime;
	u32 blksize;
	u64 data_version;
	char *link;			/* cached symlink target */
	struct np_fid *ofid;		/* opened for reading, kept for reuse */
	struct np_fid *wfid;		/* opened for writing, for writeback */
	atomic_t nopen;			/* open files */
	/* unlinked while open: renamed to silly_name in silly_dfid's dir */
	struct np_fid *silly_dfid;
	struct np_fid *silly_fid;	/* path fid of the hidden name */
	char *silly_name;
	struct dentry *silly_dentry;	/* the name it was kept for */
	/* a name of it being unlinked or replaced here (np_keep_file) */
	struct dentry *unlinking;
	unsigned int name_seq;	/* odd while unlinked or renamed here */
};

static inline struct np_inode *NP_I(struct inode *inode)
{
	return container_of(inode, struct np_inode, netfs.inode);
}

static inline struct np_sb *NP_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* cache=loose and fscache: never look back at the server on their own */
static inline bool np_cache_loose(const struct np_sb *nsb)
{
	return nsb->opts.cache == NP_CACHE_LOOSE ||
	       nsb->opts.cache == NP_CACHE_FSCACHE;
}

/* fid.c */
struct np_fid *np_dentry_fid(struct dentry *dentry);
struct np_fid *np_dentry_fid_cached(struct dentry *dentry);
struct np_fid *np_silly_fid(struct inode *inode);
struct np_fid *np_name_fid(struct dentry *dentry);
void np_dentry_add_fid(struct dentry *dentry, struct np_fid *fid);
void np_dentry_release_fids(struct dentry *dentry);
kuid_t np_fid_owner(struct super_block *sb);

/* inode.c */
extern const struct dentry_operations np_dentry_ops;
struct inode *np_iget(struct super_block *sb, const struct np_attr *attr);
void np_inode_update(struct inode *inode, const struct np_attr *attr);
int np_inode_apply(struct inode *inode, const struct np_attr *attr);
int np_inode_refresh(struct inode *inode, struct np_fid *fid, bool force);
bool np_fresh(unsigned long stamp, unsigned long timeout);
bool np_attr_fresh(struct inode *inode);
void np_dstamp_inode(struct inode *dir, struct np_dstamp *st);
bool np_dstamp_eq(const struct np_dstamp *a, const struct np_dstamp *b);
void np_cto_mark(struct inode *inode, unsigned int lookup_flags);
bool np_cto_fresh(struct inode *inode);
void np_attr_stale(struct inode *inode);
int np_setup_root(struct super_block *sb, struct np_fid *fid);
int np_walk_child(struct np_fid *dfid, struct dentry *dentry,
		  struct np_fid **fidp, struct inode **inodep);
struct dentry *np_lookup(struct inode *dir, struct dentry *dentry,
			 unsigned int flags);
struct inode *np_alloc_inode(struct super_block *sb);
void np_free_inode(struct inode *inode);
void np_evict_inode(struct inode *inode);
int np_inode_cache_init(void);
void np_inode_cache_exit(void);
#define NP_GETATTR_WANT	(NP_GETATTR_BASIC | NP_GETATTR_BTIME | \
			 NP_GETATTR_DATA_VERSION)

int np_getattr_op(struct mnt_idmap *idmap, const struct path *path,
		  struct kstat *stat, u32 request_mask, unsigned int flags);
int np_setattr_op(struct mnt_idmap *idmap, struct dentry *dentry,
		  struct iattr *ia);
int np_permission(struct mnt_idmap *idmap, struct inode *inode, int mask);

/* namei.c */
extern const struct inode_operations np_dir_iops;
void np_silly_remove(struct inode *inode);
u32 np_open_flags(unsigned int flags);

/* lock.c */
struct file_lock;
int np_file_lock(struct file *file, int cmd, struct file_lock *fl);
int np_file_flock(struct file *file, int cmd, struct file_lock *fl);

/* xattr.c */
extern const struct xattr_handler * const np_xattr_handlers[];
ssize_t np_listxattr(struct dentry *dentry, char *buf, size_t size);

/* acl.c */
struct posix_acl;
struct posix_acl *np_get_acl(struct mnt_idmap *idmap, struct dentry *dentry,
			     int type);
struct posix_acl *np_get_inode_acl(struct inode *inode, int type, bool rcu);
int np_set_acl(struct mnt_idmap *idmap, struct dentry *dentry,
	       struct posix_acl *acl, int type);
int np_acl_prepare(struct inode *dir, umode_t *mode, struct posix_acl **dacl,
		   struct posix_acl **acl);
int np_acl_apply(struct dentry *dentry, struct posix_acl *dacl,
		 struct posix_acl *acl);
void np_acl_release(struct posix_acl *dacl, struct posix_acl *acl);
void np_acl_check_attr(struct inode *inode, const struct np_attr *attr);

/* dir.c */
extern const struct file_operations np_dir_fops;
void np_dcache_drop(struct inode *dir);
int np_open_fid(struct inode *inode, struct file *file, u32 flags);

/* prefetch.c */
struct np_dirent;
void np_ra_init(struct np_sb *nsb);
bool np_ra_enabled(struct np_sb *nsb);
int np_ra_collect(struct dentry *dentry);
void np_ra_forget(struct dentry *dentry);
void np_ra_shutdown(struct np_sb *nsb);
int np_ra_listed(struct dentry *parent, const struct np_dirent *de);
void np_ra_siblings(struct dentry *dentry);

/* cache.c */
struct fs_context;
#if IS_ENABLED(CONFIG_FSCACHE)
int np_fscache_mount(struct np_sb *nsb, struct fs_context *fc);
void np_fscache_umount(struct np_sb *nsb);
void np_fscache_inode_init(struct inode *inode);
void np_fscache_evict(struct inode *inode);
void np_fscache_open(struct inode *inode, struct file *file);
void np_fscache_release(struct inode *inode, struct file *file);
void np_fscache_changed(struct inode *inode);
void np_fscache_resize(struct inode *inode, loff_t size);
void np_fscache_grew(struct inode *inode, loff_t size);
void np_fscache_write_through(struct inode *inode);
#else
static inline int np_fscache_mount(struct np_sb *nsb, struct fs_context *fc)
{
	return -EOPNOTSUPP;
}

static inline void np_fscache_umount(struct np_sb *nsb) {}
static inline void np_fscache_inode_init(struct inode *inode) {}
static inline void np_fscache_evict(struct inode *inode)
{
	netfs_clear_inode_writeback(inode, NULL);
}

static inline void np_fscache_open(struct inode *inode, struct file *file) {}
static inline void np_fscache_release(struct inode *inode, struct file *file) {}
static inline void np_fscache_changed(struct inode *inode) {}
static inline void np_fscache_resize(struct inode *inode, loff_t size) {}
static inline void np_fscache_grew(struct inode *inode, loff_t size) {}
static inline void np_fscache_write_through(struct inode *inode) {}
#endif

/* file.c */
extern const struct file_operations np_file_fops;
extern const struct address_space_operations np_aops;
extern const struct netfs_request_ops np_netfs_ops;
int np_finish_open(struct file *file, struct dentry *dentry,
		   struct np_fid *fid);

#endif /* _NINEP_FS_H */
