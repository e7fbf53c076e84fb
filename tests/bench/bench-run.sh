#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The benchmark rounds, chrooted into the toolchain root (bench-guest.sh).
# Each round runs every workload on every file system, the file systems in
# a rotated order, and prints per workload:
#   bench FS WORKLOAD ROUND MICROSECONDS REQUESTS CPU_MICROSECONDS
# REQUESTS: 9P requests sent (ninep: its per-mount counters; v9fs: its
# 9p_client_req tracepoint; ext4: 0).  CPU: user + system time of the
# workload's processes (not of the kernel threads working for them).
ROUNDS=$1
FSES=${2:-"ext4 ninep-coherent ninep-nordirplus ninep-none ninep-loose ninep-readahead ninep-mmap ninep-fscache v9fs-none v9fs-loose"}
TR=/sys/kernel/tracing
export HOME=/tmp PATH=/usr/bin:/usr/sbin

root_of() { if [ $1 = ext4 ]; then echo /work; else echo /m/$1; fi; }
reqs() {
	case $1 in
	ninep-*)
		grep -A3 "on /m/$1 with fstype ninep" /proc/self/mountstats |
			sed -n 's/.*requests://p' | tr ' ' '\n' |
			awk -F= '{ s += $2 } END { print s + 0 }' ;;
	v9fs-*) grep -c 9p_client_req $TR/trace ;;
	*) echo 0 ;;
	esac
}
# w FS ROUND NAME CMD...: time CMD, count its requests
w() {
	fs=$1 r=$2 name=$3
	shift 3
	echo >$TR/trace
	b=$(reqs $fs)
	t=$(timeit "$@") || echo "bench-error $fs $name $r: $* failed"
	a=$(reqs $fs)
	# wall time, requests, CPU time of the command and its children
	echo "bench $fs $name $r ${t% *} $((a - b)) ${t#* }"
}

# the warm runs come this long after the cold ones: past cache=coherent's
# 1 s attribute and entry timeouts, every name is asked about again; the
# hot runs follow the warm ones at once
PAST_TIMEOUT=1.2
want=$(cd /tmp && tar xf /bench/tree.tar && make -s -C tree/proj >/dev/null &&
	tree/proj/prog 7 && rm -rf tree)
r=1
order=$FSES
while [ $r -le "$ROUNDS" ]; do
	for fs in $order; do
		D=$(root_of $fs)/r$r
		mkdir -p $D
		w $fs $r untar tar xf /bench/tree.tar -C $D
		sync
		echo 3 >/proc/sys/vm/drop_caches
		w $fs $r walk-cold ls -lR $D/tree
		sleep $PAST_TIMEOUT
		w $fs $r walk-warm ls -lR $D/tree
		w $fs $r walk-hot ls -lR $D/tree
		w $fs $r git-status-cold git -C $D/tree status --porcelain
		sleep $PAST_TIMEOUT
		w $fs $r git-status-warm git -C $D/tree status --porcelain
		w $fs $r git-status-hot git -C $D/tree status --porcelain
		w $fs $r build make -C $D/tree/proj
		w $fs $r rebuild-noop make -C $D/tree/proj
		touch $D/tree/proj/unit3.c
		w $fs $r rebuild-one make -C $D/tree/proj
		got=$($D/tree/proj/prog 7)
		[ "$got" = "$want" ] || echo "bench-error $fs $r: prog printed '$got', want '$want'"
	done
	# rotate: the first file system goes last
	first=${order%% *}
	order="${order#* } $first"
	r=$((r + 1))
done
