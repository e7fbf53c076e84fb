#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest: the randomized data checker and namespace stressor on a ninep
# mount of TAG; with CACHEDEV, the data checker once more on a cache=fscache
# mount with a cachefiles cache on CACHEDEV (an empty ext4 disk), the final
# compare after the page cache is dropped (FSCOPS operations per process,
# default OPS), then on a fresh mount over the same, now cached, files
# (FSCOPS / 4).
# Usage: stress.sh TAG STRESS_BINARY OPS [CACHEDEV [FSCOPS]]
TAG=$1
BIN=$2
OPS=${3:-3000}
CACHEDEV=$4
FSCOPS=${5:-$OPS}
M=/mnt/stress
mkdir -p $M
mount -t 9p -o trans=virtio $TAG $M || { echo "not ok - mount"; exit 1; }
# a run again after an emulator fault (tests/run-all) starts afresh too
rm -rf $M/data $M/names $M/race
mkdir -p $M/data $M/names
$BIN data $M/data 1 4 $OPS
$BIN data $M/data 2 2 $OPS
mkdir -p $M/race
$BIN openrace $M/race 1 8 1000
# files unlinked or replaced while in use live on under hidden names only
# until their last user is done
left=$(ls -A $M/race | grep -c '^\.ninep')
if [ "$left" = 0 ]; then
	echo "ok - openrace: no hidden names left"
else
	echo "not ok - openrace: $left hidden names left: $(ls -A $M/race)"
fi
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
[ -n "$CACHEDEV" ] || exit 0
mkdir -p /cache
mount -t ext4 "$CACHEDEV" /cache && exec 4<>/dev/cachefiles &&
	echo "dir /cache" >&4 && echo bind >&4 ||
	{ echo "not ok - fscache: bind a cachefiles cache on $CACHEDEV"; exit 1; }
mount -t 9p -o trans=virtio,cache=fscache $TAG $M ||
	{ echo "not ok - fscache: mount"; exit 1; }
mkdir -p $M/fsc
# the data checker on $M/fsc: fsc_data SEED OPS NAME
fsc_data() {
	STRESS_DROP_CACHES=1 $BIN data $M/fsc $1 4 $2 >/tmp/fsc.out
	rc=$?
	sed "s/ - data/ - $3 data/" /tmp/fsc.out
	[ $rc = 0 ] || echo "not ok - $3 data: exit status $rc"
}
fsc_data 4 $FSCOPS fscache
# again on a fresh mount: the files' cache objects now hold data, so reads
# look in them (a new object has nothing to read).  With seed 11, data.0
# truncates a grown file that is still open, then reads a hole made by a
# write past the new end: once served from the cache as the old bytes.
umount $M && mount -t 9p -o trans=virtio,cache=fscache $TAG $M ||
	{ echo "not ok - fscache: mount again"; exit 1; }
fsc_data 11 $((FSCOPS / 4)) "fscache cached"
umount $M
