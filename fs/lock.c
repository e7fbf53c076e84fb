// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep: POSIX (fcntl) and BSD (flock) locks.
 *
 * A lock is taken in the local lock table first - that is where waits for
 * other processes of this machine happen, woken the moment the holder lets
 * go and interrupted by signals - and then on the server with Tlock, for
 * other clients.  9P2000.L has no message that tells a client a lock came
 * free, so a wait for another client's lock asks the server again with a
 * doubling delay (10 ms up to 1 s); a signal ends it.
 */
#include <linux/fs.h>
#include <linux/filelock.h>
#include <linux/sched/signal.h>
#include "ninep.h"

#define NP_LOCK_RETRY_MIN	(HZ / 100 ?: 1)
#define NP_LOCK_RETRY_MAX	HZ

static u8 np_lock_type(struct file_lock *fl)
{
	if (lock_is_unlock(fl))
		return NP_LOCK_TYPE_UNLCK;
	return lock_is_write(fl) ? NP_LOCK_TYPE_WRLCK : NP_LOCK_TYPE_RDLCK;
}

/*
 * client_id names this machine: the node name at mount time (utsname()
 * cannot be asked here: a lock is also released by an exiting task,
 * which no longer has namespaces).
 */
static void np_fill_flock(struct np_flock *l, struct file_lock *fl)
{
	const char *node = NP_SB(file_inode(fl->c.flc_file)->i_sb)->nodename;

	l->type = np_lock_type(fl);
	l->flags = 0;
	l->start = fl->fl_start;
	l->length = fl->fl_end == OFFSET_MAX ? 0 :
		    fl->fl_end - fl->fl_start + 1;
	l->proc_id = fl->c.flc_pid;
	l->client_id.s = node;
	l->client_id.len = strnlen(node, __NEW_UTS_LEN);
}

static int np_server_lock(struct file *file, struct file_lock *fl, bool wait)
{
	unsigned long delay = NP_LOCK_RETRY_MIN;
	struct np_flock l;
	u8 status;
	int err;

	np_fill_flock(&l, fl);
	for (;;) {
		err = np_lock(file->private_data, &l, &status);
		if (err)
			return err;
		switch (status) {
		case NP_LOCK_SUCCESS:
			return 0;
		case NP_LOCK_BLOCKED:
			if (!wait)
				return -EAGAIN;
			break;
		case NP_LOCK_GRACE:
			break;
		default:
			return -ENOLCK;
		}
		if (schedule_timeout_interruptible(delay) ||
		    signal_pending(current))
			return -ERESTARTSYS;
		delay = min_t(unsigned long, delay * 2, NP_LOCK_RETRY_MAX);
	}
}

static int np_setlk(struct file *file, struct file_lock *fl)
{
	unsigned char type = fl->c.flc_type;
	int err, err2;

	if (lock_is_unlock(fl)) {
		err = np_server_lock(file, fl, false);
		err2 = locks_lock_file_wait(file, fl);
		return err ?: err2;
	}
	err = locks_lock_file_wait(file, fl);
	if (err)
		return err;
	err = np_server_lock(file, fl, fl->c.flc_flags & FL_SLEEP);
	if (err) {
		/* the server said no: give the local lock back */
		fl->c.flc_type = F_UNLCK;
		locks_lock_file_wait(file, fl);
		fl->c.flc_type = type;
	}
	return err;
}

static int np_getlk(struct file *file, struct file_lock *fl)
{
	unsigned char type = fl->c.flc_type;
	struct np_flock l;
	int err;

	/* a conflict on this machine answers without asking the server */
	posix_test_lock(file, fl);
	if (!lock_is_unlock(fl))
		return 0;
	fl->c.flc_type = type;
	np_fill_flock(&l, fl);
	err = np_getlock(file->private_data, &l);
	if (err)
		return err;
	switch (l.type) {
	case NP_LOCK_TYPE_UNLCK:
		fl->c.flc_type = F_UNLCK;
		return 0;
	case NP_LOCK_TYPE_RDLCK:
		fl->c.flc_type = F_RDLCK;
		break;
	case NP_LOCK_TYPE_WRLCK:
		fl->c.flc_type = F_WRLCK;
		break;
	default:
		return -EIO;
	}
	fl->fl_start = l.start;
	fl->fl_end = l.length ? l.start + l.length - 1 : OFFSET_MAX;
	if (fl->fl_end < fl->fl_start)
		return -EIO;
	/* the holder may be on another machine: no local pid to give */
	fl->c.flc_pid = 0;
	return 0;
}

int np_file_lock(struct file *file, int cmd, struct file_lock *fl)
{
	if (IS_GETLK(cmd))
		return np_getlk(file, fl);
	return np_setlk(file, fl);
}

int np_file_flock(struct file *file, int cmd, struct file_lock *fl)
{
	if (!(fl->c.flc_flags & FL_FLOCK))
		return -ENOLCK;
	return np_setlk(file, fl);
}
