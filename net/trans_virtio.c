// SPDX-License-Identifier: GPL-2.0-only
/*
 * ninep virtio transport: one virtqueue per 9P device (QEMU -virtfs).
 *
 * Each request goes to the device as one chain: the T-message readable,
 * the reply buffer writable.  The device hands the chain back with the
 * reply length; the chain's token is the request.  A device serves one
 * mount at a time, chosen by its mount tag.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/virtio.h>
#include <linux/virtio_config.h>
#include <linux/virtio_ids.h>
#include <uapi/linux/virtio_9p.h>
#include <uapi/linux/virtio_ring.h>
#include <ninep/transport.h>

/* the largest message a chain carries: one page per descriptor */
#define NP_VIRTIO_MAXSIZE	(2 * 1024 * 1024)
#define NP_VIRTIO_ONSTACK_SG	4

struct np_vchan {
	struct virtio_device *vdev;	/* NULL once the device is gone */
	struct virtqueue *vq;
	spinlock_t lock;		/* vq, dead, ring_full, unkicked */
	bool dead;
	bool ring_full;
	bool unkicked;			/* held requests queued, not notified */
	wait_queue_head_t ring_wq;
	struct np_client *clnt;		/* mount using it, or NULL */
	char *tag;
	struct list_head link;
};

static LIST_HEAD(np_vchans);
static DEFINE_MUTEX(np_vchans_lock);	/* list, clnt, vdev */

static void np_vchan_done(struct virtqueue *vq)
{
	struct np_vchan *chan = vq->vdev->priv;
	struct np_req *req;
	unsigned long flags;
	unsigned int len;

	for (;;) {
		spin_lock_irqsave(&chan->lock, flags);
		req = virtqueue_get_buf(vq, &len);
		if (req)
			chan->ring_full = false;
		spin_unlock_irqrestore(&chan->lock, flags);
		if (!req)
			break;
		np_req_complete(req, len, 0);
	}
	wake_up(&chan->ring_wq);
}

/* under chan->lock */
static void np_vchan_kick(struct np_vchan *chan)
{
	chan->unkicked = false;
	if (virtqueue_kick_prepare(chan->vq))
		virtqueue_notify(chan->vq);
}

static void np_virtio_push(struct np_client *clnt)
{
	struct np_vchan *chan = clnt->trans_priv;
	unsigned long flags;

	if (!READ_ONCE(chan->unkicked))
		return;
	spin_lock_irqsave(&chan->lock, flags);
	if (chan->unkicked && !chan->dead)
		np_vchan_kick(chan);
	spin_unlock_irqrestore(&chan->lock, flags);
}

/* describe buf (kmalloc'd or vmalloc'd) as a scatterlist: entries used */
static int np_vchan_map(struct scatterlist *sg, int max, void *buf, u32 len)
{
	int n = 0;

	if (!is_vmalloc_addr(buf)) {
		sg_set_buf(sg, buf, len);
		return 1;
	}
	while (len && n < max) {
		u32 off = offset_in_page(buf);
		u32 part = min_t(u32, len, PAGE_SIZE - off);

		sg_set_page(&sg[n++], vmalloc_to_page(buf), part, off);
		buf += part;
		len -= part;
	}
	return len ? -EMSGSIZE : n;
}

static int np_vchan_nents(void *buf, u32 len)
{
	if (!is_vmalloc_addr(buf))
		return 1;
	return DIV_ROUND_UP(offset_in_page(buf) + len, PAGE_SIZE);
}

static int np_virtio_request(struct np_client *clnt, struct np_req *req)
{
	struct np_vchan *chan = clnt->trans_priv;
	struct scatterlist stack_sg[NP_VIRTIO_ONSTACK_SG], *sg = stack_sg;
	struct scatterlist *sgs[2];
	int nout, nin, total, err;
	unsigned long flags;

	nout = np_vchan_nents(req->tc.data, req->tc.pos);
	nin = np_vchan_nents(req->rc.data, req->rc_cap);
	total = nout + nin;
	if (total > NP_VIRTIO_ONSTACK_SG) {
		sg = kmalloc_array(total, sizeof(*sg), GFP_NOFS);
		if (!sg)
			return -ENOMEM;
	}
	sg_init_table(sg, nout);
	sg_init_table(sg + nout, nin);
	err = np_vchan_map(sg, nout, req->tc.data, req->tc.pos);
	if (err >= 0)
		err = np_vchan_map(sg + nout, nin, req->rc.data, req->rc_cap);
	if (err < 0)
		goto out;
	sgs[0] = sg;
	sgs[1] = sg + nout;

	for (;;) {
		spin_lock_irqsave(&chan->lock, flags);
		if (chan->dead) {
			spin_unlock_irqrestore(&chan->lock, flags);
			err = -EIO;
			break;
		}
		err = virtqueue_add_sgs(chan->vq, sgs, 1, 1, req, GFP_ATOMIC);
		if (err == -ENOSPC) {
			/* nothing in flight to wait for: it can never fit */
			if (chan->vq->num_free ==
			    virtqueue_get_vring_size(chan->vq))
				err = -ENOMEM;
			else
				chan->ring_full = true;
		}
		/*
		 * Notify under the lock: remove() frees the queue under it.
		 * A held request waits for the next notification (or push),
		 * unless the ring is full and we are about to wait for it.
		 */
		if (!err && req->held)
			chan->unkicked = true;
		else
			np_vchan_kick(chan);
		spin_unlock_irqrestore(&chan->lock, flags);
		if (err != -ENOSPC)
			break;
		/* the ring is full: wait for the device to return a chain */
		if (req->nointr) {
			wait_event(chan->ring_wq, !READ_ONCE(chan->ring_full) ||
				   READ_ONCE(chan->dead));
			continue;
		}
		err = wait_event_killable(chan->ring_wq,
					  !READ_ONCE(chan->ring_full) ||
					  READ_ONCE(chan->dead));
		if (err)
			break;
	}
out:
	if (sg != stack_sg)
		kfree(sg);
	return err;
}

/*
 * Without indirect descriptors a chain takes one ring slot per page of
 * each buffer (large buffers may be vmalloc'd): both must fit the ring.
 */
static u32 np_vchan_maxsize(struct np_vchan *chan)
{
	unsigned int slots = virtqueue_get_vring_size(chan->vq);

	if (virtio_has_feature(chan->vdev, VIRTIO_RING_F_INDIRECT_DESC))
		return NP_VIRTIO_MAXSIZE;
	return max_t(u32, (slots / 2 - 1) * PAGE_SIZE, NP_MIN_MSIZE);
}

static int np_virtio_create(struct np_client *clnt, const char *devname,
			    const struct np_client_opts *opts)
{
	struct np_vchan *chan;
	bool busy = false;
	int err = -ENOENT;

	mutex_lock(&np_vchans_lock);
	list_for_each_entry(chan, &np_vchans, link) {
		if (!chan->vdev || strcmp(chan->tag, devname))
			continue;
		if (chan->clnt) {
			busy = true;
			continue;
		}
		chan->clnt = clnt;
		clnt->trans_priv = chan;
		clnt->msize = min(clnt->msize, np_vchan_maxsize(chan));
		err = 0;
		break;
	}
	mutex_unlock(&np_vchans_lock);
	if (err) {
		if (busy)
			err = -EBUSY;
		pr_err("ninep: no %svirtio 9P device with mount tag \"%s\"\n",
		       busy ? "free " : "", devname);
	}
	return err;
}

static void np_vchan_free(struct np_vchan *chan)
{
	kfree(chan->tag);
	kfree(chan);
}

static void np_virtio_close(struct np_client *clnt)
{
	struct np_vchan *chan = clnt->trans_priv;

	mutex_lock(&np_vchans_lock);
	chan->clnt = NULL;
	clnt->trans_priv = NULL;
	if (!chan->vdev) {
		/* the device went away while mounted */
		list_del(&chan->link);
		np_vchan_free(chan);
	}
	mutex_unlock(&np_vchans_lock);
}

static struct np_trans_ops np_virtio_ops = {
	.name = "virtio",
	.owner = THIS_MODULE,
	.maxsize = NP_VIRTIO_MAXSIZE,
	.keeps_reqs = true,
	.create = np_virtio_create,
	.close = np_virtio_close,
	.request = np_virtio_request,
	.push = np_virtio_push,
};

static ssize_t mount_tag_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct virtio_device *vdev = dev_to_virtio(dev);
	struct np_vchan *chan = vdev->priv;

	return sysfs_emit(buf, "%s\n", chan->tag);
}
static DEVICE_ATTR_RO(mount_tag);

static struct attribute *np_virtio_attrs[] = {
	&dev_attr_mount_tag.attr,
	NULL,
};
ATTRIBUTE_GROUPS(np_virtio);

static int np_virtio_probe(struct virtio_device *vdev)
{
	struct np_vchan *chan;
	u16 len;
	int err;

	if (!virtio_has_feature(vdev, VIRTIO_9P_MOUNT_TAG)) {
		dev_err(&vdev->dev, "9P device without a mount tag\n");
		return -EINVAL;
	}
	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return -ENOMEM;
	spin_lock_init(&chan->lock);
	init_waitqueue_head(&chan->ring_wq);
	INIT_LIST_HEAD(&chan->link);

	virtio_cread(vdev, struct virtio_9p_config, tag_len, &len);
	if (!len) {
		err = -EINVAL;
		goto free;
	}
	chan->tag = kzalloc(len + 1, GFP_KERNEL);
	if (!chan->tag) {
		err = -ENOMEM;
		goto free;
	}
	virtio_cread_bytes(vdev, offsetof(struct virtio_9p_config, tag),
			   chan->tag, len);
	if (strlen(chan->tag) != len) {
		dev_err(&vdev->dev, "mount tag contains a NUL byte\n");
		err = -EINVAL;
		goto free;
	}

	chan->vq = virtio_find_single_vq(vdev, np_vchan_done, "requests");
	if (IS_ERR(chan->vq)) {
		err = PTR_ERR(chan->vq);
		goto free;
	}
	chan->vdev = vdev;
	vdev->priv = chan;
	virtio_device_ready(vdev);

	mutex_lock(&np_vchans_lock);
	list_add_tail(&chan->link, &np_vchans);
	mutex_unlock(&np_vchans_lock);
	return 0;
free:
	np_vchan_free(chan);
	return err;
}

static void np_virtio_remove(struct virtio_device *vdev)
{
	struct np_vchan *chan = vdev->priv;
	struct np_client *clnt;
	struct np_req *req;
	unsigned long flags;

	spin_lock_irqsave(&chan->lock, flags);
	chan->dead = true;
	spin_unlock_irqrestore(&chan->lock, flags);
	wake_up_all(&chan->ring_wq);

	/* no more callbacks after the reset: fail what is still queued */
	virtio_reset_device(vdev);
	mutex_lock(&np_vchans_lock);
	clnt = chan->clnt;
	if (clnt) {
		dev_warn(&vdev->dev, "9P device \"%s\" removed while mounted\n",
			 chan->tag);
		np_client_disconnect(clnt, -EIO);
	}
	/* the device is gone: every chain it held comes back to us now */
	while ((req = virtqueue_detach_unused_buf(chan->vq)))
		np_req_complete(req, 0, -EIO);
	vdev->config->del_vqs(vdev);
	chan->vdev = NULL;
	chan->vq = NULL;
	if (!clnt) {
		list_del(&chan->link);
		np_vchan_free(chan);
	}
	mutex_unlock(&np_vchans_lock);
}

static const struct virtio_device_id np_virtio_ids[] = {
	{ VIRTIO_ID_9P, VIRTIO_DEV_ANY_ID },
	{ 0 },
};
MODULE_DEVICE_TABLE(virtio, np_virtio_ids);

static unsigned int np_virtio_features[] = {
	VIRTIO_9P_MOUNT_TAG,
};

static struct virtio_driver np_virtio_driver = {
	.feature_table = np_virtio_features,
	.feature_table_size = ARRAY_SIZE(np_virtio_features),
	.driver.name = "ninep_virtio",
	.driver.dev_groups = np_virtio_groups,
	.id_table = np_virtio_ids,
	.probe = np_virtio_probe,
	.remove = np_virtio_remove,
};

int np_trans_virtio_init(void)
{
	int err = register_virtio_driver(&np_virtio_driver);

	if (err)
		return err;
	np_register_trans(&np_virtio_ops);
	return 0;
}

void np_trans_virtio_exit(void)
{
	np_unregister_trans(&np_virtio_ops);
	unregister_virtio_driver(&np_virtio_driver);
}
