// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: attribute read-ahead.
 *
 * Once the attribute timeout is over, every stat of a name costs one
 * Tgetattr, and a program going through a tree waits for each in turn:
 * 9P2000.L has no readdirplus and no getattr of many files.  So ninep
 * sends Tgetattrs ahead of the stats it expects, many in flight and
 * announced to the server together, and the stats take the replies:
 *
 *  - a listing from offset 0 (ls -l, find) asks about the expired names it
 *    finds in the dentry cache, when names in the directory were stat'ed
 *    just after it was last listed (dir.c).  The listing vouches that the
 *    name still leads to the file, so the name counts as fresh from the
 *    send.
 *  - a sweep (git status lstat()s every file its index lists, with no
 *    listing first): when a name has to be asked about less than
 *    NP_SWEEP_WINDOW after another name in the same directory was, the
 *    other expired names of that directory in the dentry cache (up to
 *    NP_RA_BATCH, the nearest to it in the order of lookups first) are
 *    asked about too.  Nothing vouches for those names but the reply
 *    itself: a Tgetattr through a name's fid is a lookup of the name on
 *    servers whose fids are paths, as a revalidation is.
 *  - a sweep through a tree: while a sweep goes on (one began, or a reply
 *    read ahead was taken, less than NP_SWEEP_WINDOW ago), the first name
 *    asked about in another directory starts that directory's sweep at
 *    once instead of at its second name (so do the names past the first
 *    NP_RA_BATCH of a large directory).  A program that stats one name
 *    in each of many directories would make these fetch NP_RA_BATCH
 *    times what it uses: such sweeps spend a credit of NP_TREE_CREDIT,
 *    which only a reply of the latest one, taken by a stat or lookup,
 *    restores (a reply of an earlier one, say of the directory the
 *    program walks into next, proves nothing of the latest), and a sweep
 *    of the first kind tops up by one.
 *  - the next directory by name: when a directory's sweep begins just
 *    after names of the directory before it by name needed asking, the
 *    program goes through the directories in name order (git status, make):
 *    the names of the next two are asked about too, so that not even
 *    their first names wait (np_ra_ahead).
 *
 * Each request hangs off its inode (np_inode.ra) until a stat or a
 * revalidation of the name takes it (np_ra_collect) and waits for the
 * reply, or, once the reply is in, the mount's sweeper applies it.
 * Attributes read ahead are dated from their question, however long the
 * reply waited.  Names never looked up cost nothing; a failed reply makes
 * the name expire, so the next use looks it up again.
 */
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "ninep.h"

/* one Tgetattr sent ahead; owned by whoever takes it off its inode */
struct np_ra {
	struct list_head link;	/* in np_sb.ra_list while on its inode */
	struct np_req *req;
	struct np_fid *fid;
	struct dentry *dentry;	/* the name it was sent for (held) */
	unsigned long sent;	/* jiffies */
	bool tree;		/* sent by a sweep through a tree */
	int tree_gen;		/* which one */
	u8 ahead;		/* for the directory next in turn: np_way */
};

/* at most this many replies wait on the inodes of one mount */
#define NP_RA_MAX		1024
/* a sweep asks about at most this many names of a directory at once */
#define NP_RA_BATCH		32
/* and looks at no more than this many names to find them */
#define NP_RA_SCAN		1024
/* two names of one directory asked about this close together: a sweep */
#define NP_SWEEP_WINDOW		(HZ / 10 ?: 1)
/* tree sweeps in a row that no stat or lookup used, at most */
#define NP_TREE_CREDIT		2
/* replies no stat took are applied this long after (about) */
#define NP_RA_SWEEP_DELAY	(HZ / 4 ?: 1)
/* names of the directory before by name needed asking this lately */
#define NP_AHEAD_WINDOW		(HZ / 4 ?: 1)
/* directories read ahead of the one a program goes through by name */
#define NP_AHEAD_DIRS		2

/* an order a program goes through the directories of a directory in */
enum np_way {
	NP_WAY_NONE,
	NP_WAY_UP,	/* by name (bytes), as git and make go */
	NP_WAY_DOWN,	/* by name, backwards */
};

static void np_ra_ahead_taken(struct np_ra *ra);

/* read-ahead is for modes whose attributes expire */
bool np_ra_enabled(struct np_sb *nsb)
{
	return nsb->attr_timeout && nsb->attr_timeout != ULONG_MAX &&
	       !nsb->opts.nordirplus;
}

/* take ra off its inode: the caller owns it now */
static void np_ra_unlink(struct np_sb *nsb, struct np_ra *ra)
{
	lockdep_assert_held(&nsb->ra_lock);
	NP_I(d_inode(ra->dentry))->ra = NULL;
	list_del(&ra->link);
	WRITE_ONCE(nsb->ra_count, nsb->ra_count - 1);
}

/*
 * Wait for ra's reply and apply it, or with !wait (unmount) let it go
 * unread; free ra.  The name is fresh from the question if the reply
 * shows it still leads to the file, expired if not.  Returns what the
 * reply said: 0, or -ENOENT, -ESTALE (the name leads elsewhere now), ...
 */
static int np_ra_finish(struct np_ra *ra, bool wait)
{
	struct dentry *d = ra->dentry;
	struct np_sb *nsb = NP_SB(d->d_sb);
	struct np_attr attr;
	int err = -EINTR;

	if (wait) {
		err = np_getattr_finish(ra->req, &attr);
		if (!err) {
			/* as old as the question, however long it waited */
			attr.time = ra->sent;
			err = np_inode_apply(d_inode(d), &attr);
		}
	} else {
		np_req_put(ra->req);
	}
	if (err)
		WRITE_ONCE(d->d_time, jiffies - 1 - nsb->entry_timeout);
	else if (time_after(ra->sent, READ_ONCE(d->d_time)))
		WRITE_ONCE(d->d_time, ra->sent);
	np_fid_put(ra->fid);
	dput(d);
	kfree(ra);
	return err;
}

/* the attributes read ahead for dentry's file, taken off it, or NULL */
static struct np_ra *np_ra_take(struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	struct np_sb *nsb = NP_SB(dentry->d_sb);
	struct np_ra *ra;

	if (!inode || !READ_ONCE(NP_I(inode)->ra))
		return NULL;
	spin_lock(&nsb->ra_lock);
	ra = NP_I(inode)->ra;
	if (ra)
		np_ra_unlink(nsb, ra);
	spin_unlock(&nsb->ra_lock);
	return ra;
}

/*
 * A stat or revalidation of dentry: apply the attributes read ahead for
 * its file, if any, waiting for them if they are still on their way.
 * 0 if there were none or they were applied, else the reply's error.
 * A reply asked through another name of the file (a hard link) says
 * nothing about this one: then 0 whatever it said.  Taking a reply keeps
 * a sweep going (np_ra_siblings), and if it is one of the latest tree
 * sweep's, restores the credit of tree sweeps (for a directory guessed
 * next in turn, see np_ra_ahead_taken).
 */
int np_ra_collect(struct dentry *dentry)
{
	struct np_sb *nsb = NP_SB(dentry->d_sb);
	struct np_ra *ra = np_ra_take(dentry);
	bool mine;
	int err;

	if (!ra)
		return 0;
	WRITE_ONCE(nsb->swept, jiffies);
	if (ra->ahead)
		np_ra_ahead_taken(ra);
	else if (ra->tree && ra->tree_gen == atomic_read(&nsb->tree_gen))
		atomic_set(&nsb->tree_credit, NP_TREE_CREDIT);
	mine = ra->dentry == dentry;
	if (!np_req_finished(ra->req))
		atomic64_inc(&nsb->attr_readahead_early);
	err = np_ra_finish(ra, true);
	return mine ? err : 0;
}

/*
 * A name about to be unlinked or replaced: finish the attributes read
 * ahead for its file, if any, as taken by no stat (so no sweep goes on
 * because of it), and let go of the name they hold.
 */
void np_ra_forget(struct dentry *dentry)
{
	struct np_ra *ra = np_ra_take(dentry);

	if (!ra)
		return;
	atomic64_inc(&NP_SB(dentry->d_sb)->attr_readahead_unused);
	np_ra_finish(ra, true);
}

/*
 * Take off their inodes the requests read ahead whose replies are in, or
 * with all every one, and finish them as taken by no stat: apply the
 * replies, or with all (unmount) let them go unread.  Returns whether
 * any are left.
 */
static bool np_ra_drain(struct np_sb *nsb, bool all)
{
	struct np_ra *ra, *next;
	LIST_HEAD(taken);
	bool more;

	spin_lock(&nsb->ra_lock);
	list_for_each_entry_safe(ra, next, &nsb->ra_list, link) {
		if (!all && !np_req_finished(ra->req))
			continue;
		np_ra_unlink(nsb, ra);
		list_add_tail(&ra->link, &taken);
	}
	more = !list_empty(&nsb->ra_list);
	spin_unlock(&nsb->ra_lock);
	list_for_each_entry_safe(ra, next, &taken, link) {
		atomic64_inc(&nsb->attr_readahead_unused);
		np_ra_finish(ra, !all);
	}
	return more;
}

/* the sweeper: apply the replies that came in and no stat took */
static void np_ra_sweep(struct work_struct *work)
{
	struct np_sb *nsb = container_of(to_delayed_work(work), struct np_sb,
					 ra_work);

	if (np_ra_drain(nsb, false)) {
		/*
		 * Held requests whose sender failed before sending its own
		 * (which would have announced them) go out now at the latest.
		 */
		np_client_push(nsb->clnt);
		schedule_delayed_work(&nsb->ra_work, NP_RA_SWEEP_DELAY);
	}
}

void np_ra_init(struct np_sb *nsb)
{
	spin_lock_init(&nsb->ra_lock);
	INIT_LIST_HEAD(&nsb->ra_list);
	INIT_DELAYED_WORK(&nsb->ra_work, np_ra_sweep);
	nsb->swept = jiffies - NP_SWEEP_WINDOW - 1;
	atomic_set(&nsb->tree_credit, NP_TREE_CREDIT);
	atomic_set(&nsb->tree_gen, 0);
}

/*
 * Unmount: let every reply still waiting go unread.  Nothing sends any
 * more, so once the sweeper is stopped nothing restarts it.
 */
void np_ra_shutdown(struct np_sb *nsb)
{
	cancel_delayed_work_sync(&nsb->ra_work);
	np_ra_drain(nsb, true);
}

/* why a Tgetattr is read ahead */
enum np_ra_why {
	NP_RA_LISTED,	/* a listing found the name (and vouches for it) */
	NP_RA_SWEEP,	/* names of a directory are asked about in a row */
	NP_RA_TREE,	/* the same, in one directory after another */
};

/*
 * Send a Tgetattr for d's file through fid and leave it on the inode.
 * Takes over the references to d and fid, whatever happens.  The request
 * goes out held: np_client_push() or the next request announces it.
 */
static int np_ra_send(struct dentry *d, struct np_fid *fid,
		      enum np_ra_why why, int tree_gen, enum np_way ahead)
{
	struct np_sb *nsb = NP_SB(d->d_sb);
	struct np_inode *ni = NP_I(d_inode(d));
	bool first = false;
	struct np_ra *ra;
	int err;

	ra = kmalloc(sizeof(*ra), GFP_KERNEL);
	if (!ra) {
		err = -ENOMEM;
		goto out;
	}
	ra->sent = jiffies;
	ra->req = np_getattr_send_held(fid, NP_GETATTR_WANT);
	if (IS_ERR(ra->req)) {
		err = PTR_ERR(ra->req);
		kfree(ra);
		goto out;
	}
	ra->fid = fid;
	ra->dentry = d;
	ra->tree = why == NP_RA_TREE;
	ra->tree_gen = tree_gen;
	ra->ahead = ahead;
	atomic64_inc(&nsb->attr_readahead);
	/* the listing says the name still leads to the file */
	if (why == NP_RA_LISTED)
		WRITE_ONCE(d->d_time, ra->sent);
	spin_lock(&nsb->ra_lock);
	if (!ni->ra) {
		ni->ra = ra;
		list_add_tail(&ra->link, &nsb->ra_list);
		first = !nsb->ra_count;
		WRITE_ONCE(nsb->ra_count, nsb->ra_count + 1);
		ra = NULL;
	}
	spin_unlock(&nsb->ra_lock);
	/* another listing or sweep got there first: take this one back now */
	if (ra) {
		atomic64_inc(&nsb->attr_readahead_unused);
		np_ra_finish(ra, true);
	}
	if (first)
		schedule_delayed_work(&nsb->ra_work, NP_RA_SWEEP_DELAY);
	return 0;
out:
	np_fid_put(fid);
	dput(d);
	return err;
}

/*
 * d's attributes are worth asking about ahead: a name in use with an
 * inode, nothing asked already, and the attributes or the name expired.
 * With d->d_lock held, or a reference to d.
 */
static bool np_ra_wanted(struct dentry *d)
{
	struct np_sb *nsb = NP_SB(d->d_sb);
	struct inode *inode = d_inode(d);

	return inode && !d_unhashed(d) && !READ_ONCE(NP_I(inode)->ra) &&
	       !(np_attr_fresh(inode) &&
		 np_fresh(READ_ONCE(d->d_time), nsb->entry_timeout));
}

/*
 * A listing of parent found de: read ahead the attributes of its file if
 * the name is in the dentry cache, still leads to that file and has
 * expired.  An error means stop sending (the channel failed, or too many
 * are waiting already).
 */
int np_ra_listed(struct dentry *parent, const struct np_dirent *de)
{
	struct qstr q = QSTR_INIT(de->name.s, de->name.len);
	struct np_sb *nsb = NP_SB(parent->d_sb);
	struct np_fid *fid;
	struct dentry *d;

	if (READ_ONCE(nsb->ra_count) >= NP_RA_MAX)
		return -EBUSY;
	if (is_dot_dotdot(q.name, q.len))
		return 0;
	d = d_hash_and_lookup(parent, &q);
	if (IS_ERR_OR_NULL(d))
		return 0;
	/* a positive dentry we hold stays positive */
	if (!np_ra_wanted(d) || d_unlinked(d) ||
	    NP_I(d_inode(d))->qid.path != de->qid.path)
		goto out;
	fid = np_dentry_fid_cached(d);
	if (fid)
		return np_ra_send(d, fid, NP_RA_LISTED, 0, NP_WAY_NONE);
out:
	dput(d);
	return 0;
}

/* under parent's d_lock: child goes into the batch if worth asking about */
static void np_ra_pick(struct dentry *child, struct dentry **batch,
		       unsigned int *n)
{
	spin_lock_nested(&child->d_lock, DENTRY_D_LOCK_NESTED);
	if (np_ra_wanted(child))
		batch[(*n)++] = dget_dlock(child);
	spin_unlock(&child->d_lock);
}

/*
 * Under parent's d_lock, with d one of its children: the child before d
 * in parent's list (looked up after d), or NULL at the head.  The list
 * only links forwards; the back link of d is the next pointer of the
 * child before it, or the head's first pointer.
 */
static struct dentry *np_sib_prev(struct dentry *parent, struct dentry *d)
{
	struct hlist_node **pprev = d->d_sib.pprev;

	if (pprev == &parent->d_children.first)
		return NULL;
	return container_of(pprev, struct dentry, d_sib.next);
}

static struct dentry *np_sib_next(struct dentry *d)
{
	return hlist_entry_safe(d->d_sib.next, struct dentry, d_sib);
}

/*
 * Under parent's d_lock: find up to NP_RA_BATCH names of parent worth
 * asking about, the nearest to self in its list of children first,
 * looking at no more than NP_RA_SCAN.  New names go in at the head of
 * the list, so it is the order of lookups: a program stat'ing names in
 * the order it first looked them up (git status, make) goes from self
 * towards the head, and one going the other way finds the names behind
 * it fresh.  Either way the names next in turn are asked about first,
 * and a sweep of a large directory goes on where the program is.
 */
static unsigned int np_ra_scan(struct dentry *parent, struct dentry *self,
			       struct dentry **batch)
{
	struct dentry *back = self, *fwd = self;
	unsigned int n = 0, seen = 0;

	/* renamed away meanwhile: it is no guide to parent's names */
	if (self->d_parent != parent)
		return 0;
	while ((back || fwd) && n < NP_RA_BATCH && seen < NP_RA_SCAN) {
		back = back ? np_sib_prev(parent, back) : NULL;
		if (back) {
			np_ra_pick(back, batch, &n);
			seen++;
		}
		if (n == NP_RA_BATCH)
			break;
		fwd = fwd ? np_sib_next(fwd) : NULL;
		if (fwd) {
			np_ra_pick(fwd, batch, &n);
			seen++;
		}
	}
	return n;
}

/*
 * Send a Tgetattr for each name in batch (and drop the references to
 * them), none if err is set.  Returns how many went out.
 */
static unsigned int np_ra_send_batch(struct np_sb *nsb, struct dentry **batch,
				     unsigned int n, enum np_ra_why why,
				     int gen, enum np_way ahead, int err)
{
	unsigned int sent = 0, i;
	struct np_fid *fid;

	for (i = 0; i < n; i++) {
		/* concurrent sweeps: the cap holds for the sum of them */
		if (READ_ONCE(nsb->ra_count) >= NP_RA_MAX)
			err = -EBUSY;
		fid = err ? NULL : np_dentry_fid_cached(batch[i]);
		if (fid) {
			err = np_ra_send(batch[i], fid, why, gen, ahead);
			sent += !err;
		} else {
			dput(batch[i]);
		}
	}
	return sent;
}

/* a before b by name: byte order, a prefix first */
static bool np_name_before(const struct qstr *a, const struct qstr *b)
{
	int c = memcmp(a->name, b->name, min(a->len, b->len));

	return c ? c < 0 : a->len < b->len;
}

/* name a comes after name b going the given way */
static bool np_name_after(const struct qstr *a, const struct qstr *b,
			  enum np_way way)
{
	return way == NP_WAY_UP ? np_name_before(b, a) : np_name_before(a, b);
}

/*
 * Where c goes in list[0..n), kept in order by name the given way: after
 * every name not after c's (a binary search).
 */
static unsigned int np_name_slot(struct dentry **list, unsigned int n,
				 struct dentry *c, enum np_way way)
{
	unsigned int lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (np_name_after(&list[mid]->d_name, &c->d_name, way))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/*
 * Put c in list[0..*n), kept in order the given way, holding no more
 * than max: the first max of them stay.
 */
static void np_name_insert(struct dentry **list, unsigned int *n,
			   unsigned int max, struct dentry *c, enum np_way way)
{
	unsigned int i = np_name_slot(list, *n, c, way), k;

	if (i == max)
		return;
	if (*n < max)
		(*n)++;
	for (k = *n - 1; k > i; k--)
		list[k] = list[k - 1];
	list[i] = c;
}

/*
 * Under parent's d_lock, with d one of its children: the first max
 * directories after d by name the given way, nearest first, of those in
 * the dentry cache (looking at no more than NP_RA_SCAN names).  Returns
 * how many; one pass for all of them.
 */
static unsigned int np_next_dirs(struct dentry *parent, struct dentry *d,
				 enum np_way way, struct dentry **next,
				 unsigned int max)
{
	unsigned int n = 0, seen = 0;
	struct dentry *c;

	hlist_for_each_entry(c, &parent->d_children, d_sib) {
		if (++seen > NP_RA_SCAN)
			break;
		if (c == d || !d_is_dir(c) || d_unhashed(c) ||
		    !np_name_after(&c->d_name, &d->d_name, way))
			continue;
		np_name_insert(next, &n, max, c, way);
	}
	return n;
}

/* under its parent's d_lock: names in directory d needed asking lately */
static bool np_asked_lately(struct dentry *d)
{
	unsigned long asked;
	bool lately = false;

	spin_lock_nested(&d->d_lock, DENTRY_D_LOCK_NESTED);
	if (d_inode(d)) {
		asked = READ_ONCE(NP_I(d_inode(d))->child_asked);
		lately = asked && time_before(jiffies, asked + NP_AHEAD_WINDOW);
	}
	spin_unlock(&d->d_lock);
	return lately;
}

/*
 * The names of dir are being swept.  If names of the directory before
 * it by name (in the same parent) needed asking just before, a program
 * goes through the directories in name order: the way it goes, else
 * NP_WAY_NONE.  Each of a program's threads may go through a part of
 * them: this looks at the neighbours only.
 */
static enum np_way np_ra_way(struct dentry *dir)
{
	enum np_way way = NP_WAY_NONE;
	struct dentry *parent, *near;

	if (IS_ROOT(dir))
		return way;
	parent = dget_parent(dir);
	spin_lock(&parent->d_lock);
	if (dir->d_parent == parent) {
		if (np_next_dirs(parent, dir, NP_WAY_DOWN, &near, 1) &&
		    np_asked_lately(near))
			way = NP_WAY_UP;
		else if (np_next_dirs(parent, dir, NP_WAY_UP, &near, 1) &&
			 np_asked_lately(near))
			way = NP_WAY_DOWN;
	}
	spin_unlock(&parent->d_lock);
	dput(parent);
	return way;
}

/*
 * Under dir's d_lock: the first NP_RA_BATCH names of dir worth asking
 * about, the given way by name (looking at no more than NP_RA_SCAN).
 */
static unsigned int np_ra_scan_named(struct dentry *dir, enum np_way way,
				     struct dentry **batch)
{
	struct dentry *first[NP_RA_BATCH];
	unsigned int n = 0, seen = 0, i, k;
	struct dentry *c;
	bool want;

	hlist_for_each_entry(c, &dir->d_children, d_sib) {
		if (++seen > NP_RA_SCAN)
			break;
		spin_lock_nested(&c->d_lock, DENTRY_D_LOCK_NESTED);
		want = np_ra_wanted(c);
		spin_unlock(&c->d_lock);
		if (want)
			np_name_insert(first, &n, NP_RA_BATCH, c, way);
	}
	/* dir's d_lock keeps them; take them as the scan does */
	for (i = 0, k = 0; i < n; i++)
		np_ra_pick(first[i], batch, &k);
	return k;
}

/*
 * The NP_AHEAD_DIRS directories after dir by name in its parent, the
 * given way, nearest first, held: how many.
 */
static unsigned int np_ra_next_dirs(struct dentry *dir, enum np_way way,
				    struct dentry **next)
{
	struct dentry *parent;
	unsigned int n = 0, i;

	if (IS_ROOT(dir))
		return 0;
	parent = dget_parent(dir);
	spin_lock(&parent->d_lock);
	if (dir->d_parent == parent)
		n = np_next_dirs(parent, dir, way, next, NP_AHEAD_DIRS);
	for (i = 0; i < n; i++) {
		spin_lock_nested(&next[i]->d_lock, DENTRY_D_LOCK_NESTED);
		dget_dlock(next[i]);
		spin_unlock(&next[i]->d_lock);
	}
	spin_unlock(&parent->d_lock);
	dput(parent);
	return n;
}

/*
 * A program goes through the directories of dir's parent one after
 * another by name, the given way, and has come to dir: read ahead the
 * first names of the next NP_AHEAD_DIRS, so that not even their first
 * names wait (a program taking a name's reply soon after it was asked
 * for would reach the next directory before its replies).  A guess, so
 * each directory read ahead spends a credit of tree sweeps; the second
 * of its names a stat takes restores the credit and reads ahead on from
 * there (np_ra_collect): those already asked about are not again.
 */
static void np_ra_ahead(struct dentry *dir, enum np_way way)
{
	struct np_sb *nsb = NP_SB(dir->d_sb);
	struct dentry *batch[NP_RA_BATCH], *next[NP_AHEAD_DIRS];
	unsigned int ndirs, n, i;
	int gen, err;

	/* as many as may wait already: no scan of the parent for nothing */
	if (READ_ONCE(nsb->ra_count) >= NP_RA_MAX)
		return;
	ndirs = np_ra_next_dirs(dir, way, next);
	for (i = 0; i < ndirs; i++) {
		n = 0;
		if (READ_ONCE(nsb->ra_count) < NP_RA_MAX) {
			spin_lock(&next[i]->d_lock);
			n = np_ra_scan_named(next[i], way, batch);
			spin_unlock(&next[i]->d_lock);
		}
		gen = 0;
		err = -EBUSY;
		if (n && atomic_dec_if_positive(&nsb->tree_credit) >= 0) {
			gen = atomic_inc_return(&nsb->tree_gen);
			atomic_set(&NP_I(d_inode(next[i]))->ahead_taken, 0);
			err = 0;
		}
		if (np_ra_send_batch(nsb, batch, n, NP_RA_TREE, gen, way, err))
			WRITE_ONCE(nsb->swept, jiffies);
		dput(next[i]);
	}
}

/*
 * A stat took a reply read ahead for a directory guessed next in turn.
 * The second one proves the guess right (a program stat'ing one name in
 * each directory takes one): the credit of tree sweeps is restored, and
 * the directory after it is read ahead.
 */
static void np_ra_ahead_taken(struct np_ra *ra)
{
	struct np_sb *nsb = NP_SB(ra->dentry->d_sb);
	struct dentry *dir = dget_parent(ra->dentry);

	if (atomic_inc_return(&NP_I(d_inode(dir))->ahead_taken) == 2) {
		atomic_set(&nsb->tree_credit, NP_TREE_CREDIT);
		np_ra_ahead(dir, ra->ahead);
	}
	dput(dir);
}

/*
 * dentry's file has to be asked about now.  If another name in the same
 * directory had to be a moment ago, this is a sweep through the
 * directory: ask about its other expired names too.  If a sweep goes on
 * elsewhere, perhaps one through the tree: the same, at this first name.
 * The requests go out held, with the caller's own request.
 */
void np_ra_siblings(struct dentry *dentry)
{
	struct np_sb *nsb = NP_SB(dentry->d_sb);
	struct dentry *batch[NP_RA_BATCH];
	struct dentry *parent;
	unsigned int n, sent;
	unsigned long now = jiffies, asked;
	enum np_ra_why why = NP_RA_SWEEP;
	enum np_way way;
	bool spent = false;
	int gen = 0;
	int err = 0;

	if (!np_ra_enabled(nsb) || IS_ROOT(dentry))
		return;
	parent = dget_parent(dentry);
	asked = xchg(&NP_I(d_inode(parent))->child_asked, now);
	if (READ_ONCE(nsb->ra_count) >= NP_RA_MAX)
		goto out;
	if (!asked || time_after(now, asked + NP_SWEEP_WINDOW)) {
		if (time_after(now, READ_ONCE(nsb->swept) + NP_SWEEP_WINDOW) ||
		    atomic_read(&nsb->tree_credit) <= 0)
			goto out;
		why = NP_RA_TREE;
	}
	spin_lock(&parent->d_lock);
	n = np_ra_scan(parent, dentry, batch);
	spin_unlock(&parent->d_lock);
	if (why == NP_RA_TREE && n) {
		/* a concurrent tree sweep may have spent the last credit */
		spent = atomic_dec_if_positive(&nsb->tree_credit) >= 0;
		if (spent)
			gen = atomic_inc_return(&nsb->tree_gen);
		else
			err = -EBUSY;
	}
	sent = np_ra_send_batch(nsb, batch, n, why, gen, NP_WAY_NONE, err);
	if (sent) {
		WRITE_ONCE(nsb->swept, now);
		if (why == NP_RA_SWEEP)
			atomic_add_unless(&nsb->tree_credit, 1, NP_TREE_CREDIT);
		/* going through directories by name: the next one too */
		way = np_ra_way(parent);
		if (way != NP_WAY_NONE)
			np_ra_ahead(parent, way);
	} else if (spent) {
		/* it sent nothing: nothing to spend the credit on */
		atomic_add_unless(&nsb->tree_credit, 1, NP_TREE_CREDIT);
	}
out:
	dput(parent);
}
