#!/bin/sh
# Lab stand-in for the agent's SysV control script.
# Supports start | stop | restart | status.  Process state is read from /proc
# (no pid file), the way the real checker counts daemon and worker processes.
AGENT=@AGENT@
BIN_DIR=/usr/local/ilogtail
BIN="$BIN_DIR/$AGENT"

# Sets DAEMONS (comm == $AGENT with PPID 1) and WORKERS (comm == $AGENT whose
# parent is one of the daemons), and their counts ND and NW.  Shell builtins
# only, so a status call costs no extra processes.
scan() {
    DAEMONS="" WORKERS="" _pairs="" ND=0 NW=0
    for _d in /proc/[0-9]*; do
        read -r _comm 2>/dev/null < "$_d/comm" || continue
        [ "$_comm" = "$AGENT" ] || continue
        # Only init's PID namespace, as loongcollectord's checkStatus counts:
        # an agent in a container on this host is not this host's.
        [ "$_d/ns/pid" -ef /proc/1/ns/pid ] || continue
        read -r _stat 2>/dev/null < "$_d/stat" || continue
        _rest=${_stat##*) }
        set -- $_rest
        _pid=${_d#/proc/}
        if [ "$2" = 1 ]; then
            DAEMONS="$DAEMONS $_pid"
            ND=$((ND + 1))
        else
            _pairs="$_pairs $_pid:$2"
        fi
    done
    for _p in $_pairs; do
        for _dm in $DAEMONS; do
            if [ "${_p#*:}" = "$_dm" ]; then
                WORKERS="$WORKERS ${_p%%:*}"
                NW=$((NW + 1))
            fi
        done
    done
}

# 0 running, 1 stopped, 2 abnormal (same codes as the real checkStatus).
check() {
    scan
    [ "$ND" -eq 0 ] && return 1
    [ "$ND" -eq 1 ] && [ "$NW" -eq 1 ] && return 0
    echo "$AGENT ppid:$DAEMONS, cpid:$WORKERS"
    return 2
}

# Fault injection (scenario field agent_status), fixed when the lab writes this file.
STATUS_FAULT=@STATUS_FAULT@

status() {
    case $STATUS_FAULT in
        hang) sleep 3600 ;;
        hold_output) sleep 3600 & ;;
        flood) yes 'status output that never ends' | head -c 10485760 ;;  # 10 MB
        drop_session|freeze_session)
            # The sshd process serving this session: killed (the connection drops),
            # or stopped (the connection stays open and goes silent: a frozen host).
            _sig=KILL
            [ "$STATUS_FAULT" = freeze_session ] && _sig=STOP
            _p=$$
            while [ "$_p" -gt 1 ]; do
                read -r _comm 2>/dev/null < "/proc/$_p/comm" || break
                if [ "$_comm" = sshd ]; then kill -"$_sig" "$_p"; break; fi
                read -r _stat 2>/dev/null < "/proc/$_p/stat" || break
                _rest=${_stat##*) }
                set -- $_rest
                _p=$2
            done
            ;;
    esac
    check
    case $? in
        0) echo "$AGENT is running"; return 0 ;;
        1) echo "$AGENT is stopped"; return 3 ;;
        *) echo "$AGENT running process is abnormal."; return 1 ;;
    esac
}

# Scenario field agent_records_ip: a start by hand (not the host's start-up,
# which sets LTD_LAB_BOOT) records in app_info.json the IP the host's name
# resolves to now, as the agent does when it starts.
RECORD_IP=@RECORD_IP@
APP_INFO=@APP_INFO@
BOOT=${LTD_LAB_BOOT:-}
unset LTD_LAB_BOOT

record_ip() {
    [ "$RECORD_IP" = 1 ] && [ -z "$BOOT" ] || return 0
    read -r _name < /proc/sys/kernel/hostname || return 0
    _ip=$(getent ahostsv4 "$_name" | { read -r _a _rest; echo "$_a"; })
    [ -n "$_ip" ] || return 0
    sed -i "s/^\(   \"ip\" : \"\)[^\"]*\"/\1$_ip\"/" "$APP_INFO"
}

start() {
    if check >/dev/null; then
        echo "$AGENT is running"
        return 0
    fi
    cd "$BIN_DIR" || return 1
    # daemon (session leader, re-parented to PID 1) + one worker of the same name
    ( setsid "$BIN" -c "$BIN -c 'while :; do sleep 3600; done' & wait" \
        </dev/null >/dev/null 2>&1 & )
    i=0
    while [ $i -lt 50 ]; do
        check >/dev/null && { record_ip; echo "$AGENT is running"; return 0; }
        sleep 0.1
        i=$((i + 1))
    done
    status
}

stop() {
    scan
    for _dm in $DAEMONS; do kill -TERM -"$_dm" 2>/dev/null; done
    for _w in $WORKERS; do kill -TERM "$_w" 2>/dev/null; done
    i=0
    while [ $i -lt 50 ]; do
        check >/dev/null
        [ $? -eq 1 ] && { echo "stop successfully"; return 0; }
        sleep 0.1
        i=$((i + 1))
    done
    scan
    for _p in $DAEMONS $WORKERS; do kill -KILL "$_p" 2>/dev/null; done
    echo "graceful stop failed, killed"
    return 1
}

case "$1" in
    start) start ;;
    stop) stop ;;
    restart) stop; start ;;
    status) status ;;
    *) echo "Usage: $0 { start | stop | restart | status }"; exit 2 ;;
esac
exit $?
