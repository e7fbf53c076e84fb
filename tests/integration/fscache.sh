#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest: cache=fscache.  A cachefiles cache on an ext4 disk (/dev/vda)
# keeps file data across page-cache drops and remounts; what the host
# changes meanwhile (tests/integration/host-agent on /dev/ttyS1) and what
# the guest writes must never be served stale from it.  Tags cohs and coho
# export the same host folder.  Prints "ok - NAME" / "not ok - NAME" and a
# plan.
#
# Usage: fscache.sh KO

KO=$1
F=/mnt/f
F2=/mnt/f2
C=/cache

. /bin/guestlib.sh

mnt() { mount -t 9p -o trans=virtio,cache=fscache${2:+,$2} "$1" "$3"; }
remount() { umount $F && mnt cohs "" $F; }
drop() { sync && echo 3 >/proc/sys/vm/drop_caches; }
gmd5() { md5sum <"$1" | cut -d' ' -f1; }
# CASE: file $1 reads as host's md5 $2, with (yes) or without (no) Treads
reads() {
	r=$(cnt $F Tread)
	m=$(gmd5 "$F/$1")
	[ "$m" = "$2" ] || fail "$1: md5 $m, host $2"
	n=$(( $(cnt $F Tread) - r ))
	echo "  $1: $n Treads"
	case $3 in
	no) [ $n = 0 ] || fail "$1: $n Treads, want 0 (from the cache)" ;;
	yes) [ $n -gt 0 ] || fail "$1: no Tread, want the server's bytes" ;;
	esac
}

insmod "$KO" || { echo "not ok - insmod"; exit 1; }
mkdir -p $F $F2 $C
mount -t ext4 /dev/vda $C || { echo "not ok - mount the cache disk"; exit 1; }
echo "1..11"

# before a cache is bound: the mount works, every read goes to the server
case_unbound() {
	mnt cohs "" $F || return 1
	grep -q " $F 9p .*cache=fscache" /proc/mounts ||
		fail "not in /proc/mounts: $(grep " $F " /proc/mounts)"
	host fill u1 200000 1 || return 1
	reads u1 "$HV" yes
	drop
	reads u1 "$HV" yes
	umount $F
}
t "no cache bound: mounts, reads from the server" case_unbound

# bind cachefiles as cachefilesd would; the cache lives while fd 4 is open
exec 4<>/dev/cachefiles || { echo "not ok - open /dev/cachefiles"; exit 1; }
for c in "dir $C" "tag ninep" "bind"; do
	echo "$c" >&4 || { echo "not ok - cachefiles: $c"; exit 1; }
done
mnt cohs "" $F || { echo "not ok - mount cache=fscache"; exit 1; }

# read once from the server; later reads come from the cache
case_cached() {
	host fill c1 1048576 2 || return 1
	C1=$HV
	reads c1 "$C1" yes
	drop
	reads c1 "$C1" no
}
t "read fills the cache: no Tread after the page cache is dropped" case_cached

case_persistent() {
	remount || return 1
	reads c1 "$C1" no
	grep -q "ninep,virtio,cohs," /proc/fs/fscache/volumes ||
		fail "volume: $(cat /proc/fs/fscache/volumes)"
}
t "cache kept across unmount and mount" case_persistent

# the host rewrites bytes in place and puts mtime back: ctime tells
case_host_poke() {
	host fill p1 300000 3 && reads p1 "$HV" yes && drop || return 1
	umount $F || return 1
	host poke p1 123456 CHANGED-ON-THE-HOST && host md5 p1 || return 1
	mnt cohs "" $F || return 1
	reads p1 "$HV" yes
}
t "host rewrite keeping size and mtime: not served from the cache" case_host_poke

# the same while mounted and the file held open, its attributes read
# again after a chmod: the new ctime must drop the cached copy, or the
# old bytes would be stored under the server's current coherency data
case_host_poke_mounted() {
	host fill p2 300000 8 && reads p2 "$HV" yes && sync || return 1
	exec 5<$F/p2
	host poke p2 4096 CHANGED-WHILE-MOUNTED && host md5 p2 || return 1
	chmod 600 $F/p2 && stat $F/p2 >/dev/null || return 1
	exec 5<&-
	remount || return 1
	reads p2 "$HV" yes
}
t "host rewrite seen by a refresh while mounted: cache dropped" case_host_poke_mounted

case_host_append() {
	host fill a1 100000 4 && reads a1 "$HV" yes && drop || return 1
	umount $F || return 1
	host append a1 more && host md5 a1 || return 1
	mnt cohs "" $F || return 1
	reads a1 "$HV" yes
}
t "host append while unmounted: not served from the cache" case_host_append

# guest writes reach the server; the cache never brings old bytes back
case_guest_write() {
	host fill w1 200000 5 && reads w1 "$HV" yes && drop || return 1
	printf 'written by the guest' |
		dd of=$F/w1 bs=1 seek=70000 conv=notrunc 2>/dev/null || return 1
	host md5 w1 || return 1
	[ "$(gmd5 $F/w1)" = "$HV" ] || fail "guest and host differ after close"
	drop
	reads w1 "$HV" ""
	remount || return 1
	reads w1 "$HV" ""
}
t "guest write: host has it, cache never stale (drop, remount)" case_guest_write

case_truncate() {
	host fill t1 300000 6 && reads t1 "$HV" yes && drop || return 1
	truncate -s 5000 $F/t1 || return 1
	host size t1 && [ "$HV" = 5000 ] || fail "host size $HV"
	host md5 t1 || return 1
	reads t1 "$HV" ""
	drop
	reads t1 "$HV" ""
	truncate -s 9000 $F/t1 || return 1
	host md5 t1 || return 1
	drop
	reads t1 "$HV" ""
	remount || return 1
	reads t1 "$HV" ""
}
t "truncate down and up: cache follows" case_truncate

# O_DIRECT bypasses the page cache: the cached copy must not be used
case_odirect() {
	host fill d1 65536 7 && reads d1 "$HV" yes && drop || return 1
	dd if=/dev/zero of=$F/d1 bs=4096 seek=3 count=1 oflag=direct \
		conv=notrunc 2>/dev/null || return 1
	host md5 d1 || return 1
	drop
	reads d1 "$HV" ""
	remount || return 1
	reads d1 "$HV" ""
}
t "O_DIRECT write: cached data dropped" case_odirect

# two mounts naming one volume cannot share it: the second is uncached
case_second_mount() {
	mnt coho cachetag=dup $F2 || return 1
	mkdir -p /mnt/f3
	dmesg -c >/dev/null
	mnt cohl cachetag=dup /mnt/f3 || { umount $F2; return 1; }
	dmesg | grep -q 'cache volume "ninep,dup" is in use by another mount' ||
		fail "no warning in the kernel log"
	host md5 c1 || return 1
	for i in 1 2; do
		r=$(cnt /mnt/f3 Tread)
		[ "$(gmd5 /mnt/f3/c1)" = "$HV" ] || fail "second mount reads other bytes"
		[ "$(cnt /mnt/f3 Tread)" -gt "$r" ] || fail "read $i sent no Tread"
		drop
	done
	umount /mnt/f3
	umount $F2
}
t "second mount of one cache volume: works, uncached, says so" case_second_mount

case_cachetag() {
	mnt coho cachetag=other-name $F2 || return 1
	grep -q " $F2 9p .*cachetag=other-name" /proc/mounts ||
		fail "not in /proc/mounts: $(grep " $F2 " /proc/mounts)"
	grep -q "ninep,other-name" /proc/fs/fscache/volumes ||
		fail "volume: $(cat /proc/fs/fscache/volumes)"
	umount $F2
	mnt coho cachetag=a/b $F2 2>/dev/null && { umount $F2; fail "cachetag=a/b accepted"; }
	return 0
}
t "cachetag= names the cache volume" case_cachetag

umount $F
exec 4>&-
echo "fscache stats:"
sed -n '1,12p' /proc/fs/fscache/stats 2>/dev/null
