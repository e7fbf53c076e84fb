#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# In the guest, before posix_test: serve two filesystems with limits
# through diod, for posix_test -m (EMLINK) and -q (EDQUOT).
#
#   sh limits.sh LINKSDEV QUOTADEV SOCKET
#
# LINKSDEV holds a minix v1 filesystem (250 links per inode), mounted on
# /srv/links; QUOTADEV an ext4 filesystem made with -O quota, mounted on
# /srv/quota with usrquota (limits enforced).  diod serves both on the
# unix socket SOCKET as uid 1000 (-u 1000: no CAP_SYS_RESOURCE, so the
# quota binds it, and only uid 1000 may attach: mount with
# access=any,dfltuid=1000).  Needs the minix and quota_v2 modules loaded
# and diod copied in (scripts/vm-run --kmod minix --kmod quota_v2
# --bin /usr/sbin/diod).  Exit status 0 once diod listens.
set -e
links=$1 quota=$2 sock=$3
mkdir -p /srv/links /srv/quota
mount -t minix "$links" /srv/links
mount -t ext4 -o usrquota "$quota" /srv/quota
chown 1000:1000 /srv/links /srv/quota
# diod dies of SIGPIPE if it answers on a connection the client has
# closed: ninep's unmount waits for the replies still due (Rclunks), so
# the server must outlive every case (the second case mounts it again).
(
	/usr/sbin/diod ${DIOD_OPTS:-} -f -n -N -u 1000 -e /srv/links -e /srv/quota \
		-l "$sock" -L /tmp/diod-limits.log </dev/null >/dev/null 2>&1 ||
		echo "limits.sh: diod exited with status $?" >>/tmp/diod-limits.log
) &
n=0
while [ ! -S "$sock" ]; do
	n=$((n + 1))
	if [ $n -gt 100 ]; then
		echo "limits.sh: diod did not listen on $sock:"
		cat /tmp/diod-limits.log
		exit 1
	fi
	sleep 0.1
done
