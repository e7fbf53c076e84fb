#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest: cache coherence of cache=coherent against changes the host makes
# in the exported folder, ordered through tests/integration/host-agent on
# /dev/ttyS1.  The same folder is exported three times: "cohs" is mounted with
# the default timeouts (1 s), "cohl" with 30 s ones, so a test can tell
# "cached" (nothing asked within the timeout) from "seen" (after it, or at
# open); "coho" is for the option cases.  Prints "ok - NAME" /
# "not ok - NAME" and a plan.
#
# Usage: coherence.sh KO

KO=$1
S=/mnt/s
L=/mnt/l
LONG=attr_timeout=30,entry_timeout=30,negative_timeout=30

. /bin/guestlib.sh
# past the 1 s timeouts of $S, with a margin for a slow guest clock
expire() { sleep 2; }

insmod "$KO" || { echo "not ok - insmod"; exit 1; }
mkdir -p $S $L
mount -t 9p -o trans=virtio cohs $S || { echo "not ok - mount cohs"; exit 1; }
mount -t 9p -o trans=virtio,$LONG cohl $L || { echo "not ok - mount cohl"; exit 1; }
grep -q " $L 9p .*attr_timeout=30,entry_timeout=30,negative_timeout=30" \
	/proc/mounts || fail "timeouts not in /proc/mounts: $(grep " $L " /proc/mounts)"
echo "1..31"

case_options() {
	grep " $S 9p " /proc/mounts | grep -q "cache=coherent" ||
		fail "$(grep " $S " /proc/mounts)"
}
t "default mode is cache=coherent, timeouts shown when given" case_options

case_bad_options() {
	mkdir -p /mnt/x
	for o in attr_timeout=x entry_timeout=-1 negative_timeout=1.2345 \
		 attr_timeout=86401 attr_timeout= attr_timeout=.5; do
		if mount -t 9p -o trans=virtio,$o coho /mnt/x 2>/tmp/err; then
			umount /mnt/x
			fail "$o accepted"
			return 1
		fi
		grep -q "Invalid argument" /tmp/err || fail "$o: $(cat /tmp/err)" ||
			return 1
	done
	mount -t 9p -o trans=virtio,attr_timeout=0.25,entry_timeout=0 coho /mnt/x ||
		return 1
	grep " /mnt/x 9p " /proc/mounts | grep -q "attr_timeout=0.250,entry_timeout=0" ||
		fail "$(grep " /mnt/x " /proc/mounts)"
	r=$?
	umount /mnt/x
	return $r
}
t "malformed timeouts refused, fractions kept" case_bad_options

# within the attribute timeout a stat asks nothing and shows the cached size
case_attr_cached() {
	host write a1 1234 || return 1
	[ "$(size $L/a1)" = 4 ] || return 1
	host append a1 56 || return 1
	b=$(total $L)
	[ "$(size $L/a1)" = 4 ] || fail "size $(size $L/a1) within the timeout"
	[ "$(total $L)" = "$b" ] || fail "$(( $(total $L) - b )) requests for a cached stat"
}
t "stat within attr_timeout: cached, no request" case_attr_cached

# once the timeout is over, stat sees the host's change
case_attr_expires() {
	host write a2 1234 || return 1
	[ "$(size $S/a2)" = 4 ] || return 1
	host append a2 56789 || return 1
	expire
	[ "$(size $S/a2)" = 9 ] || fail "size $(size $S/a2) after the timeout"
}
t "stat after attr_timeout sees a host append" case_attr_expires

# close-to-open: a host write before open() is read, even with 30 s timeouts
case_cto_same_size() {
	host write c1 aaaa || return 1
	[ "$(cat $L/c1)" = aaaa ] || return 1
	host write c1 bbbb || return 1
	host touch c1 1000000000 || return 1
	[ "$(cat $L/c1)" = bbbb ] || fail "read $(cat $L/c1) after open"
}
t "open sees a same-size host rewrite (close-to-open)" case_cto_same_size

case_cto_mtime_only() {
	host write c2 xxxxxxxx || return 1
	[ "$(cat $L/c2)" = xxxxxxxx ] || return 1
	# same size, mtime moved by the write itself (ns resolution)
	host write c2 yyyyyyyy || return 1
	[ "$(cat $L/c2)" = yyyyyyyy ] || fail "read $(cat $L/c2) after open"
}
t "open sees a host rewrite that changed only mtime" case_cto_mtime_only

case_cto_grow() {
	host write c3 short || return 1
	[ "$(cat $L/c3)" = short ] || return 1
	host append c3 -and-longer || return 1
	[ "$(cat $L/c3)" = short-and-longer ] || fail "read $(cat $L/c3)"
}
t "open sees a host append" case_cto_grow

# an unchanged file keeps its pages: a second open + read sends no Tread
case_pages_kept() {
	host write k1 "$(seq 1 2000 | tr -d '\n')" || return 1
	a=$(md5sum <$L/k1)
	r=$(cnt $L Tread)
	b=$(md5sum <$L/k1)
	[ "$a" = "$b" ] || return 1
	[ "$(cnt $L Tread)" = "$r" ] || fail "$(( $(cnt $L Tread) - r )) Treads for cached pages"
}
t "unchanged file: pages kept across opens" case_pages_kept

# guest writes are on the host when close (or fsync) returns
case_close_flushes() {
	echo "from the guest" >$L/w1 || return 1
	host read w1 || return 1
	[ "$HV" = 'from the guest\n' ] || fail "host read '$HV'"
	dd if=/dev/zero of=$L/w2 bs=65536 count=16 conv=fsync 2>/dev/null || return 1
	host size w2 || return 1
	[ "$HV" = 1048576 ] || fail "host size $HV"
}
t "guest writes on the host after close and fsync" case_close_flushes


# an editor's save on the host (new file renamed over the name) is seen at
# the next open, even within a 30 s entry timeout
case_host_replace() {
	host write r1 old || return 1
	[ "$(cat $L/r1)" = old ] || return 1
	i1=$(stat -c %i $L/r1)
	host replace r1 new-content || return 1
	[ "$(cat $L/r1)" = new-content ] || fail "read '$(cat $L/r1)' after the host replaced it"
	host ino r1 || return 1
	i2=$(stat -c %i $L/r1)
	[ "$i2" = "$HV" ] && [ "$i2" != "$i1" ] || fail "inode $i1 -> $i2, host $HV"
}
t "open sees a file the host replaced by rename" case_host_replace

case_host_rename() {
	host write g1 moved || return 1
	stat $S/g1 >/dev/null || return 1
	host rename g1 g2 || return 1
	expire
	! stat $S/g1 >/dev/null 2>&1 || fail "old name still there"
	[ "$(cat $S/g2)" = moved ] || fail "new name: $(cat $S/g2)"
}
t "host rename seen after entry_timeout" case_host_rename

case_host_unlink_open() {
	host write h1 gone || return 1
	[ "$(cat $L/h1)" = gone ] || return 1
	host unlink h1 || return 1
	! cat $L/h1 >/dev/null 2>&1 || fail "opened a file the host removed"
}
t "open of a file the host unlinked fails, within entry_timeout" case_host_unlink_open

case_host_unlink_stat() {
	host write h2 gone || return 1
	stat $S/h2 >/dev/null || return 1
	host unlink h2 || return 1
	expire
	! stat $S/h2 >/dev/null 2>&1 || fail "still there after the timeout"
}
t "host unlink seen by stat after entry_timeout" case_host_unlink_stat

case_neg_cached() {
	! stat $L/n1 >/dev/null 2>&1 || return 1
	host write n1 x || return 1
	b=$(total $L)
	! stat $L/n1 >/dev/null 2>&1 || fail "negative dentry not kept"
	[ "$(total $L)" = "$b" ] || fail "$(( $(total $L) - b )) requests for a cached miss"
}
t "negative dentry kept within negative_timeout, no request" case_neg_cached

case_neg_expires() {
	! stat $S/n2 >/dev/null 2>&1 || return 1
	host write n2 here || return 1
	expire
	[ "$(cat $S/n2 2>/dev/null)" = here ] || fail "host-created file not seen"
}
t "negative dentry expires: host-created file seen" case_neg_expires

# past negative_timeout a missing name is still believed while its
# directory, read again (here by the path walk), shows no change since
# the name was found missing: one Tgetattr for five names, no Twalk.  A
# name the host makes there moves the directory's mtime: seen.
case_neg_dir_proof() {
	host mkdir nd || return 1
	host write nd/f x || return 1
	stat $S/nd/f >/dev/null || return 1
	sleep 0.1
	for i in 1 2 3 4 5; do
		! stat $S/nd/m$i >/dev/null 2>&1 || return 1
	done
	expire
	a=$(total $S) w=$(cnt $S Twalk)
	for i in 1 2 3 4 5; do
		! stat $S/nd/m$i >/dev/null 2>&1 || fail "m$i found"
	done
	a=$(( $(total $S) - a )) w=$(( $(cnt $S Twalk) - w ))
	[ "$w" = 0 ] || fail "$w Twalks for missing names of an unchanged directory"
	[ "$a" = 1 ] || fail "$a requests, want 1 (the directory's Tgetattr)"
	host write nd/m3 here || return 1
	expire
	[ "$(cat $S/nd/m3 2>/dev/null)" = here ] || fail "host-created m3 not seen"
	# the directory changed: the other missing names are asked about
	w=$(cnt $S Twalk)
	! stat $S/nd/m4 >/dev/null 2>&1 || fail "m4 found"
	[ "$(( $(cnt $S Twalk) - w ))" = 1 ] ||
		fail "$(( $(cnt $S Twalk) - w )) Twalks for m4 after a change, want 1"
}
t "missing names past negative_timeout: proven by their directory" \
	case_neg_dir_proof

# the directory's attributes prove a name missing only while they are
# within negative_timeout too: with 30 s attributes and names but 1 s
# negative dentries, a name the host makes is seen after 1 s
case_neg_short() {
	host mkdir ns || return 1
	host write ns/f x || return 1
	mkdir -p /mnt/x
	mount -t 9p -o trans=virtio,attr_timeout=30,entry_timeout=30,negative_timeout=1 \
		coho /mnt/x || return 1
	stat /mnt/x/ns/f >/dev/null && sleep 0.1 &&
		! stat /mnt/x/ns/m >/dev/null 2>&1 && host write ns/m here &&
		expire && [ "$(cat /mnt/x/ns/m 2>/dev/null)" = here ] ||
		fail "host-created name unseen past negative_timeout"
	umount /mnt/x
}
t "missing names: the directory's proof is bounded by negative_timeout" \
	case_neg_short

# open(O_CREAT | O_EXCL) of a name not in the dcache asks no Twalk for the
# name first: a clone of the directory's fid, Tlcreate and Tgetattr.  A
# name the host made meanwhile gives EEXIST (Tlcreate's answer), and is
# then found as it is.
case_excl_create() {
	host mkdir xc || return 1
	stat $L/xc >/dev/null || return 1
	a=$(total $L) w=$(cnt $L Twalk) c=$(cnt $L Tlcreate)
	[ "$(np9helper excl $L/xc/new)" = created ] || fail "new not created"
	a=$(( $(total $L) - a )) w=$(( $(cnt $L Twalk) - w ))
	c=$(( $(cnt $L Tlcreate) - c ))
	[ "$a" = 3 ] && [ "$w" = 1 ] && [ "$c" = 1 ] ||
		fail "$a requests ($w Twalk, $c Tlcreate), want 3 (1, 1)"
	host write xc/hostmade abc || return 1
	r=$(np9helper excl $L/xc/hostmade)
	[ "$r" = "File exists" ] || fail "host-made name: $r"
	[ "$(cat $L/xc/hostmade)" = abc ] || fail "host-made name unreadable"
	host size xc/new && [ "$HV" = 0 ] || fail "new not on the host: $HV"
	[ -f $L/xc/new ] || fail "new not there after its create"
}
t "O_EXCL create of an uncached name: no lookup first" case_excl_create

case_readdir_cached() {
	host mkdir d1 || return 1
	for i in 1 2 3; do host write d1/f$i x || return 1; done
	a=$(ls $L/d1 | tr '\n' ' ')
	[ "$a" = "f1 f2 f3 " ] || fail "listing '$a'"
	host write d1/f4 x || return 1
	b=$(total $L)
	c=$(ls $L/d1 | tr '\n' ' ')
	[ "$c" = "$a" ] || fail "listing changed within the timeout: '$c'"
	[ "$(total $L)" = "$b" ] || fail "$(( $(total $L) - b )) requests for a cached listing"
}
t "readdir within attr_timeout: cached listing, no request" case_readdir_cached

case_readdir_host_create() {
	host mkdir d2 || return 1
	host write d2/f1 x || return 1
	[ "$(ls $S/d2 | tr '\n' ' ')" = "f1 " ] || return 1
	host write d2/f2 x || return 1
	host unlink d2/f1 || return 1
	expire
	c=$(ls $S/d2 | tr '\n' ' ')
	[ "$c" = "f2 " ] || fail "listing after the timeout: '$c'"
}
t "readdir after attr_timeout sees host create and unlink" case_readdir_host_create

case_readdir_local_change() {
	host mkdir d3 || return 1
	host write d3/f1 x || return 1
	[ "$(ls $L/d3 | tr '\n' ' ')" = "f1 " ] || return 1
	touch $L/d3/mine || return 1
	mv $L/d3/f1 $L/d3/f0 || return 1
	c=$(ls $L/d3 | tr '\n' ' ')
	[ "$c" = "f0 mine " ] || fail "listing after local changes: '$c'"
	rm $L/d3/mine
	c=$(ls $L/d3 | tr '\n' ' ')
	[ "$c" = "f0 " ] || fail "listing after local unlink: '$c'"
}
t "local create/rename/unlink show at once in a cached listing" case_readdir_local_change

# a host change updates the inode in place: same inode number
case_inode_identity() {
	host write i1 one || return 1
	a=$(stat -c %i $S/i1)
	host append i1 two || return 1
	host touch i1 1234567890 || return 1
	expire
	b=$(stat -c '%i %s %Y' $S/i1)
	[ "$b" = "$a 6 1234567890" ] || fail "'$a' then '$b'"
}
t "host change keeps the inode (identity is qid.path)" case_inode_identity

# seekdir/telldir through a cached listing
case_readdir_big_cached() {
	host mkdir d4 || return 1
	i=0
	while [ $i -lt 300 ]; do host write d4/name-with-some-length-$i x || return 1; i=$((i + 1)); done
	a=$(ls $L/d4 | md5sum)
	n=$(ls $L/d4 | wc -l)
	b=$(total $L)
	c=$(ls $L/d4 | md5sum)
	[ "$n" = 300 ] && [ "$a" = "$c" ] || fail "$n names, listings differ"
	[ "$(total $L)" = "$b" ] || fail "$(( $(total $L) - b )) requests"
}
t "300-entry listing served from the cache, several getdents" case_readdir_big_cached

# attribute read-ahead: once the timeout is over, ls -l reads the names'
# attributes with Tgetattrs in flight while listing: the same requests as
# without it (nordirplus) and the same result, host changes included; a
# name the host replaced is not read ahead (the listing shows another
# file); a listing with no stat since the last one reads nothing ahead
case_readahead() {
	host mkdir d5 || return 1
	for i in 1 2 3 4 5 6 7 8 9 10; do host write d5/f$i x || return 1; done
	mkdir -p /mnt/x
	mount -t 9p -o trans=virtio,nordirplus coho /mnt/x || return 1
	grep " /mnt/x 9p " /proc/mounts | grep -q ",nordirplus" ||
		fail "nordirplus not in /proc/mounts"
	ls -ln $S/d5 >/dev/null && ls -ln /mnt/x/d5 >/dev/null || return 1
	host append d5/f3 yz || return 1
	host replace d5/f4 new || return 1
	expire
	r=$(ra $S) a=$(total $S) b=$(total /mnt/x)
	l1=$(cd $S/d5 && ls -ln --full-time)
	l2=$(cd /mnt/x/d5 && ls -ln --full-time)
	a=$(( $(total $S) - a )) b=$(( $(total /mnt/x) - b )) r=$(( $(ra $S) - r ))
	[ "$(ra /mnt/x)" = 0 ] || fail "nordirplus read $(ra /mnt/x) ahead"
	umount /mnt/x
	[ "$l1" = "$l2" ] || fail "listings differ: $l1 / $l2"
	[ "$(size $S/d5/f3)" = 3 ] && [ "$(size $S/d5/f4)" = 3 ] ||
		fail "host changes not seen: $l1"
	[ "$r" = 9 ] || fail "$r attributes read ahead, want 9"
	[ "$a" = "$b" ] || fail "$a requests with read-ahead, $b without"
	# a glob lists without a stat (busybox ls stats every name)
	expire
	set -- $S/d5/f*
	expire
	r=$(ra $S)
	set -- $S/d5/f*
	[ $# = 10 ] || fail "glob found $#"
	[ "$(ra $S)" = "$r" ] || fail "$(( $(ra $S) - r )) read ahead with no stat"
}
t "ls -l after attr_timeout: attributes read ahead, same requests" case_readahead

# read-ahead replies wait on their inodes for the stats that follow; one
# no stat took while the listing stayed open is as old as its question:
# after attr_timeout a stat asks again and sees a host change made since
# (entry_timeout=30, so the name itself is not looked up again)
case_readahead_late() {
	M=/mnt/x
	mkdir -p $M
	mount -t 9p -o trans=virtio,entry_timeout=30 coho $M || return 1
	host mkdir d6 || return 1
	for i in 1 2 3 4 5 6 7 8; do host write d6/f$i x || return 1; done
	ls -ln $M/d6 >/dev/null || return 1
	expire
	r=$(ra $M)
	np9helper slowdir $M/d6 4 >/tmp/slowdir.out &
	p=$!
	i=0
	until grep -q "first batch" /tmp/slowdir.out || [ $i = 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	[ "$(( $(ra $M) - r ))" = 8 ] || fail "$(( $(ra $M) - r )) read ahead, want 8"
	expire
	host append d6/f2 yz || return 1
	[ "$(size $M/d6/f2)" = 3 ] || fail "stat of f2: size $(size $M/d6/f2), want 3"
	wait $p || fail "slowdir: $(cat /tmp/slowdir.out)"
	grep -q "^10 entries" /tmp/slowdir.out || fail "slowdir: $(cat /tmp/slowdir.out)"
	# the replies no stat took were applied at close
	[ "$(size $M/d6/f5)" = 1 ] || fail "f5: size $(size $M/d6/f5)"
	umount $M
}
t "attributes read ahead and left waiting expire from when they were asked" \
	case_readahead_late

# a sweep past the timeout, with no listing first (git status lstat()s
# the files its index lists): from the second name of a directory asked
# about, the other expired names there are read ahead, all in flight at
# once.  The same requests as without it (nordirplus), the same results,
# host changes made before it seen: an append, a file replaced by rename
# (the name leads to a new file), an unlink.
case_sweep() {
	host mkdir d7 || return 1
	names=
	for i in 01 02 03 04 05 06 07 08 09 10 11 12 13 14 15 16 17 18 19 20; do
		host write d7/f$i x || return 1
		names="$names f$i"
	done
	mkdir -p /mnt/x
	mount -t 9p -o trans=virtio,nordirplus coho /mnt/x || return 1
	(cd $S/d7 && stat -c %s $names) >/dev/null &&
		(cd /mnt/x/d7 && stat -c %s $names) >/dev/null || return 1
	host append d7/f05 yz && host replace d7/f09 new &&
		host unlink d7/f13 || return 1
	expire
	r=$(ra $S) u=$(unused $S) a=$(total $S) b=$(total /mnt/x)
	l1=$(cd $S/d7 && stat -c '%n %s' $names 2>&1)
	l2=$(cd /mnt/x/d7 && stat -c '%n %s' $names 2>&1)
	a=$(( $(total $S) - a )) b=$(( $(total /mnt/x) - b ))
	r=$(( $(ra $S) - r )) u=$(( $(unused $S) - u ))
	[ "$(ra /mnt/x)" = 0 ] || fail "nordirplus read $(ra /mnt/x) ahead"
	umount /mnt/x
	[ "$l1" = "$l2" ] || fail "results differ: $l1 / $l2"
	echo "$l1" | grep -qx "f05 3" && echo "$l1" | grep -qx "f09 3" &&
		echo "$l1" | grep -q "f13.*No such file" &&
		[ "$(echo "$l1" | grep -c " 1$")" = 17 ] ||
		fail "host changes not seen: $l1"
	[ "$r" = 18 ] || fail "$r attributes read ahead, want 18"
	[ "$u" = 0 ] || fail "$u read ahead and not used"
	[ "$a" = "$b" ] || fail "$a requests with read-ahead, $b without"
}
t "stat sweep after attr_timeout: siblings read ahead, same requests" case_sweep

# stats of one directory's names far apart are not a sweep: nothing is
# read ahead for them
case_no_sweep() {
	host mkdir d8 || return 1
	for i in 1 2 3 4 5 6; do host write d8/f$i x || return 1; done
	stat $S/d8/f1 $S/d8/f2 $S/d8/f3 $S/d8/f4 $S/d8/f5 $S/d8/f6 >/dev/null ||
		return 1
	expire
	r=$(ra $S)
	for i in 1 2 3; do
		stat $S/d8/f$i >/dev/null || return 1
		sleep 0.5
	done
	[ "$(ra $S)" = "$r" ] || fail "$(( $(ra $S) - r )) read ahead for lone stats"
}
t "lone stats after attr_timeout read nothing ahead" case_no_sweep

# attributes read ahead through one name of a file (hard links) say
# nothing about its other names: y/b, gone on the host, is swept, and
# the stat of x/a that takes the reply must not drop x/a (nor the bind
# mount on it)
case_link_sweep() {
	host mkdir d9 && host mkdir d9/x && host mkdir d9/y || return 1
	host write d9/x/a data && host write d9/y/t1 x &&
		host write d9/y/t2 x || return 1
	host link d9/x/a d9/y/b || return 1
	stat $S/d9/x/a $S/d9/y/b $S/d9/y/t1 $S/d9/y/t2 >/dev/null || return 1
	echo over >/tmp/over && mount --bind /tmp/over $S/d9/x/a || return 1
	host unlink d9/y/b || { umount $S/d9/x/a; return 1; }
	expire
	r=$(ra $S)
	# one process: the stat of x/a comes before the sweeper applies b's
	s=$(stat -c %s $S/d9/y/t1 $S/d9/y/t2 $S/d9/x/a | tr '\n' ' ')
	r=$(( $(ra $S) - r ))
	m=$(grep -c " $S/d9/x/a " /proc/mounts)
	[ "$m" = 1 ] && umount $S/d9/x/a
	[ "$r" = 1 ] || fail "$r read ahead, want 1 (y/b)"
	[ "$m" = 1 ] || fail "the bind mount on x/a is gone"
	[ "$s" = "1 1 5 " ] || fail "sizes $s, want 1 1 5 (the bind mount's)"
}
t "read-ahead through a hard link leaves the other name alone" case_link_sweep

# a sweep through a tree: once names of one directory were read ahead and
# used, the first stat in the next directory reads its names ahead at
# once.  Lone stats in directory after directory make only NP_TREE_CREDIT
# (2) such sweeps that no stat uses.
# run $1 with X a mount with 3 s timeouts, so that no name expires
# between the steps of a loaded guest
on_x3() {
	X=/mnt/x
	mkdir -p $X
	mount -t 9p -o trans=virtio,attr_timeout=3,entry_timeout=3 coho $X ||
		return 1
	"$1"
	r=$?
	umount $X
	return $r
}

case_tree_sweep() {
	host mkdir d10 && host mkdir d10/a && host mkdir d10/b &&
		host mkdir d11 || return 1
	for d in m p q r s; do host mkdir d11/$d || return 1; done
	mpqrs=
	for i in 1 2 3 4 5 6 7 8 9 10; do
		for d in d10/a d10/b d11/m d11/p d11/q d11/r d11/s; do
			host write $d/f$i x || return 1
		done
		mpqrs="$mpqrs $X/d11/m/f$i"
	done
	ab=$(for d in a b; do for i in 1 2 3 4 5 6; do
		echo $X/d10/$d/f$i; done; done)
	stat $ab $X/d11/*/f* >/dev/null || return 1
	sleep 3.5
	# a: the second stat sweeps 4; b: the first sweeps the other 5
	r=$(ra $X) u=$(unused $X) a=$(total $X)
	stat -c '%n %s' $ab >/tmp/ts || return 1
	r=$(( $(ra $X) - r )) a=$(( $(total $X) - a ))
	grep -c " 1$" /tmp/ts | grep -qx 12 || fail "$(cat /tmp/ts)"
	[ "$r" = 9 ] || fail "a then b: $r read ahead, want 9"
	# and one Tgetattr for each of d10, a, b
	[ "$a" = 15 ] || fail "a then b: $a requests for 12 stats"
	[ "$(( $(unused $X) - u ))" = 0 ] || fail "$(( $(unused $X) - u )) unused"
	# fresh directories, then m swept, then one name of each of p, q, r, s;
	# each step past the sweep window of the one before
	sleep 0.5
	stat $X/d11 $X/d11/m $X/d11/p $X/d11/q $X/d11/r $X/d11/s >/dev/null ||
		return 1
	sleep 0.5
	r=$(ra $X) u=$(unused $X)
	stat $mpqrs $X/d11/p/f1 $X/d11/q/f1 $X/d11/r/f1 $X/d11/s/f1 \
		>/dev/null || return 1
	r=$(( $(ra $X) - r ))
	sleep 1
	u=$(( $(unused $X) - u ))
	# p follows m by name: q, next by name, is read ahead whole (10);
	# its second name is never stat'ed, so r and s are not
	[ "$r" = 27 ] || fail "m, then p q r s: $r read ahead, want 8 + 9 + 10"
	[ "$u" = 18 ] || fail "$u read ahead and unused, want 18"
}
t "a sweep goes on into the next directory, and no further unused" \
	"on_x3 case_tree_sweep"

# the same with the directories themselves expired: the tree sweep of
# d13 reads k2..k6 ahead, that of k1 its names; walking into k2 takes a
# reply of d13's sweep, which says nothing of whether k1's was worth it,
# so k2..k6 are not swept (the credit of two is spent)
case_tree_subdirs() {
	host mkdir d12 && host mkdir d12/m && host mkdir d13 || return 1
	for k in 1 2 3 4 5 6; do host mkdir d13/k$k || return 1; done
	m= k=
	for i in 1 2 3 4 5 6 7 8 9 10; do
		host write d12/m/f$i x || return 1
		m="$m $X/d12/m/f$i"
		[ $i -gt 6 ] && continue
		k="$k $X/d13/k$i/f1"
		for j in 1 2 3 4 5 6; do host write d13/k$i/f$j x || return 1; done
	done
	stat $m $X/d13/k*/f* >/dev/null || return 1
	sleep 3.5
	stat $X/d12 $X/d13 $X/d12/m >/dev/null || return 1
	sleep 0.5
	r=$(ra $X) u=$(unused $X)
	stat $m $k >/dev/null || return 1
	r=$(( $(ra $X) - r ))
	sleep 1
	u=$(( $(unused $X) - u ))
	[ "$r" = 18 ] || fail "m, then k1..k6: $r read ahead, want 8 + 5 + 5"
	[ "$u" = 5 ] || fail "$u read ahead and unused, want 5 (k1's)"
}
t "tree sweeps into subdirectories: no more unused than the credit" \
	"on_x3 case_tree_subdirs"

# a sweep of a directory of 1,300 names goes on where the stats are: they
# wait for about one name in 33, not for every name past the first 1,024
# a scan finds.  3 s timeouts so that no reply expires before its stat.
case_big_sweep() {
	host mkdir d14 && host many d14 1300 || return 1
	# looked up in name order, so the dentry cache lists them the other
	# way round, the order the stats then go in
	names=$(i=1; while [ $i -le 1300 ]; do printf 'f%04d ' $i; i=$((i + 1)); done)
	back=$(i=1300; while [ $i -ge 1 ]; do printf 'f%04d ' $i; i=$((i - 1)); done)
	(cd $X/d14 && stat -c %s $names) >/dev/null || return 1
	sleep 3.5
	r=$(ra $X) a=$(total $X)
	n=$(cd $X/d14 && stat -c %s $back | grep -c '^1$')
	r=$(( $(ra $X) - r )) a=$(( $(total $X) - a ))
	# and in the order of the lookups, as git status and make go: read
	# ahead from the far end of the list, a slow guest reaches names
	# after their replies expired
	sleep 3.5
	r2=$(ra $X) a2=$(total $X) u2=$(unused $X) e2=$(early $X)
	n2=$(cd $X/d14 && stat -c %s $names | grep -c '^1$')
	r2=$(( $(ra $X) - r2 )) a2=$(( $(total $X) - a2 ))
	sleep 0.5
	u2=$(( $(unused $X) - u2 )) e2=$(( $(early $X) - e2 ))
	echo "# lookup order: $a2 requests, $r2 read ahead, $u2 unused, $e2 early"
	[ "$n" = 1300 ] && [ "$n2" = 1300 ] ||
		fail "$n and $n2 of 1300 stats gave the size"
	[ $(( a - r )) -lt 100 ] ||
		fail "$(( a - r )) of $a requests waited for ($r read ahead)"
	[ $(( a2 - r2 )) -lt 100 ] ||
		fail "$(( a2 - r2 )) of $a2 requests waited for in lookup order"
	# names read ahead long before their stat are asked about again
	[ "$a2" -lt 1400 ] || fail "$a2 requests for 1300 names in lookup order"
}
t "a sweep of 1,300 names reads ahead past the first 1,024" \
	"on_x3 case_big_sweep"

# a program going through directories in name order (git status, make)
# finds even the first names of the next directories read ahead: only
# those of the first two wait.  Then the same backwards.
case_dirs_by_name() {
	host mkdir d16 || return 1
	fwd= back=
	for d in a b c d e f; do
		host mkdir d16/$d || return 1
		for i in 1 2 3 4 5 6; do
			host write d16/$d/f$i x || return 1
			fwd="$fwd $X/d16/$d/f$i"
		done
	done
	for d in f e d c b a; do
		for i in 1 2 3 4 5 6; do back="$back $X/d16/$d/f$i"; done
	done
	stat $fwd >/dev/null || return 1
	for order in fwd back; do
		sleep 3.5
		stat $X/d16 $X/d16/* >/dev/null || return 1
		sleep 0.5
		r=$(ra $X) a=$(total $X) u=$(unused $X)
		names=$fwd
		[ $order = back ] && names=$back
		n=$(stat -c %s $names | grep -c '^1$')
		r=$(( $(ra $X) - r )) a=$(( $(total $X) - a ))
		sleep 1
		u=$(( $(unused $X) - u ))
		echo "# $order: $a requests, $r read ahead, $u unused"
		[ "$n" = 36 ] || fail "$order: $n of 36 stats gave the size"
		# the first directory's first two names and the second's first
		[ $(( a - r )) = 3 ] ||
			fail "$order: $(( a - r )) of $a requests waited for"
		[ "$r" = 33 ] || fail "$order: $r read ahead, want 4 + 5 + 4 * 6"
		[ "$u" = 0 ] || fail "$order: $u read ahead and unused"
	done
}
t "directories in name order: the next one is read ahead" \
	"on_x3 case_dirs_by_name"

# git status stats the names its index lists, then lists the directories
# for untracked files and stats nothing more: a listing of names stat'ed
# a while before it reads nothing ahead.  Stats just after a listing (ls
# -l, find) make the next listing read ahead.
case_list_after_stats() {
	host mkdir d15 || return 1
	names=
	for i in 1 2 3 4 5 6 7 8; do
		host write d15/f$i x || return 1
		names="$names f$i"
	done
	(cd $S/d15 && stat -c %s $names) >/dev/null || return 1
	expire
	r=$(ra $S)
	set -- $S/d15/f*
	[ $# = 8 ] || fail "glob found $#"
	r=$(( $(ra $S) - r ))
	[ "$r" = 0 ] || fail "$r read ahead by a listing long after the stats"
	(cd $S/d15 && stat -c %s $names) >/dev/null || return 1
	expire
	r=$(ra $S)
	set -- $S/d15/f*
	(cd $S/d15 && stat -c %s $names) >/dev/null || return 1
	r=$(( $(ra $S) - r ))
	[ "$r" = 8 ] || fail "$r read ahead by a listing stats followed, want 8"
}
t "a listing reads ahead only where stats followed the last one" \
	case_list_after_stats

umount $S && umount $L || echo "not ok - umount"
rmmod ninep || echo "not ok - rmmod"
host quit
