#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest: the randomized data checker and namespace stressor on a ninep
# mount of TAG.  Usage: stress.sh TAG STRESS_BINARY OPS
TAG=$1
BIN=$2
OPS=${3:-3000}
M=/mnt/stress
mkdir -p $M
mount -t 9p -o trans=virtio $TAG $M || { echo "not ok - mount"; exit 1; }
mkdir -p $M/data $M/names
$BIN data $M/data 1 4 $OPS
$BIN data $M/data 2 2 $OPS
$BIN names $M/names 3 4 $OPS > /tmp/names.out
grep -v '^tree ' /tmp/names.out
grep '^tree ' /tmp/names.out > /tmp/before
# the cached view must equal what a fresh mount reads from the server
umount $M && mount -t 9p -o trans=virtio $TAG $M
$BIN tree $M/names > /tmp/after
if [ -s /tmp/before ] && diff /tmp/before /tmp/after; then
	echo "ok - names: cached tree equals the server's ($(wc -l < /tmp/after) names)"
else
	echo "not ok - names: cached tree differs from the server's"
fi
umount $M
