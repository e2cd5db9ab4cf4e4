# Start-up of one simulated host.  Runs as PID 1 inside the host's own
# network, mount, UTS, IPC and PID namespaces (see lab/core.py).
# Arguments: HOSTDIR HOSTNAME CIDR SSHD(1|0|silent|drop) CTL(init script name|-) START(1|0)
#            PYTHON SILENT_LISTENER [NIC=CIDR ...]
set -eu
umask 022
H=$1 NAME=$2 CIDR=$3 SSHD=$4 CTL=$5 START=$6 PY=$7 SILENT=$8
shift 8
# Read now: the listener script may live under /tmp, which this host hides below.
if [ "$SSHD" = silent ]; then SILENT_CODE=$(cat "$SILENT"); fi

printf '%s\n' "$NAME" > /proc/sys/kernel/hostname
for k in all default; do echo 1 > "/proc/sys/net/ipv6/conf/$k/disable_ipv6"; done
# Extra NICs: dummy links, or ifb ones (same behaviour: up, no traffic)
# on kernels built without the dummy driver.
for nic in "$@"; do
    ip link add "${nic%%=*}" type dummy 2>/dev/null || ip link add "${nic%%=*}" type ifb
done
{
    echo "link set lo up"
    echo "addr add $CIDR dev eth0"
    echo "link set eth0 up"
    for nic in "$@"; do
        echo "addr add ${nic#*=} dev ${nic%%=*}"
        echo "link set ${nic%%=*} up"
    done
} | ip -batch -

# Forget the netns bind mounts inherited from the root namespace, then give
# the host its own /run and copy-on-write views of /etc, /usr/local, /var, /root.
umount -l /run/netns 2>/dev/null || :
mount -t tmpfs -o mode=0755,size=4m,nosuid,nodev ltd-run /run
mkdir /run/sshd /run/lock
mount -t overlay ltd-etc -o "lowerdir=/etc,upperdir=$H/u/etc,workdir=$H/w/etc" /etc
mount -t overlay ltd-usr-local \
    -o "lowerdir=/usr/local,upperdir=$H/u/usr_local,workdir=$H/w/usr_local" /usr/local
mount -t overlay ltd-var -o "lowerdir=/var,upperdir=$H/u/var,workdir=$H/w/var" /var
mount -t overlay ltd-root -o "lowerdir=/root,upperdir=$H/u/root,workdir=$H/w/root" /root
if [ -d "$H/a/ilogtail" ]; then
    mount --bind "$H/a/ilogtail" /usr/local/ilogtail
    mount --bind "$H/a/etc_ilogtail" /etc/ilogtail
fi
mount -t tmpfs -o mode=1777,size=8m,nosuid,nodev ltd-shm /dev/shm
# Last: this hides the lab work dir when it lives under /tmp.
mount -t tmpfs -o mode=1777,size=16m,nosuid,nodev ltd-tmp /tmp
cd /

if [ "$CTL" != - ] && [ "$START" = 1 ]; then
    "/etc/init.d/$CTL" start >/dev/null 2>&1 || echo "agent start failed" >&2
fi

if [ "$SSHD" = silent ]; then
    # Accepts on :22 and never says a word (a hung sshd, a black-holing middlebox).
    exec "$PY" -c "$SILENT_CODE"
fi
if [ "$SSHD" = drop ]; then
    # sshd runs, but every packet to :22 is dropped inside this host's netns.
    iptables -w 5 -A INPUT -p tcp --dport 22 -j DROP
    SSHD=1
fi
if [ "$SSHD" = 1 ]; then
    exec /usr/sbin/sshd -D -e
fi
# No sshd: stay alive as a minimal init until told to stop.
trap 'exit 0' TERM INT HUP
while :; do
    sleep 3600 &
    wait $! || :
done
