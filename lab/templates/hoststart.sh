# Start-up of one simulated host.  Runs as PID 1 inside the host's own
# network, mount, UTS, IPC and PID namespaces (see lab/core.py).
# Arguments: HOSTDIR HOSTNAME CIDR SSHD(1|0|silent|drop) CTL(init script name|-) START(1|0)
#            PYTHON SILENT_LISTENER AGENT_BIN(path|-) PAIR(1|0) INSTANCES(1|2)
#            TOUCH(config path|-) HTTPS(ok|blocked) [NIC=CIDR ...]
# The agent's extra environment (scenario field agent_env), if any, is in
# HOSTDIR/agent.env, one NAME=value per line: it is read with `read -r` and
# handed to `env` as arguments, so no value is ever evaluated by a shell.
set -eu
umask 022
H=$1 NAME=$2 CIDR=$3 SSHD=$4 CTL=$5 START=$6 PY=$7 SILENT=$8
AGENT_BIN=$9 PAIR=${10} INSTANCES=${11} TOUCH=${12} HTTPS=${13}
shift 13
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
# Read now, before /tmp (where the work dir may be) is hidden: an agent in a
# container beside the host's (scenario field container_agent).
CONTAINER=0
if [ -f "$H/container_agent" ]; then CONTAINER=1; fi
# From here on "$@" is the agent's extra environment (NAME=value words for env).
set --
if [ -f "$H/agent.env" ]; then
    while IFS= read -r kv; do set -- "$@" "$kv"; done < "$H/agent.env"
fi

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
if [ -d "$H/u/opt" ]; then
    mount -t overlay ltd-opt -o "lowerdir=/opt,upperdir=$H/u/opt,workdir=$H/w/opt" /opt
fi
if [ -d "$H/a/ilogtail" ]; then
    mount --bind "$H/a/ilogtail" /usr/local/ilogtail
    mount --bind "$H/a/etc_ilogtail" /etc/ilogtail
fi
mount -t tmpfs -o mode=1777,size=8m,nosuid,nodev ltd-shm /dev/shm
# Last: this hides the lab work dir when it lives under /tmp.
mount -t tmpfs -o mode=1777,size=16m,nosuid,nodev ltd-tmp /tmp
cd /

if [ "$HTTPS" = blocked ]; then
    # Outgoing HTTPS fails fast inside this host's netns; port 80 still works.
    iptables -w 5 -A OUTPUT -p tcp --dport 443 -j REJECT --reject-with tcp-reset
fi

# One more agent instance, started directly (the init script refuses a second
# one): a daemon (session leader, re-parented to PID 1) plus one worker of the
# same binary, or a single process (the community edition).
start_instance() {
    if [ "$PAIR" = 1 ]; then
        ( cd "${AGENT_BIN%/*}" && env "$@" setsid "$AGENT_BIN" \
            -c "$AGENT_BIN -c 'while :; do sleep 3600; done' & wait" \
            </dev/null >/dev/null 2>&1 & )
    else
        ( cd "${AGENT_BIN%/*}" && env "$@" setsid "$AGENT_BIN" \
            -c 'while :; do sleep 3600; done' </dev/null >/dev/null 2>&1 & )
    fi
}

# Number of processes whose comm is the agent binary's name.
count_agents() {
    _n=0
    for _d in /proc/[0-9]*; do
        read -r _comm 2>/dev/null < "$_d/comm" || continue
        [ "$_comm" = "$COMM" ] && _n=$((_n + 1))
    done
    echo "$_n"
}

if [ "$AGENT_BIN" != - ] && [ "$START" = 1 ]; then
    COMM=${AGENT_BIN##*/}
    started=0
    if [ "$CTL" != - ]; then
        # LTD_LAB_BOOT: the start-up's start keeps the scenario's app_info.json.
        env LTD_LAB_BOOT=1 "$@" "/etc/init.d/$CTL" start >/dev/null 2>&1 || echo "agent start failed" >&2
        started=1
    fi
    while [ "$started" -lt "$INSTANCES" ]; do
        start_instance "$@"
        started=$((started + 1))
    done
    want=$INSTANCES
    [ "$PAIR" = 1 ] && want=$((INSTANCES * 2))
    i=0
    while [ "$i" -lt 50 ] && [ "$(count_agents)" -lt "$want" ]; do
        sleep 0.1
        i=$((i + 1))
    done
    if [ "$CONTAINER" = 1 ]; then
        # An agent in a container beside the host's: a PID namespace (and, for
        # its /proc, a mount namespace) of its own, daemon and worker inside.
        unshare --pid --fork --mount-proc sh -c \
            'cd "${1%/*}" && setsid "$1" -c "\"$1\" -c \"while :; do sleep 3600; done\" & wait" \
                </dev/null >/dev/null 2>&1 & wait' container "$AGENT_BIN" </dev/null >/dev/null 2>&1 &
        i=0
        while [ "$i" -lt 50 ] && [ "$(count_agents)" -lt $((want + 2)) ]; do
            sleep 0.1
            i=$((i + 1))
        done
    fi
    if [ "$TOUCH" != - ]; then
        # The config file changes after the agent started (and was not reloaded).
        # 5 s: a probe sees whole seconds (stat %Y, date +%s, ps etimes) taken at
        # slightly different moments, so a 3 s gap can measure as 2.
        sleep 5
        touch -c -- "$TOUCH"
    fi
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
