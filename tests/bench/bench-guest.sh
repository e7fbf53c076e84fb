#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest half of scripts/bench: mounts ext4 (/dev/vda, which also holds the
# toolchain root and the cachefiles cache of cache=fscache), ninep in each
# cache mode and v9fs (none, loose) under /disk/m, then runs
# tests/bench/bench-run.sh chrooted into /disk.
#
# Usage: bench-guest.sh ROUNDS [FILESYSTEMS]
ROUNDS=$1
FSES=$2
VDRV=/sys/bus/virtio/drivers
set -e
mkdir -p /disk
mount -t ext4 /dev/vda /disk
cp /bench/* /disk/bench/
mv /disk/bench/timeit /disk/usr/bin/timeit
insmod /lib/ninep.ko fstype=ninep

dev_of() {
	for d in /sys/bus/virtio/devices/*; do
		[ "$(cat $d/mount_tag 2>/dev/null)" = "$1" ] && basename $d && return
	done
}
ninep() { # tag name options
	d=$(dev_of $1)
	echo $d >$VDRV/9pnet_virtio/unbind
	echo $d >$VDRV/ninep_virtio/bind
	mkdir -p /disk/m/ninep-$2
	mount -t ninep -o trans=virtio,$3 $1 /disk/m/ninep-$2
}
v9fs() { # tag mode
	mkdir -p /disk/m/v9fs-$2
	mount -t 9p -o trans=virtio,version=9p2000.L,cache=$2 $1 /disk/m/v9fs-$2
}
ninep nc coherent cache=coherent
ninep np nordirplus cache=coherent,nordirplus
ninep nn none cache=none
ninep nl loose cache=loose
ninep nr readahead cache=readahead
ninep nm mmap cache=mmap
# cache=fscache: a cachefiles cache on the ext4 disk, bound as cachefilesd
# would; it lives while fd 4 is open
mkdir -p /disk/fscache
exec 4<>/dev/cachefiles
for c in "dir /disk/fscache" "tag bench" "bind"; do echo "$c" >&4; done
ninep nf fscache cache=fscache
v9fs vn none
v9fs vl loose
mount -t proc proc /disk/proc
mount -t sysfs sys /disk/sys
mount -t devtmpfs dev /disk/dev
mount -t tracefs tracefs /disk/sys/kernel/tracing
echo 1 >/disk/sys/kernel/tracing/events/9p/9p_client_req/enable
echo 65536 >/disk/sys/kernel/tracing/buffer_size_kb
set +e
chroot /disk /bin/sh /bench/bench-run.sh "$ROUNDS" "$FSES"
r=$?
umount /disk/sys/kernel/tracing /disk/dev /disk/sys /disk/proc
for m in /disk/m/*; do umount $m; done
exec 4>&-
umount /disk
exit $r
