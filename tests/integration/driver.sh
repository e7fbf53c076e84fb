#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest tests of ninep's module and virtio driver: mount tags in sysfs,
# several devices at once, moving a device between the in-tree driver and
# ours, unbinding and hot-unplugging a device under a mount, mount option
# errors, /proc/mounts, module unload and reload.
#
# Usage (in the guest): driver.sh KO TAG1 TAG2
#   KO    path of ninep.ko (not loaded yet; netfs and 9pnet_virtio are)
#   TAG1  mount tag of an export holding a file "hello" with "hello world"
#   TAG2  mount tag of a second export holding a file "second"
# Prints "ok - NAME" / "not ok - NAME" per case.

KO=$1
TAG1=$2
TAG2=$3
M1=/mnt/d1
M2=/mnt/d2
mkdir -p $M1 $M2
VDRV=/sys/bus/virtio/drivers

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1${2:+ # $2}"; }
check() { name=$1; shift; if "$@"; then ok "$name"; else nok "$name"; fi; }

# the virtio device with mount tag $1, whichever driver holds it
dev_of() {
	for d in /sys/bus/virtio/devices/*; do
		[ "$(cat $d/device 2>/dev/null)" = 0x0009 ] || continue
		for t in $d/mount_tag; do
			[ "$(cat $t 2>/dev/null)" = "$1" ] && basename $d && return 0
		done
	done
	return 1
}

drv_of() {
	basename "$(readlink /sys/bus/virtio/devices/$1/driver)"
}

# start with every 9P device on 9pnet_virtio, then load ninep: the devices
# stay where they are until moved
D1=$(dev_of $TAG1)
D2=$(dev_of $TAG2)
check "devices found by mount tag under 9pnet_virtio" \
	test -n "$D1" -a -n "$D2"

check "insmod ninep" insmod $KO
check "ninep_virtio driver registered" test -d $VDRV/ninep_virtio

move() { # dev from to
	echo $1 > $VDRV/$2/unbind && echo $1 > $VDRV/$3/bind
}

check "move device 1 to ninep_virtio" move $D1 9pnet_virtio ninep_virtio
check "move device 2 to ninep_virtio" move $D2 9pnet_virtio ninep_virtio
check "device 1 bound to ninep_virtio" test "$(drv_of $D1)" = ninep_virtio
check "mount_tag 1 in sysfs" \
	test "$(cat /sys/bus/virtio/devices/$D1/mount_tag)" = "$TAG1"
check "mount_tag 2 in sysfs" \
	test "$(cat /sys/bus/virtio/devices/$D2/mount_tag)" = "$TAG2"

check "mount device 1" mount -t 9p -o trans=virtio $TAG1 $M1
check "mount device 2 at the same time" mount -t 9p -o trans=virtio $TAG2 $M2
check "read through device 1" test "$(cat $M1/hello)" = "hello world"
check "read through device 2" test -f $M2/second
check "second mount of a busy device refused" \
	sh -c "! mount -t 9p -o trans=virtio $TAG1 /mnt 2>/dev/null"

opts=$(grep " $M1 9p " /proc/mounts)
check "/proc/mounts shows trans, msize, version, access, cache" \
	sh -c "echo '$opts' | grep -q 'trans=virtio,msize=[0-9]*,version=9p2000.L' &&
	       echo '$opts' | grep -q 'access=user' &&
	       echo '$opts' | grep -q 'cache=coherent'"
check "mountstats counts requests by type" \
	sh -c "grep -A3 'mounted on $M1 with fstype 9p' /proc/self/mountstats |
	       grep -q 'Tattach=1'"
check "rmmod refused while mounted" sh -c "! rmmod ninep 2>/dev/null"

# bad options: each fails with a message in the kernel log
badopt() { # option expected-log-text
	dmesg -c > /dev/null
	if mount -t 9p -o "trans=virtio,$1" $TAG1 /mnt 2>/dev/null; then
		umount /mnt
		return 1
	fi
	dmesg | grep -q "$2"
}
umount $M1
check "unknown option refused with a message" badopt bogus=1 "bogus"
check "version=9p2000.u refused" badopt version=9p2000.u "9p2000.u"
check "msize below 4096 refused" badopt msize=100 "msize"
check "malformed access= refused" badopt access=nobody "access"
check "cachetag= with a / refused" badopt cache=fscache,cachetag=a/b "cachetag"
check "unknown transport refused" badopt trans=carrier-pigeon "carrier-pigeon"
dmesg -c > /dev/null
check "unknown mount tag refused" \
	sh -c "! mount -t 9p -o trans=virtio no-such-tag /mnt 2>/dev/null"
check "unknown mount tag named in the log" \
	sh -c "dmesg | grep -q no-such-tag"

check "mount with msize=8192" mount -t 9p -o trans=virtio,msize=8192 $TAG1 $M1
check "msize=8192 in /proc/mounts" grep -q "$M1 9p .*msize=8192" /proc/mounts
check "read with msize=8192" test "$(cat $M1/hello)" = "hello world"

# a device unbound under a mount: operations fail, nothing hangs, and
# the mount can still be unmounted
echo $D1 > $VDRV/ninep_virtio/unbind
check "unbound device: mount fails with EIO, no hang" \
	sh -c "! ls $M1/ > /dev/null 2>&1 && ! cat $M1/hello > /dev/null 2>&1"
check "unbound device: umount works" umount $M1
check "unbound device: rebind to the in-tree driver" \
	sh -c "echo $D1 > $VDRV/9pnet_virtio/bind"
check "in-tree driver sees the mount tag" \
	test "$(cat /sys/bus/virtio/devices/$D1/mount_tag)" = "$TAG1"
check "move back to ninep_virtio" move $D1 9pnet_virtio ninep_virtio
check "mount again after the move" mount -t 9p -o trans=virtio $TAG1 $M1
check "read after the move" test "$(cat $M1/hello)" = "hello world"

# hot-unplug: remove the PCI function under a mount (what an ACPI eject
# does in the guest), then rescan the bus to plug it back in
PCI=$(readlink -f /sys/bus/virtio/devices/$D2/..)
check "PCI function of device 2 found" test -e "$PCI/remove"
( cd $M2 && sleep 30 ) &
BUSY=$!
echo 1 > "$PCI/remove"
check "hot-unplugged device: mount fails with EIO, no hang" \
	sh -c "! ls $M2/ > /dev/null 2>&1"
kill $BUSY 2>/dev/null; wait $BUSY 2>/dev/null
check "hot-unplugged device: umount works" umount $M2
echo 1 > /sys/bus/pci/rescan
sleep 1
D2=$(dev_of $TAG2)
check "device 2 back after rescan" test -n "$D2"
# the in-tree driver registered first and may have taken it: move it
[ "$(drv_of $D2)" = 9pnet_virtio ] && move $D2 9pnet_virtio ninep_virtio
check "replugged device bound to ninep_virtio" \
	test "$(drv_of $D2)" = ninep_virtio
check "mount the replugged device" mount -t 9p -o trans=virtio $TAG2 $M2
check "read through the replugged device" test -f $M2/second

umount $M1
umount $M2
check "rmmod with devices bound" rmmod ninep
check "devices free after rmmod" \
	sh -c "test ! -e /sys/bus/virtio/devices/$D1/driver"
check "insmod again" insmod $KO
check "mount after reload" mount -t 9p -o trans=virtio $TAG2 $M2
check "read after reload" test -f $M2/second
umount $M2
check "rmmod again" rmmod ninep
