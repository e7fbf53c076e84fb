#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest: count the 9P requests each operation costs, for ninep (its
# per-mount counters) and the in-tree v9fs (its 9p_client_req tracepoint),
# over two virtio devices exporting the same host folder.
#
# Usage: rpc-count.sh KO NINEP_TAG V9FS_TAG
# The export holds: dir/ with 100 files f000..f099, small (12 bytes),
# big (8 MiB).  Prints one line per (filesystem, mode, operation).

KO=$1
NT=$2
VT=$3
M=/mnt/b
mkdir -p $M
VDRV=/sys/bus/virtio/drivers
TR=/sys/kernel/tracing
[ -d $TR/events ] || mount -t tracefs tracefs $TR

dev_of() {
	for d in /sys/bus/virtio/devices/*; do
		[ "$(cat $d/mount_tag 2>/dev/null)" = "$1" ] && basename $d && return
	done
}
insmod $KO fstype=ninep || exit 1
D=$(dev_of $NT)
echo $D > $VDRV/9pnet_virtio/unbind
echo $D > $VDRV/ninep_virtio/bind

# total requests so far on the mount at $M
count() {
	case $FS in
	ninep)
		grep -A3 "on $M with fstype ninep" /proc/self/mountstats |
			sed -n 's/.*requests://p' | tr ' ' '\n' |
			awk -F= '{ s += $2 } END { print s + 0 }' ;;
	v9fs)
		grep -c 9p_client_req $TR/trace ;;
	esac
}

mnt() {
	case $FS in
	ninep) mount -t ninep -o trans=virtio$1 $NT $M ;;
	v9fs) mount -t 9p -o trans=virtio,version=9p2000.L$1 $VT $M ;;
	esac
}

# measure NAME CMD: requests CMD costs on the current mount
measure() {
	name=$1
	shift
	b=$(count)
	eval "$@" > /dev/null 2>&1
	a=$(count)
	echo "rpc $FS $MODE $name $((a - b))"
}

run() { # mount-options
	mnt "$1" || { echo "rpc $FS $MODE mount-failed"; return; }
	measure stat-cold "stat $M/dir/f001"
	measure stat-warm "stat $M/dir/f001"
	measure cat-cold "cat $M/small"
	measure cat-warm "cat $M/small"
	measure ls-l-100-cold "ls -l $M/dir"
	measure ls-l-100-warm "ls -l $M/dir"
	# the attribute timeout (cache=coherent: 1 s) has passed
	measure ls-l-100-expired "sleep 1.2; ls -l $M/dir"
	measure read-8MiB-cold "cat $M/big"
	measure read-8MiB-warm "cat $M/big"
	# 256 write(2)s of 4 KiB into a new file, close included
	measure write-1MiB-4k "dd if=/dev/zero of=$M/wout bs=4096 count=256"
	rm -f $M/wout
	umount $M
}

echo 1 > $TR/events/9p/9p_client_req/enable 2>/dev/null
echo 65536 > $TR/buffer_size_kb

FS=ninep
for MODE in coherent none loose; do
	run ",cache=$MODE"
done
FS=v9fs
for MODE in none loose; do
	echo > $TR/trace
	run ",cache=$MODE"
done
