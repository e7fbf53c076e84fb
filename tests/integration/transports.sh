#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest tests of ninep's stream transports (trans=tcp, unix, fd) against
# real servers run in the guest on a tmpfs export, diod (over every
# transport) and nfs-ganesha (its 9P export, over tcp), plus a fake server
# (np9helper fakesrv) that breaks the protocol on purpose.  The POSIX suite
# (tests/posix/posix_test.c) runs over each server; its cases count here
# as "NAME: posix: CASE".
#
# Started by tests/integration/run-transports.  Needs ninep loaded as
# filesystem type "9p", diod (scripts/vm-run --bin /usr/sbin/diod),
# ganesha.nfsd with its VFS FSAL, and the static helpers np9helper and
# posix_test.
#
# Environment:
#   NP_HELPER  path of np9helper (default /ninep-t/np9helper)
#   NP_POSIX   path of posix_test (default /ninep-t/posix_test)
#   DIOD       path of diod (default /usr/sbin/diod)
#   GANESHA    path of ganesha.nfsd (default /usr/bin/ganesha.nfsd)
#   QUICK      1: smaller files and directories, and the POSIX suite over
#              diod tcp and ganesha only (for slow debug kernels)
#
# Output: "ok - NAME" or "not ok - NAME # why" per case, "# ..." notes,
# then "# summary: P ok, F not ok".  Exit status 0 iff every case passed.

H=${NP_HELPER:-/ninep-t/np9helper}
POSIX=${NP_POSIX:-/ninep-t/posix_test}
DIOD=${DIOD:-/usr/sbin/diod}
GANESHA=${GANESHA:-/usr/bin/ganesha.nfsd}
QUICK=${QUICK:-0}
E=/tmp/export
if [ "$QUICK" = 1 ]; then
	BIGMB=8
	NENT=1000
else
	BIGMB=24
	NENT=3000
fi
PARTMB=$((BIGMB / 4))
pass=0
failed=0

ok() { echo "ok - $1"; pass=$((pass + 1)); }
nok() { echo "not ok - $1${2:+ # $2}"; failed=$((failed + 1)); }
# check NAME CMD...: CMD's output becomes diagnostics when it fails
check() {
	name=$1
	shift
	out=$("$@" 2>&1)
	if [ $? = 0 ]; then
		ok "$name"
	else
		nok "$name" "$(echo "$out" | tail -n 3 | tr '\n' ' ')"
	fi
}
note() { echo "# $*"; }
fail() { echo "$*"; return 1; }
# centiseconds since boot
now_cs() { read -r up _ </proc/uptime; echo "${up%.*}${up#*.}" | sed 's/^0*//;s/^$/0/'; }

opts() { # extra options
	echo "aname=$E,version=9p2000.L${1:+,$1}"
}

# listening PORT: true once something listens on it (IPv4 or IPv6)
listening() {
	hex=$(printf ':%04X ' "$1")
	cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
		awk -v p="$hex" 'index($2 " ", p) && $4 == "0A" { f = 1 } END { exit !f }'
}
wait_for() { # TRIES CMD...
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# start_diod NAME LISTEN...: a diod on the export, its pid in $DPID
start_diod() {
	name=$1
	shift
	la=
	for l in "$@"; do la="$la -l $l"; done
	$DIOD -f -n -N -e $E $la -L /tmp/diod-$name.log </dev/null >/dev/null 2>&1 &
	DPID=$!
}

# exited (a zombie counts: kill -0 still reaches those)
gone() {
	[ ! -e /proc/$1 ] || grep -q '^[0-9]* (.*) Z' /proc/$1/stat 2>/dev/null
}
# kill -9 a child of ours and reap it
slay() {
	kill -CONT "$1" 2>/dev/null
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

mounted() { grep -q " $1 9p " /proc/mounts; }
unmount_all() {
	for m in $(awk '$3 == "9p" { print $2 }' /proc/mounts); do
		umount -f "$m" 2>/dev/null || umount -l "$m"
	done
}

# Cases that mount the export again through further virtio tags (access
# modes, ACLs through a second mount, -o ro, a readonly=on export, a 2 MiB
# export) or need diod's limit exports (-m, -q): they run in run-all's
# posix groups, not here.
VIRTIO_ONLY="access_modes_ownership access_any_dfltuid_dfltgid acl_access_roundtrip_chmod
	acl_default_inherited acl_refused_without_posixacl acl_setfacl_getfacl
	acl_seen_by_a_second_mount acl_malformed_from_server acl_device_node ro_mount_erofs
	ro_export_erofs enospc_full_export emlink_server_link_limit edquot_server_quota"

# posix_suite NAME DIR [posix_test args]: the POSIX cases in DIR (but
# VIRTIO_ONLY), each counted as "NAME: posix: CASE"; a case that never
# reports fails too
posix_suite() {
	n=$1
	d=$2
	shift 2
	for c in $VIRTIO_ONLY; do set -- "$@" -x "$c"; done
	want=$($POSIX --list "$@" | wc -l)
	$POSIX "$d" "$@" >/tmp/posix.out 2>&1
	prc=$?
	sed -n -e "s/^ok - /ok - $n: posix: /p" -e "s/^not ok - /not ok - $n: posix: /p" \
		-e '/^\(not \)\{0,1\}ok - /!s/^/# /p' /tmp/posix.out
	p=$(grep -c '^ok - ' /tmp/posix.out)
	f=$(grep -c '^not ok - ' /tmp/posix.out)
	pass=$((pass + p))
	failed=$((failed + f))
	if [ $((p + f)) != "$want" ] || { [ $f = 0 ] && [ $prc != 0 ]; }; then
		nok "$n: posix: all $want cases report" "$((p + f)) reported, exit $prc"
	fi
}

# --- setup -----------------------------------------------------------------------
# (ganesha looks Tlock's client_id, our node name, up as a host name)
printf '127.0.0.1 localhost %s\n::1 ip6-localhost\n' "$(hostname)" >/etc/hosts
printf 'passwd: files\ngroup: files\nhosts: files\n' >/etc/nsswitch.conf
mkdir -p $E/many $E/sub /mnt/tcp /mnt/tcp6 /mnt/unix /mnt/fd /mnt/pipe /mnt/g /mnt/k
echo "hello world" >$E/hello
echo "deeper" >$E/sub/file
i=0
while [ $i -lt $NENT ]; do
	: >$E/many/entry-with-a-longish-name-$i
	i=$((i + 1))
done
dd if=/dev/urandom of=$E/big bs=1M count=$BIGMB 2>/dev/null
BIG_MD5=$(md5sum <$E/big | cut -d' ' -f1)
i=0
while [ $i -lt 4 ]; do
	eval "PART_MD5_$i=\$(dd if=$E/big bs=1M skip=$((i * PARTMB)) count=$PARTMB 2>/dev/null |
		md5sum | cut -d' ' -f1)"
	i=$((i + 1))
done

HAVE_V6=0
grep -q '^00000000000000000000000000000001 ' /proc/net/if_inet6 2>/dev/null && HAVE_V6=1

start_diod main 127.0.0.1:5640 /tmp/diod.sock
MAIN=$DPID
main_up() { listening 5640 && [ -S /tmp/diod.sock ]; }
check "diod listens on tcp and a unix socket" wait_for 100 main_up

# --- functional cases, one set per transport ---------------------------------------
# basics NAME MOUNTPOINT [FIDS]: FIDS, the most fids the server holds per
# connection; ninep keeps a fid per cached dentry, so past that a
# directory is only read, its names not looked up
basics() {
	n=$1
	m=$2
	fids=${3:-0}
	check "$n: read a small file" \
		sh -c "[ \"\$(cat $m/hello)\" = 'hello world' ] && [ \"\$(cat $m/sub/file)\" = deeper ]"
	if [ "$fids" = 0 ] || [ $NENT -lt $((fids - 20)) ]; then
		check "$n: list a directory of $NENT entries" \
			sh -c "c=\$(ls $m/many | wc -l); [ \$c = $NENT ] || { echo \"got \$c\"; exit 1; }"
	else
		# a glob reads the directory and looks nothing up
		check "$n: read a directory of $NENT entries" \
			sh -c "set -- $m/many/entry-*; [ \$# = $NENT ] || { echo \"got \$#\"; exit 1; }"
		out=$(ls $m/many 2>&1 >/dev/null)
		rc=$?
		if [ $rc != 0 ] && echo "$out" | grep -q 'out of range'; then
			ok "$n: looking up $NENT names fails with ERANGE past the server's $fids fids"
		else
			nok "$n: looking up $NENT names fails with ERANGE past the server's $fids fids" \
				"ls exit $rc: $(echo "$out" | head -n 2 | tr '\n' ' ')"
		fi
		echo 2 >/proc/sys/vm/drop_caches
		check "$n: dropping the dentries gives the fids back" \
			sh -c "c=\$(ls $m/sub | wc -l); [ \$c = 1 ] && [ \"\$(cat $m/hello)\" = 'hello world' ]"
	fi
	check "$n: stat matches the export" \
		sh -c "a=\$(stat -c '%s %a %u %g %Y %F' $m/big); b=\$(stat -c '%s %a %u %g %Y %F' $E/big);
		       [ \"\$a\" = \"\$b\" ] || { echo \"\$a vs \$b\"; exit 1; }"
	echo 3 >/proc/sys/vm/drop_caches
	t0=$(now_cs)
	sum=$(md5sum <$m/big | cut -d' ' -f1)
	t1=$(now_cs)
	if [ "$sum" = "$BIG_MD5" ]; then
		ok "$n: read a $BIGMB MiB file, md5 matches"
	else
		nok "$n: read a $BIGMB MiB file, md5 matches" "got $sum"
	fi
	dt=$((t1 - t0))
	[ $dt -gt 0 ] || dt=1
	note "$n: $BIGMB MiB in $((dt / 100)).$(printf %02d $((dt % 100))) s, $((BIGMB * 100 * 1024 / dt)) KiB/s"
	# four readers at once: replies come back in any order
	echo 3 >/proc/sys/vm/drop_caches
	i=0
	pids=
	while [ $i -lt 4 ]; do
		(dd if=$m/big bs=1M skip=$((i * PARTMB)) count=$PARTMB 2>/dev/null |
			md5sum | cut -d' ' -f1 >/tmp/part.$i) &
		pids="$pids $!"
		i=$((i + 1))
	done
	# not a bare wait: the servers are our children too
	for p in $pids; do
		wait $p
	done
	bad=
	i=0
	while [ $i -lt 4 ]; do
		eval "want=\$PART_MD5_$i"
		[ "$(cat /tmp/part.$i)" = "$want" ] || bad="$bad $i"
		i=$((i + 1))
	done
	if [ -z "$bad" ]; then
		ok "$n: four parallel readers get the right data"
	else
		nok "$n: four parallel readers get the right data" "bad parts:$bad"
	fi
}

# tcp over IPv4, msize 1 MiB
check "tcp: mount 127.0.0.1 with msize=1048576" \
	mount -t 9p -o "trans=tcp,port=5640,$(opts msize=1048576)" 127.0.0.1 /mnt/tcp
if mounted /mnt/tcp; then
	line=$(grep " /mnt/tcp 9p " /proc/mounts)
	note "tcp: $line"
	# diod offers at most 64 KiB; np9helper minisrv below takes 1 MiB
	check "tcp: /proc/mounts shows trans=tcp and the msize diod chose (65536)" \
		sh -c "echo '$line' | grep -q 'trans=tcp,msize=65536,'"
	basics tcp /mnt/tcp
	posix_suite "diod tcp" /mnt/tcp
	check "tcp: umount" umount /mnt/tcp
fi

# tcp over IPv6
if [ $HAVE_V6 = 1 ]; then
	start_diod v6 ip6-localhost:5646
	V6=$DPID
	if wait_for 100 listening 5646; then
		check "tcp6: mount ::1" \
			mount -t 9p -o "trans=tcp,port=5646,$(opts msize=262144)" ::1 /mnt/tcp6
		check "tcp6: mount [::1] (brackets) too" \
			mount -t 9p -o "trans=tcp,port=5646,$(opts)" '[::1]' /mnt/k
		umount /mnt/k 2>/dev/null
		if mounted /mnt/tcp6; then
			basics tcp6 /mnt/tcp6
			check "tcp6: umount" umount /mnt/tcp6
		fi
	else
		nok "tcp6: diod listens on ::1" "$(tail -n 2 /tmp/diod-v6.log)"
	fi
	slay $V6
else
	note "no IPv6 loopback in the guest: tcp6 cases skipped"
fi

# unix socket
check "unix: mount /tmp/diod.sock" \
	mount -t 9p -o "trans=unix,$(opts cache=none)" /tmp/diod.sock /mnt/unix
if mounted /mnt/unix; then
	check "unix: /proc/mounts shows trans=unix" \
		sh -c "grep ' /mnt/unix 9p ' /proc/mounts | grep -q trans=unix"
	basics unix /mnt/unix
	[ "$QUICK" = 1 ] || posix_suite "diod unix, cache=none" /mnt/unix
	check "unix: umount" umount /mnt/unix
fi

# fd: a socketpair, diod serving its end on stdin-like descriptors
check "fd: mount through a socketpair with diod on the other end" \
	$H fdmount --pidfile /tmp/fd.pid $DIOD -f -n -N -e $E --rfdno '{R}' --wfdno '{W}' \
		-L /tmp/diod-fd.log -- \
		mount -t 9p -o "trans=fd,rfdno={R},wfdno={W},$(opts msize=1048576)" diod /mnt/fd
if mounted /mnt/fd; then
	basics fd /mnt/fd
	[ "$QUICK" = 1 ] || posix_suite "diod fd" /mnt/fd
	check "fd: umount" umount /mnt/fd
	check "fd: diod exits once the mount is gone" wait_for 100 gone "$(cat /tmp/fd.pid)"
fi

# fd: two pipes
check "fd: mount through two pipes" \
	$H fdmount --pipes --pidfile /tmp/pipe.pid $DIOD -f -n -N -e $E --rfdno '{R}' \
		--wfdno '{W}' -L /tmp/diod-pipe.log -- \
		mount -t 9p -o "trans=fd,rfdno={R},wfdno={W},$(opts)" diod /mnt/pipe
if mounted /mnt/pipe; then
	basics pipes /mnt/pipe
	check "pipes: umount" umount /mnt/pipe
	check "pipes: diod exits once the mount is gone" wait_for 100 gone "$(cat /tmp/pipe.pid)"
fi

# --- nfs-ganesha's 9P export over tcp -----------------------------------------------------
# Only 9P: no NFS, NLM, rquota or UDP listeners, no grace period, no
# nfsidmap.  Its 9P listener binds the wildcard address (it has no 9P bind
# address); the guest has nothing but loopback.  msize: ganesha 4.3 crashed
# (SIGSEGV) under 512 KiB reads when _9P_TCP_Msize allowed them, so it runs
# with its default, 64 KiB.
GPORT=5660
# start_ganesha NAME: ganesha on the export, its pid in $GPID
start_ganesha() {
	mkdir -p /var/run/ganesha /var/lib/nfs/ganesha /var/log/ganesha
	[ -e /etc/mtab ] || ln -s /proc/self/mounts /etc/mtab
	cat >/tmp/ganesha.conf <<EOF
NFS_CORE_PARAM {
	Protocols = 9P;
	Enable_NLM = false;
	Enable_RQUOTA = false;
	Enable_UDP = false;
}
NFSV4 {
	Graceless = true;
	UseGetpwnam = true;
	Only_Numeric_Owners = true;
}
_9P {
	_9P_TCP_Port = $GPORT;
	_9P_TCP_Msize = 65536;
	Nb_Worker = 8;
}
EXPORT {
	Export_Id = 1;
	Path = $E;
	Pseudo = /export;
	Protocols = 9P;
	Access_Type = RW;
	Squash = No_Root_Squash;
	SecType = sys;
	FSAL { Name = VFS; }
}
LOG { Default_Log_Level = EVENT; }
EOF
	$GANESHA -F -f /tmp/ganesha.conf -L /tmp/ganesha-$1.log -p /tmp/ganesha.pid \
		-N NIV_EVENT </dev/null >/tmp/ganesha-$1.out 2>&1 &
	GPID=$!
}
ganesha_log() { grep -v ' :DBUS :' /tmp/ganesha-$1.log | tail -n 4 | tr '\n' ' '; }

start_ganesha main
if wait_for 600 listening $GPORT; then
	ok "ganesha: listens on tcp port $GPORT"
	check "ganesha: mount 127.0.0.1" \
		mount -t 9p -o "trans=tcp,port=$GPORT,$(opts)" 127.0.0.1 /mnt/g
else
	nok "ganesha: listens on tcp port $GPORT" "$(ganesha_log main)"
fi
if mounted /mnt/g; then
	line=$(grep " /mnt/g 9p " /proc/mounts)
	note "ganesha: $line"
	check "ganesha: /proc/mounts shows the msize ganesha chose (65536)" \
		sh -c "echo '$line' | grep -q 'trans=tcp,msize=65536,'"
	# ganesha holds at most 1024 fids per connection (_9P_FID_PER_CONN):
	# a fid number beyond that gets ERANGE
	basics ganesha /mnt/g 1024
	# ganesha takes xattr values up to 65535 bytes (_9P_XATTR_MAX_SIZE).
	# It takes Tlock with fcntl() on the fid's own open file, so a write
	# lock on a file opened read-only fails (its log: "Conflicting open,
	# can not re-open fd with locks"; Rlock status ERROR, ENOLCK here):
	# flock(LOCK_EX) on an O_RDONLY descriptor, which the flock case does,
	# cannot work against it.
	export NINEP_XATTR_MAX=65535
	posix_suite ganesha /mnt/g -x flock
	unset NINEP_XATTR_MAX
	check "ganesha: umount" umount /mnt/g
fi
slay $GPID

# --- 1 MiB messages, replies out of order: np9helper minisrv ------------------------------
# minisrv answers each batch of requests newest first and takes any msize
MINI_SIZE=12582912
MINI_MD5=$($H pattern $MINI_SIZE | md5sum | cut -d' ' -f1)
# mini_checks NAME: the mount on /mnt/k
mini_checks() {
	check "$1: /proc/mounts shows msize=1048576" \
		sh -c "grep ' /mnt/k 9p ' /proc/mounts | grep -q 'msize=1048576,'"
	check "$1: readdir and stat" \
		sh -c "[ \"\$(ls /mnt/k)\" = data ] && [ \$(stat -c %s /mnt/k/data) = $MINI_SIZE ]"
	echo 3 >/proc/sys/vm/drop_caches
	check "$1: md5sum of the 12 MiB file matches" \
		sh -c "s=\$(md5sum </mnt/k/data | cut -d' ' -f1); [ \$s = $MINI_MD5 ] || { echo \$s; exit 1; }"
	check "$1: 1 MiB reads, md5 matches" \
		sh -c "s=\$(dd if=/mnt/k/data bs=1M 2>/dev/null | md5sum | cut -d' ' -f1);
		       [ \$s = $MINI_MD5 ] || { echo \$s; exit 1; }"
}
mini_tcp() { # PORT EXTRA_OPTS
	rm -f /tmp/mini.out
	$H minisrv tcp $1 >/tmp/mini.out 2>&1 &
	MP=$!
	wait_for 100 grep -q ready /tmp/mini.out &&
	mount -t 9p -o "trans=tcp,port=$1,version=9p2000.L,msize=1048576${2:+,$2}" 127.0.0.1 /mnt/k
}
if mini_tcp 5652; then
	ok "minisrv tcp: mount with msize=1048576"
	mini_checks "minisrv tcp"
	check "minisrv tcp: umount" umount /mnt/k
else
	nok "minisrv tcp: mount with msize=1048576" "$(cat /tmp/mini.out)"
fi
slay $MP
if mini_tcp 5653 cache=none; then
	ok "minisrv tcp, cache=none: mount"
	mini_checks "minisrv tcp, cache=none"
	check "minisrv tcp, cache=none: umount" umount /mnt/k
else
	nok "minisrv tcp, cache=none: mount" "$(cat /tmp/mini.out)"
fi
slay $MP
# what Tattach carries: uname= always; the uid is the mounter's with
# access=user, dfltuid= with access=any
attach_is() { # PORT OPTIONS LINE
	if mini_tcp "$1" "$2"; then
		check "minisrv: $2: Tattach has $3" grep -qxF "attach $3" /tmp/mini.out
		check "minisrv: $2: umount" umount /mnt/k
	else
		nok "minisrv: $2: mount" "$(cat /tmp/mini.out)"
	fi
	slay $MP
}
attach_is 5654 uname=alice,aname=/srv/x "uname=alice aname=/srv/x n_uname=0"
attach_is 5655 uname=bob,access=any,dfltuid=4321 "uname=bob aname= n_uname=4321"
attach_is 5656 access=any "uname= aname= n_uname=0"
# access=user: another local user attaches as itself, with the same uname=
if mini_tcp 5657 uname=alice; then
	su -s /bin/sh user -c 'ls /mnt/k' >/dev/null 2>&1
	check "minisrv: uname=alice: uid 1000's own Tattach has it" \
		grep -qxF "attach uname=alice aname= n_uname=1000" /tmp/mini.out
	check "minisrv: uname=alice: umount" umount /mnt/k
else
	nok "minisrv: uname=alice: mount" "$(cat /tmp/mini.out)"
fi
slay $MP
# pipes hold 64 KiB: every 1 MiB message goes through in many pieces
check "minisrv pipes: mount with msize=1048576" \
	$H fdmount --pipes --pidfile /tmp/mini.pid $H minisrv fds '{R}' '{W}' -- \
		mount -t 9p -o "trans=fd,rfdno={R},wfdno={W},version=9p2000.L,msize=1048576,cache=none" \
		mini /mnt/k
if mounted /mnt/k; then
	mini_checks "minisrv pipes"
	check "minisrv pipes: umount" umount /mnt/k
fi

# --- the server dies -------------------------------------------------------------------
# reader_dies NAME MOUNTCMD...: kill -9 diod ($DPID) while a big read waits on it
reader_dies() {
	n=$1
	shift
	if ! "$@"; then
		nok "$n: mount for the kill test"
		return
	fi
	timeout 60 dd if=/mnt/k/big of=/dev/null bs=64k 2>/tmp/dd.err &
	rd=$!
	sleep 0.3
	# stopped, the server leaves the read waiting for its reply
	kill -STOP $DPID
	sleep 1
	t0=$(now_cs)
	kill -9 $DPID
	wait $rd
	rc=$?
	t1=$(now_cs)
	wait $DPID 2>/dev/null
	err=$(tr '\n' ' ' </tmp/dd.err)
	if [ $rc != 0 ] && [ $rc != 124 ] && [ $rc != 143 ] &&
	   echo "$err" | grep -qi 'reset by peer'; then
		ok "$n: kill -9 of the server fails the waiting read with ECONNRESET"
	else
		nok "$n: kill -9 of the server fails the waiting read with ECONNRESET" \
			"dd exit $rc: $err"
	fi
	note "$n: the reader returned $((t1 - t0))0 ms after the kill"
	t0=$(now_cs)
	out=$(stat /mnt/k/hello 2>&1)
	rc=$?
	t1=$(now_cs)
	if [ $rc != 0 ] && [ $((t1 - t0)) -lt 200 ]; then
		ok "$n: later operations fail at once"
	else
		nok "$n: later operations fail at once" "stat exit $rc in $((t1 - t0))0 ms: $out"
	fi
}

start_diod k1 127.0.0.1:5641
wait_for 100 listening 5641
reader_dies "tcp, cache=none" \
	mount -t 9p -o "trans=tcp,port=5641,$(opts cache=none,msize=65536)" 127.0.0.1 /mnt/k
check "tcp: umount -f of the dead mount" umount -f /mnt/k

start_diod k2 127.0.0.1:5642
wait_for 100 listening 5642
reader_dies "tcp, page cache" \
	mount -t 9p -o "trans=tcp,port=5642,$(opts)" 127.0.0.1 /mnt/k
check "tcp: umount -l of the dead mount" umount -l /mnt/k

start_diod k3 /tmp/k3.sock
wait_for 100 test -S /tmp/k3.sock
reader_dies "unix" mount -t 9p -o "trans=unix,$(opts cache=none)" /tmp/k3.sock /mnt/k
check "unix: umount of the dead mount" umount /mnt/k

fd_mount_k() {
	$H fdmount --pidfile /tmp/k4.pid $DIOD -f -n -N -e $E --rfdno '{R}' \
		--wfdno '{W}' -L /tmp/diod-k4.log -- \
		mount -t 9p -o "trans=fd,rfdno={R},wfdno={W},$(opts cache=none)" diod /mnt/k &&
	DPID=$(cat /tmp/k4.pid)
}
reader_dies "fd" fd_mount_k
check "fd: umount -f of the dead mount" umount -f /mnt/k

# writer_dies NAME SERVERPID MOUNTCMD...: kill -9 the server while a big
# write(2) waits on it (writes are write-through in every cache mode)
WMB=256
writer_dies() {
	n=$1
	sp=$2
	shift 2
	rm -f $E/wbig
	if ! "$@"; then
		nok "$n: mount for the write kill test"
		slay $sp
		return
	fi
	timeout 60 dd if=/dev/zero of=/mnt/k/wbig bs=1M count=$WMB 2>/tmp/dd.err &
	wr=$!
	sleep 0.5
	kill -STOP $sp
	sleep 1
	t0=$(now_cs)
	slay $sp
	wait $wr
	rc=$?
	t1=$(now_cs)
	err=$(tr '\n' ' ' </tmp/dd.err)
	size=$(stat -c %s $E/wbig 2>/dev/null || echo 0)
	if [ $rc != 0 ] && [ $rc != 124 ] && [ $rc != 143 ] &&
	   echo "$err" | grep -qi 'reset by peer' && [ "$size" -lt $((WMB << 20)) ]; then
		ok "$n: kill -9 of the server fails the waiting write with ECONNRESET"
	else
		nok "$n: kill -9 of the server fails the waiting write with ECONNRESET" \
			"dd exit $rc, $size bytes on the server: $err"
	fi
	note "$n: the writer returned $((t1 - t0))0 ms after the kill, $size bytes written"
	out=$(sh -c 'echo x >/mnt/k/after' 2>&1)
	rc=$?
	if [ $rc != 0 ] && echo "$out" | grep -qi 'reset by peer'; then
		ok "$n: a later write fails with ECONNRESET too"
	else
		nok "$n: a later write fails with ECONNRESET too" "exit $rc: $out"
	fi
	check "$n: umount of the dead mount" umount /mnt/k
	rm -f $E/wbig $E/after
}

start_diod w1 127.0.0.1:5655
wait_for 100 listening 5655
writer_dies "tcp, page cache" $DPID \
	mount -t 9p -o "trans=tcp,port=5655,$(opts)" 127.0.0.1 /mnt/k
start_diod w2 /tmp/w2.sock
wait_for 100 test -S /tmp/w2.sock
writer_dies "unix, cache=none" $DPID \
	mount -t 9p -o "trans=unix,$(opts cache=none)" /tmp/w2.sock /mnt/k
start_ganesha w3
wait_for 600 listening $GPORT
writer_dies "ganesha, page cache" $GPID \
	mount -t 9p -o "trans=tcp,port=$GPORT,$(opts)" 127.0.0.1 /mnt/k

# readdir: a small msize makes a big directory take many Treaddirs
start_diod k5 127.0.0.1:5645
wait_for 100 listening 5645
if mount -t 9p -o "trans=tcp,port=5645,$(opts msize=8192)" 127.0.0.1 /mnt/k; then
	timeout 60 $H slowdir /mnt/k/many 2 >/tmp/slowdir.out 2>&1 &
	rd=$!
	sleep 1
	kill -STOP $DPID
	sleep 2
	slay $DPID
	wait $rd
	rc=$?
	out=$(tr '\n' ' ' </tmp/slowdir.out)
	if [ $rc = 1 ] && echo "$out" | grep -qi 'reset by peer'; then
		ok "tcp: kill -9 of the server during a readdir fails it with ECONNRESET"
	else
		nok "tcp: kill -9 of the server during a readdir fails it with ECONNRESET" \
			"exit $rc: $out"
	fi
	check "tcp: umount -l after the readdir" umount -l /mnt/k
else
	nok "tcp: mount for the readdir kill test"
fi

# umount -f while the server is alive but stopped: the waiter wakes with EIO
start_diod k6 127.0.0.1:5647
wait_for 100 listening 5647
if mount -t 9p -o "trans=tcp,port=5647,$(opts cache=none)" 127.0.0.1 /mnt/k; then
	exec 8</mnt/k/big
	kill -STOP $DPID
	timeout 60 dd of=/dev/null bs=64k <&8 2>/tmp/dd.err &
	rd=$!
	exec 8<&-
	sleep 1
	umount -f /mnt/k 2>/dev/null
	wait $rd
	rc=$?
	err=$(tr '\n' ' ' </tmp/dd.err)
	if [ $rc != 0 ] && [ $rc != 124 ] && [ $rc != 143 ] &&
	   echo "$err" | grep -qi 'input/output error'; then
		ok "umount -f wakes a read waiting on a stopped server with EIO"
	else
		nok "umount -f wakes a read waiting on a stopped server with EIO" \
			"dd exit $rc: $err"
	fi
	# busybox timeout's watchdog holds dd's stdin for up to a second more
	umount_k() { ! mounted /mnt/k || umount /mnt/k 2>/dev/null; }
	check "umount -f: the mount is gone" wait_for 50 umount_k
	slay $DPID
else
	nok "tcp: mount for the umount -f test"
fi

# umount -l under a busy mount on a stopped server, then the server dies
start_diod k7 127.0.0.1:5648
wait_for 100 listening 5648
if mount -t 9p -o "trans=tcp,port=5648,$(opts cache=none)" 127.0.0.1 /mnt/k; then
	exec 8</mnt/k/big
	kill -STOP $DPID
	timeout 60 dd of=/dev/null bs=64k <&8 2>/tmp/dd.err &
	rd=$!
	exec 8<&-
	sleep 0.5
	check "umount -l of a busy mount on a stopped server" umount -l /mnt/k
	slay $DPID
	wait $rd
	rc=$?
	if [ $rc != 0 ] && [ $rc != 124 ] && [ $rc != 143 ]; then
		ok "umount -l: the reader fails once the server dies"
	else
		nok "umount -l: the reader fails once the server dies" "dd exit $rc"
	fi
else
	nok "tcp: mount for the umount -l test"
fi

# kill -9 of a task whose Twalk the server holds: Tflush, then Rflush
# (reads go out from netfs workers, which no signal interrupts: a lookup)
start_diod k9 127.0.0.1:5654
wait_for 100 listening 5654
if mount -t 9p -o "trans=tcp,port=5654,$(opts cache=none)" 127.0.0.1 /mnt/k; then
	kill -STOP $DPID
	stat /mnt/k/sub/file >/dev/null 2>&1 &
	rd=$!
	sleep 1
	kill -9 $rd
	sleep 1
	kill -CONT $DPID
	check "kill -9 of a task waiting on the server: it goes once Rflush is in" \
		wait_for 300 gone $rd
	wait $rd 2>/dev/null
	check "the mount still works after the flush" \
		sh -c "[ \"\$(cat /mnt/k/sub/file)\" = deeper ]"
	check "mountstats: a Tflush was sent, no bad replies" \
		sh -c "s=\$(grep -A3 'mounted on /mnt/k with' /proc/self/mountstats);
		       echo \"\$s\" | grep -q 'Tflush=[1-9]' &&
		       echo \"\$s\" | grep -q 'bad_replies: 0' || { echo \$s; exit 1; }"
	umount /mnt/k
else
	nok "tcp: mount for the flush test"
fi
slay $DPID

# the dead mounts are gone, so are their threads; a new server mounts fine
start_diod k8 127.0.0.1:5641
wait_for 100 listening 5641
check "mount again once a server is back" \
	mount -t 9p -o "trans=tcp,port=5641,$(opts)" 127.0.0.1 /mnt/k
check "and it reads" sh -c "[ \"\$(cat /mnt/k/hello)\" = 'hello world' ]"
umount /mnt/k 2>/dev/null
slay $DPID

# --- mount-time errors ------------------------------------------------------------
# mount_fails NAME WANT_MSG DMESG_ERE MAXSECS OPTS SOURCE
# (the kernel names errnos only with CONFIG_SYMBOLIC_ERRNAME: -ECONNREFUSED
# on Debian's kernel, -111 on the debug one)
mount_fails() {
	dmesg -c >/dev/null
	t0=$(now_cs)
	out=$(timeout 60 mount -t 9p -o "$5" "$6" /mnt/k 2>&1)
	rc=$?
	t1=$(now_cs)
	if mounted /mnt/k; then
		umount /mnt/k
		nok "$1" "mounted"
		return
	fi
	msgs=$(dmesg | grep ninep)
	if [ $rc != 0 ] && echo "$out" | grep -qi "$2" &&
	   echo "$msgs" | grep -qiE -- "$3" && [ $((t1 - t0)) -le $(($4 * 100)) ]; then
		ok "$1"
	else
		nok "$1" "exit $rc after $((t1 - t0))0 ms: $out | $(echo "$msgs" | tr '\n' ' ')"
	fi
}

mount_fails "tcp: connection refused" "connection refused" "ECONNREFUSED|-111" 10 \
	"trans=tcp,port=1,$(opts)" 127.0.0.1
[ $HAVE_V6 = 1 ] &&
	mount_fails "tcp6: connection refused" "connection refused" "ECONNREFUSED|-111" 10 \
		"trans=tcp,port=1,$(opts)" ::1
# (no unreachable-network case: it would have to name an address off
# loopback, and tests here send nothing beyond 127.0.0.0/8 and ::1)
mount_fails "tcp: a host name is not an address" "invalid argument" \
	"not an IPv4 or IPv6 address" 10 "trans=tcp,$(opts)" localhost
mount_fails "tcp: privport to a refused port" "connection refused" "ECONNREFUSED|-111" 10 \
	"trans=tcp,port=1,privport,$(opts)" 127.0.0.1
mount_fails "unix: no such socket" "no such file" "ENOENT|-2$" 10 \
	"trans=unix,$(opts)" /tmp/no-such.sock
mount_fails "unix: not a socket" "connection refused" "ECONNREFUSED|-111" 10 \
	"trans=unix,$(opts)" /tmp/export
mount_fails "fd: rfdno and wfdno missing" "invalid argument" "both needed" 10 \
	"trans=fd,$(opts)" x
mount_fails "fd: descriptors not open" "bad file" "not an open file" 10 \
	"trans=fd,rfdno=77,wfdno=78,$(opts)" x
exec 7<>/dev/null
mount_fails "fd: /dev/null is no stream" "invalid argument" "stream sockets or pipes" 10 \
	"trans=fd,rfdno=7,wfdno=7,$(opts)" x
exec 7<&-

# privport: the connection comes from a port below 1024
start_diod pp 127.0.0.1:5649
wait_for 100 listening 5649
if mount -t 9p -o "trans=tcp,port=5649,privport,$(opts)" 127.0.0.1 /mnt/k; then
	lport=$(awk '$3 ~ /:1611$/ && $4 == "01" { split($2, a, ":"); print a[2] }' \
		/proc/net/tcp | head -n 1)
	lport=$(printf %d "0x${lport:-FFFF}")
	check "tcp: privport binds a local port below 1024" test "$lport" -lt 1024
	umount /mnt/k
else
	nok "tcp: mount with privport"
fi
slay $DPID

# fake servers
# fake NAME MODE WANT_MSG DMESG_PATTERN MAXSECS [EXTRA_OPTS]
fake() {
	rm -f /tmp/fake.out
	$H fakesrv 5650 "$2" >/tmp/fake.out 2>&1 &
	fp=$!
	wait_for 100 grep -q ready /tmp/fake.out
	mount_fails "$1" "$3" "$4" "$5" "trans=tcp,port=5650,$(opts "$6")" 127.0.0.1
	# it exits once we hang up (but "full" never had a connection)
	if [ "$2" = full ] || wait_for 100 grep -q bye /tmp/fake.out; then
		slay $fp
	else
		nok "$1: the connection is closed" "$(tr '\n' ' ' </tmp/fake.out)"
		slay $fp
	fi
}
fake "fake server: reply size beyond msize gives EIO" bigsize \
	"input/output error" "closing the channel" 10
fake "fake server: reply size below a header gives EIO" smallsize \
	"input/output error" "closing the channel" 10
fake "fake server: reply with an unknown tag gives EIO" badtag \
	"input/output error" "which no request has" 10
fake "fake server: reply larger than asked for gives EIO" oversize \
	"input/output error" "overflows" 10
fake "fake server: 9P2000.u only gives EPROTONOSUPPORT" version-u \
	"protocol not supported" "does not speak 9P2000.L" 10
fake "fake server: hang-up after Tversion gives ECONNRESET" close \
	"reset by peer" "closed the connection" 10
fake "fake server: silence past timeout=2 gives EIO" silent \
	"input/output error" "did not answer" 10 timeout=2
fake "fake server: connect timeout (timeout=3) gives ETIMEDOUT" full \
	"timed out" "ETIMEDOUT|-110" 10 timeout=3

# --- the end -----------------------------------------------------------------------------
slay $MAIN
unmount_all
sleep 1
no_threads() {
	! ps | grep -q '\[ninep-' && return 0
	ps | grep '\[ninep-'
	grep ' 9p ' /proc/mounts
	return 1
}
check "no ninep thread left" wait_for 50 no_threads
check "rmmod ninep" rmmod ninep

echo "# summary: $pass ok, $failed not ok"
[ $failed = 0 ]
