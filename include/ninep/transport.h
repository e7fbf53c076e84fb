/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ninep transports.  A transport moves whole messages between np_req
 * buffers and a server; the client core owns tags, flush, timeouts and the
 * reply parsing.  Each transport registers one ops table.
 */
#ifndef _NINEP_TRANSPORT_H
#define _NINEP_TRANSPORT_H

#include <linux/list.h>
#include <ninep/client.h>

struct np_trans_ops {
	const char *name;
	struct module *owner;
	/* largest msize the transport can carry */
	u32 maxsize;
	/*
	 * The transport owns a sent request's buffers until it completes it
	 * (virtio: the device writes into the reply buffer).  When the core
	 * fails a request early (flush, disconnect, timeout) it then keeps
	 * the transport's reference; otherwise it releases it.
	 */
	bool keeps_reqs;
	/* attach to the channel named by devname; may lower clnt->msize */
	int (*create)(struct np_client *clnt, const char *devname,
		      const struct np_client_opts *opts);
	/* detach; no request is outstanding when this is called */
	void (*close)(struct np_client *clnt);
	/*
	 * Queue req for sending.  Its reply (or failure) is reported with
	 * np_req_complete().  May sleep.  Returns 0 or an errno when the
	 * request was not queued (then it is not completed).
	 */
	int (*request)(struct np_client *clnt, struct np_req *req);
	/*
	 * Optional.  request() may hold back telling the server about a
	 * req->held request until it queues one that is not, or until push()
	 * (process context).  Without push(), nothing is held.
	 */
	void (*push)(struct np_client *clnt);
	/* take back a request not yet sent: true if it was */
	bool (*cancel)(struct np_client *clnt, struct np_req *req);
	/*
	 * Optional: the client was just declared dead (any context, must not
	 * sleep).  Requests the transport still references must be let go
	 * soon: unmount waits for every request to be freed before close().
	 */
	void (*disconnect)(struct np_client *clnt);
	struct list_head list;
};

int np_register_trans(struct np_trans_ops *t);
void np_unregister_trans(struct np_trans_ops *t);
const struct np_trans_ops *np_get_trans(const char *name);
void np_put_trans(const struct np_trans_ops *t);

int np_trans_virtio_init(void);
void np_trans_virtio_exit(void);
int np_trans_fd_init(void);
void np_trans_fd_exit(void);

#endif /* _NINEP_TRANSPORT_H */
