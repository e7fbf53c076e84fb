// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep transport registry: transports register an ops table, the client
 * core looks them up by the name given in trans=.
 */
#include <linux/module.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <ninep/transport.h>

static LIST_HEAD(np_transports);
static DEFINE_MUTEX(np_trans_lock);

int np_register_trans(struct np_trans_ops *t)
{
	mutex_lock(&np_trans_lock);
	list_add_tail(&t->list, &np_transports);
	mutex_unlock(&np_trans_lock);
	return 0;
}
EXPORT_SYMBOL_GPL(np_register_trans);

void np_unregister_trans(struct np_trans_ops *t)
{
	mutex_lock(&np_trans_lock);
	list_del_init(&t->list);
	mutex_unlock(&np_trans_lock);
}
EXPORT_SYMBOL_GPL(np_unregister_trans);

const struct np_trans_ops *np_get_trans(const char *name)
{
	struct np_trans_ops *t, *found = NULL;

	mutex_lock(&np_trans_lock);
	list_for_each_entry(t, &np_transports, list) {
		if (!strcmp(t->name, name) && try_module_get(t->owner)) {
			found = t;
			break;
		}
	}
	mutex_unlock(&np_trans_lock);
	return found;
}
EXPORT_SYMBOL_GPL(np_get_trans);

void np_put_trans(const struct np_trans_ops *t)
{
	if (t)
		module_put(t->owner);
}
EXPORT_SYMBOL_GPL(np_put_trans);
