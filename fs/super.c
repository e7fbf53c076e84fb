// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: mount options, the super block and module setup.
 */
#include <linux/module.h>
#include <linux/ctype.h>
#include <linux/fs.h>
#include <linux/fs_context.h>
#include <linux/fs_parser.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/string.h>
#include <ninep/transport.h>
#include "ninep.h"

#define NP_MAGIC	0x01021997	/* what statfs reports, as 9P mounts do */

static char *fstype = "9p";
module_param(fstype, charp, 0444);
MODULE_PARM_DESC(fstype, "filesystem type name to register (default 9p)");

enum {
	NP_OPT_TRANS, NP_OPT_MSIZE, NP_OPT_VERSION, NP_OPT_ANAME,
	NP_OPT_UNAME, NP_OPT_ACCESS, NP_OPT_CACHE, NP_OPT_DFLTUID,
	NP_OPT_DFLTGID, NP_OPT_PORT, NP_OPT_RFDNO, NP_OPT_WFDNO,
	NP_OPT_PRIVPORT, NP_OPT_POSIXACL, NP_OPT_NORDIRPLUS, NP_OPT_TIMEOUT, NP_OPT_ATTR_TIMEOUT,
	NP_OPT_ENTRY_TIMEOUT, NP_OPT_NEG_TIMEOUT, NP_OPT_CACHETAG,
};

static const struct constant_table np_cache_names[] = {
	{ "coherent",	NP_CACHE_COHERENT },
	{ "none",	NP_CACHE_NONE },
	{ "readahead",	NP_CACHE_READAHEAD },
	{ "mmap",	NP_CACHE_MMAP },
	{ "loose",	NP_CACHE_LOOSE },
	{ "fscache",	NP_CACHE_FSCACHE },
	{}
};

static const struct fs_parameter_spec np_param_specs[] = {
	fsparam_string("trans",		NP_OPT_TRANS),
	fsparam_u32("msize",		NP_OPT_MSIZE),
	fsparam_string("version",	NP_OPT_VERSION),
	fsparam_string("aname",		NP_OPT_ANAME),
	fsparam_string("uname",		NP_OPT_UNAME),
	fsparam_string("access",	NP_OPT_ACCESS),
	fsparam_enum("cache",		NP_OPT_CACHE, np_cache_names),
	fsparam_u32("dfltuid",		NP_OPT_DFLTUID),
	fsparam_u32("dfltgid",		NP_OPT_DFLTGID),
	fsparam_u32("port",		NP_OPT_PORT),
	fsparam_u32("rfdno",		NP_OPT_RFDNO),
	fsparam_u32("wfdno",		NP_OPT_WFDNO),
	fsparam_flag("privport",	NP_OPT_PRIVPORT),
	fsparam_flag("posixacl",	NP_OPT_POSIXACL),
	fsparam_flag("nordirplus",	NP_OPT_NORDIRPLUS),
	fsparam_u32("timeout",		NP_OPT_TIMEOUT),
	fsparam_string("attr_timeout",	NP_OPT_ATTR_TIMEOUT),
	fsparam_string("entry_timeout",	NP_OPT_ENTRY_TIMEOUT),
	fsparam_string("negative_timeout", NP_OPT_NEG_TIMEOUT),
	fsparam_string("cachetag",	NP_OPT_CACHETAG),
	{}
};

static void np_opts_free(struct np_mount_opts *o)
{
	kfree(o->trans);
	kfree(o->uname);
	kfree(o->aname);
	kfree(o->cachetag);
}

/* seconds with at most three decimals ("1", "0.25"), in milliseconds */
static int np_parse_secs(struct fs_context *fc, struct fs_parameter *param,
			 u32 *ms)
{
	const char *dot = strchr(param->string, '.');
	char whole[12], frac[4] = "000";
	size_t n = dot ? dot - param->string : strlen(param->string);
	u32 sec, milli;

	if (!n || n >= sizeof(whole) || (dot && (!dot[1] || strlen(dot + 1) > 3)))
		goto bad;
	memcpy(whole, param->string, n);
	whole[n] = '\0';
	if (dot)
		memcpy(frac, dot + 1, strlen(dot + 1));
	if (!isdigit(whole[0]) || kstrtou32(whole, 10, &sec) ||
	    !isdigit(frac[0]) || kstrtou32(frac, 10, &milli) ||
	    sec > NP_TIMEOUT_MAX_MS / 1000)
		goto bad;
	*ms = sec * 1000 + milli;
	if (*ms > NP_TIMEOUT_MAX_MS)
		goto bad;
	return 0;
bad:
	return invalfc(fc, "%s=%s: want seconds 0..86400 (up to 3 decimals)",
		       param->key, param->string);
}

static int np_parse_param(struct fs_context *fc, struct fs_parameter *param)
{
	struct np_mount_opts *o = fc->fs_private;
	struct fs_parse_result r;
	int opt;

	opt = fs_parse(fc, np_param_specs, param, &r);
	if (opt < 0)
		return opt;

	switch (opt) {
	case NP_OPT_TRANS:
		kfree(o->trans);
		o->trans = param->string;
		param->string = NULL;
		break;
	case NP_OPT_MSIZE:
		if (r.uint_32 < NP_MIN_MSIZE || r.uint_32 > NP_MAX_MSIZE)
			return invalfc(fc, "msize must be %u..%u",
				       NP_MIN_MSIZE, NP_MAX_MSIZE);
		o->copts.msize = r.uint_32;
		break;
	case NP_OPT_VERSION:
		if (strcasecmp(param->string, NP_VERSION_L))
			return invalfc(fc, "version %s is not supported: only 9p2000.L",
				       param->string);
		break;
	case NP_OPT_ANAME:
		kfree(o->aname);
		o->aname = param->string;
		param->string = NULL;
		break;
	case NP_OPT_UNAME:
		kfree(o->uname);
		o->uname = param->string;
		param->string = NULL;
		break;
	case NP_OPT_ACCESS:
		if (!strcmp(param->string, "user")) {
			o->access = NP_ACCESS_USER;
		} else if (!strcmp(param->string, "client")) {
			o->access = NP_ACCESS_CLIENT;
		} else if (!strcmp(param->string, "any")) {
			o->access = NP_ACCESS_ANY;
		} else {
			u32 uid;

			if (kstrtou32(param->string, 10, &uid))
				return invalfc(fc, "access=%s: not user, client, any or a uid",
					       param->string);
			o->access_uid = make_kuid(current_user_ns(), uid);
			if (!uid_valid(o->access_uid))
				return invalfc(fc, "access=%u: invalid uid", uid);
			o->access = NP_ACCESS_SINGLE;
		}
		break;
	case NP_OPT_CACHE:
		o->cache = r.uint_32;
		break;
	case NP_OPT_DFLTUID:
		o->dfltuid = make_kuid(current_user_ns(), r.uint_32);
		if (!uid_valid(o->dfltuid))
			return invalfc(fc, "dfltuid=%u: invalid uid", r.uint_32);
		break;
	case NP_OPT_DFLTGID:
		o->dfltgid = make_kgid(current_user_ns(), r.uint_32);
		if (!gid_valid(o->dfltgid))
			return invalfc(fc, "dfltgid=%u: invalid gid", r.uint_32);
		break;
	case NP_OPT_PORT:
		if (!r.uint_32 || r.uint_32 > U16_MAX)
			return invalfc(fc, "port must be 1..65535");
		o->copts.port = r.uint_32;
		break;
	case NP_OPT_RFDNO:
		o->copts.rfd = r.uint_32;
		break;
	case NP_OPT_WFDNO:
		o->copts.wfd = r.uint_32;
		break;
	case NP_OPT_PRIVPORT:
		o->copts.privport = true;
		break;
	case NP_OPT_POSIXACL:
		o->posixacl = true;
		break;
	case NP_OPT_NORDIRPLUS:
		o->nordirplus = true;
		break;
	case NP_OPT_TIMEOUT:
		if (r.uint_32 > 86400)
			return invalfc(fc, "timeout must be 0..86400 seconds");
		o->copts.timeout = r.uint_32;
		break;
	case NP_OPT_ATTR_TIMEOUT:
		return np_parse_secs(fc, param, &o->attr_ms);
	case NP_OPT_ENTRY_TIMEOUT:
		return np_parse_secs(fc, param, &o->entry_ms);
	case NP_OPT_NEG_TIMEOUT:
		return np_parse_secs(fc, param, &o->neg_ms);
	case NP_OPT_CACHETAG:
		if (!*param->string || strchr(param->string, '/'))
			return invalfc(fc, "cachetag=%s: want a name without '/'",
				       param->string);
		kfree(o->cachetag);
		o->cachetag = param->string;
		param->string = NULL;
		break;
	}
	return 0;
}

static const char *np_access_name(const struct np_mount_opts *o)
{
	switch (o->access) {
	case NP_ACCESS_CLIENT:
		return "client";
	case NP_ACCESS_ANY:
		return "any";
	case NP_ACCESS_SINGLE:
		return NULL;
	default:
		return "user";
	}
}

static void np_show_secs(struct seq_file *m, const char *key, u32 ms)
{
	if (ms == NP_TIMEOUT_UNSET)
		return;
	if (ms % 1000)
		seq_printf(m, ",%s=%u.%03u", key, ms / 1000, ms % 1000);
	else
		seq_printf(m, ",%s=%u", key, ms / 1000);
}

static int np_show_options(struct seq_file *m, struct dentry *root)
{
	struct np_sb *nsb = NP_SB(root->d_sb);
	const struct np_mount_opts *o = &nsb->opts;
	const char *access = np_access_name(o);
	int i;

	seq_printf(m, ",trans=%s,msize=%u,version=9p2000.L", o->trans,
		   nsb->clnt->msize);
	if (o->uname)
		seq_show_option(m, "uname", o->uname);
	if (o->aname && *o->aname)
		seq_show_option(m, "aname", o->aname);
	if (access)
		seq_printf(m, ",access=%s", access);
	else
		seq_printf(m, ",access=%u",
			   from_kuid_munged(&init_user_ns, o->access_uid));
	for (i = 0; np_cache_names[i].name; i++)
		if (np_cache_names[i].value == o->cache)
			seq_printf(m, ",cache=%s", np_cache_names[i].name);
	if (!uid_eq(o->dfltuid, GLOBAL_ROOT_UID))
		seq_printf(m, ",dfltuid=%u",
			   from_kuid_munged(&init_user_ns, o->dfltuid));
	if (gid_valid(o->dfltgid))
		seq_printf(m, ",dfltgid=%u",
			   from_kgid_munged(&init_user_ns, o->dfltgid));
	if (o->copts.timeout)
		seq_printf(m, ",timeout=%u", o->copts.timeout);
	if (o->cachetag)
		seq_show_option(m, "cachetag", o->cachetag);
	if (o->posixacl)
		seq_puts(m, ",posixacl");
	if (o->nordirplus)
		seq_puts(m, ",nordirplus");
	np_show_secs(m, "attr_timeout", o->attr_ms);
	np_show_secs(m, "entry_timeout", o->entry_ms);
	np_show_secs(m, "negative_timeout", o->neg_ms);
	return 0;
}

static int np_show_stats(struct seq_file *m, struct dentry *root)
{
	struct np_sb *nsb = NP_SB(root->d_sb);

	np_client_show_stats(nsb->clnt, m);
	seq_printf(m, "\tattr_readahead: %lld\n",
		   atomic64_read(&nsb->attr_readahead));
	seq_printf(m, "\tattr_readahead_unused: %lld\n",
		   atomic64_read(&nsb->attr_readahead_unused));
	seq_printf(m, "\tattr_readahead_early: %lld\n",
		   atomic64_read(&nsb->attr_readahead_early));
	return 0;
}

static int np_statfs_op(struct dentry *dentry, struct kstatfs *buf)
{
	struct np_statfs st;
	struct np_fid *fid;
	int err;

	fid = np_dentry_fid(dentry);
	if (IS_ERR(fid))
		return PTR_ERR(fid);
	err = np_statfs(fid, &st);
	np_fid_put(fid);
	if (err)
		return err;
	buf->f_type = NP_MAGIC;
	buf->f_bsize = st.bsize;
	buf->f_blocks = st.blocks;
	buf->f_bfree = st.bfree;
	buf->f_bavail = st.bavail;
	buf->f_files = st.files;
	buf->f_ffree = st.ffree;
	buf->f_fsid = u64_to_fsid(st.fsid);
	buf->f_namelen = st.namelen;
	return 0;
}

/* umount -f: fail every pending and later request, whatever the server does */
static void np_umount_begin(struct super_block *sb)
{
	struct np_sb *nsb = NP_SB(sb);

	if (nsb && nsb->clnt)
		np_client_disconnect(nsb->clnt, -EIO);
}

static const struct super_operations np_super_ops = {
	.alloc_inode = np_alloc_inode,
	.free_inode = np_free_inode,
	.evict_inode = np_evict_inode,
	.write_inode = netfs_unpin_writeback,
	.statfs = np_statfs_op,
	.umount_begin = np_umount_begin,
	.show_options = np_show_options,
	.show_stats = np_show_stats,
};

static int np_fill_super(struct super_block *sb, struct fs_context *fc)
{
	struct np_sb *nsb = sb->s_fs_info;
	struct np_fid *root;
	int err;

	nsb->clnt = np_client_create(fc->source, &nsb->opts.copts);
	if (IS_ERR(nsb->clnt)) {
		err = PTR_ERR(nsb->clnt);
		nsb->clnt = NULL;
		return err;
	}
	sb->s_maxbytes = MAX_LFS_FILESIZE;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_magic = NP_MAGIC;
	sb->s_op = &np_super_ops;
	sb->s_d_op = &np_dentry_ops;
	sb->s_time_gran = 1;
	sb->s_xattr = np_xattr_handlers;
	/* no security.capability lookup per write(2) once one found none */
	sb->s_flags |= SB_NODIRATIME | SB_NOATIME | SB_NOSEC;
	if (nsb->opts.posixacl)
		sb->s_flags |= SB_POSIXACL;
	err = super_setup_bdi(sb);
	if (err)
		return err;
	sb->s_bdi->ra_pages = nsb->clnt->msize >> PAGE_SHIFT;
	sb->s_bdi->io_pages = sb->s_bdi->ra_pages;

	root = np_attach(nsb->clnt, nsb->opts.uname, np_fid_owner(sb),
			 nsb->opts.aname);
	if (IS_ERR(root)) {
		errorfc(fc, "attach to \"%s\" failed: %ld", fc->source,
			PTR_ERR(root));
		return PTR_ERR(root);
	}
	root->uid = np_fid_owner(sb);
	err = np_setup_root(sb, root);
	if (err) {
		np_fid_put(root);
		return err;
	}
	/* once the server took us: a failed mount holds no cache volume */
	if (nsb->opts.cache == NP_CACHE_FSCACHE)
		err = np_fscache_mount(nsb, fc);
	return err;
}

/* the mode's timeouts, then the ones given */
static unsigned long np_timeout(u32 ms, unsigned long dflt)
{
	return ms == NP_TIMEOUT_UNSET ? dflt : msecs_to_jiffies(ms);
}

static void np_set_timeouts(struct np_sb *nsb)
{
	const struct np_mount_opts *o = &nsb->opts;
	unsigned long dflt;

	switch (o->cache) {
	case NP_CACHE_COHERENT:
		dflt = NP_COHERENT_TIMEOUT;
		break;
	case NP_CACHE_LOOSE:
	case NP_CACHE_FSCACHE:
		dflt = ULONG_MAX;	/* never look back */
		break;
	default:
		dflt = 0;		/* v9fs's modes without a metadata cache */
		break;
	}
	nsb->attr_timeout = np_timeout(o->attr_ms, dflt);
	nsb->entry_timeout = np_timeout(o->entry_ms, dflt);
	nsb->neg_timeout = np_timeout(o->neg_ms, dflt);
	nsb->dir_cache = o->cache == NP_CACHE_COHERENT || np_cache_loose(nsb);
}

static int np_get_tree(struct fs_context *fc)
{
	struct np_mount_opts *o = fc->fs_private;
	struct np_sb *nsb;

	if (!fc->source)
		return invalfc(fc, "no mount source (the mount tag or server)");
	if (!o->trans) {
		o->trans = kstrdup("virtio", GFP_KERNEL);
		if (!o->trans)
			return -ENOMEM;
	}
	if (o->cache == NP_CACHE_FSCACHE && !IS_ENABLED(CONFIG_FSCACHE))
		return invalfc(fc, "cache=fscache: this kernel has no FS-Cache (CONFIG_FSCACHE)");
	nsb = kzalloc(sizeof(*nsb), GFP_KERNEL);
	if (!nsb)
		return -ENOMEM;
	/* the options move to the super block */
	nsb->opts = *o;
	memset(o, 0, sizeof(*o));
	nsb->opts.copts.trans = nsb->opts.trans;
	spin_lock_init(&nsb->fid_lock);
	np_ra_init(nsb);
	strscpy(nsb->nodename, utsname()->nodename, sizeof(nsb->nodename));
	np_set_timeouts(nsb);
	fc->s_fs_info = nsb;
	return get_tree_nodev(fc, np_fill_super);
}

static void np_free_fc(struct fs_context *fc)
{
	struct np_mount_opts *o = fc->fs_private;

	if (o) {
		np_opts_free(o);
		kfree(o);
	}
	if (fc->s_fs_info) {
		struct np_sb *nsb = fc->s_fs_info;

		np_opts_free(&nsb->opts);
		kfree(nsb);
	}
}

static int np_reconfigure(struct fs_context *fc)
{
	/* only the generic flags (ro/rw) change; our options are fixed */
	sync_filesystem(fc->root->d_sb);
	return 0;
}

static const struct fs_context_operations np_context_ops = {
	.parse_param = np_parse_param,
	.get_tree = np_get_tree,
	.reconfigure = np_reconfigure,
	.free = np_free_fc,
};

static int np_init_fs_context(struct fs_context *fc)
{
	struct np_mount_opts *o;

	o = kzalloc(sizeof(*o), GFP_KERNEL);
	if (!o)
		return -ENOMEM;
	o->copts.msize = NP_DEFAULT_MSIZE;
	o->copts.port = 564;
	o->copts.rfd = -1;
	o->copts.wfd = -1;
	o->access = NP_ACCESS_USER;
	o->cache = NP_CACHE_COHERENT;
	o->dfltuid = GLOBAL_ROOT_UID;
	o->dfltgid = INVALID_GID;	/* the creator's group */
	o->attr_ms = NP_TIMEOUT_UNSET;
	o->entry_ms = NP_TIMEOUT_UNSET;
	o->neg_ms = NP_TIMEOUT_UNSET;
	fc->fs_private = o;
	fc->ops = &np_context_ops;
	return 0;
}

static void np_kill_sb(struct super_block *sb)
{
	struct np_sb *nsb = sb->s_fs_info;

	/* replies read ahead hold names: let them go first */
	if (nsb)
		np_ra_shutdown(nsb);
	kill_anon_super(sb);
	if (nsb) {
		/* every inode, so every cookie, is gone */
		np_fscache_umount(nsb);
		if (nsb->clnt)
			np_client_destroy(nsb->clnt);
		np_opts_free(&nsb->opts);
		kfree(nsb);
	}
}

static struct file_system_type np_fs_type = {
	.owner = THIS_MODULE,
	.init_fs_context = np_init_fs_context,
	.parameters = np_param_specs,
	.kill_sb = np_kill_sb,
};

static int __init np_init(void)
{
	int err;

	np_fs_type.name = fstype;
	err = np_inode_cache_init();
	if (err)
		return err;
	err = np_trans_virtio_init();
	if (err)
		goto cache;
	err = np_trans_fd_init();
	if (err)
		goto virtio;
	err = register_filesystem(&np_fs_type);
	if (err)
		goto fd;
	pr_info("ninep: registered filesystem type \"%s\"\n", fstype);
	return 0;
fd:
	np_trans_fd_exit();
virtio:
	np_trans_virtio_exit();
cache:
	np_inode_cache_exit();
	return err;
}

static void __exit np_exit(void)
{
	unregister_filesystem(&np_fs_type);
	np_trans_fd_exit();
	np_trans_virtio_exit();
	np_inode_cache_exit();
}

module_init(np_init);
module_exit(np_exit);
MODULE_DESCRIPTION("ninep: 9P2000.L client filesystem");
MODULE_LICENSE("GPL");
MODULE_ALIAS_FS("9p");
