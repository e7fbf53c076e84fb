# SPDX-License-Identifier: GPL-2.0-only
#
# In-guest helpers shared by coherence.sh and fscache.sh (sourced): case
# bookkeeping, the host-agent channel on /dev/ttyS1 and the mount's request
# counters from /proc/self/mountstats.

# a check failed: the case fails even if its last command succeeds
fail() { echo "  $*"; FAILED=1; return 1; }
t() { # NAME FUNC
	FAILED=0
	if $2 && [ $FAILED = 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}

exec 3<>/dev/ttyS1
stty -F /dev/ttyS1 raw -echo
# host CMD...: run CMD on the host, its value in HV
host() {
	echo "$*" >&3
	read -r HR <&3
	case $HR in
	ok*) HV=${HR#ok}; HV=${HV# }; return 0 ;;
	*) echo "  host $*: $HR"; return 1 ;;
	esac
}

# requests of TYPE (e.g. Tgetattr) sent so far on the mount at $1
cnt() {
	grep -A3 "on $1 with fstype 9p" /proc/self/mountstats |
		sed -n 's/.*requests://p' | tr ' ' '\n' |
		sed -n "s/^$2=//p" | head -n 1 | grep . || echo 0
}
# all requests so far on the mount at $1
total() {
	grep -A3 "on $1 with fstype 9p" /proc/self/mountstats |
		sed -n 's/.*requests://p' | tr ' ' '\n' |
		awk -F= '{ s += $2 } END { print s + 0 }'
}
# counter $2 (attr_readahead, ...) of the mount at $1
counter() {
	grep -A6 "on $1 with fstype 9p" /proc/self/mountstats |
		sed -n "s/.*[[:space:]]$2: //p"
}
# attributes read ahead of stats so far on the mount at $1
ra() { counter "$1" attr_readahead; }
# of those, the replies no stat took (applied later, or let go)
unused() { counter "$1" attr_readahead_unused; }
# of those taken, the ones taken before their reply was in
early() { counter "$1" attr_readahead_early; }
size() { stat -c %s "$1"; }
