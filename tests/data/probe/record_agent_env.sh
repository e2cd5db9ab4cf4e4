#!/bin/sh
# Records real runs of linux.sh on hosts set up as a real install has them
# (issue 33): the agent's environment, the config file it names, config.d, the
# ECS metadata cache, an agent in a container (a PID namespace of its own)
# beside the host's. Each run happens in private namespaces of this machine
# (`unshare -m -p -f --mount-proc -n -u`: mounts, processes, network, host
# name), over copy-on-write views of /etc and /usr/local kept in a tmpfs, so
# nothing outside changes and no packet leaves (only lo, down).
# The agent is a copy of dash named ilogtail: a daemon whose worker loops.
#
# Run as root from the repo root; writes tests/data/probe/recorded_agent_env_*.txt
# with the fixed test nonce (make_cases.py's NONCE):
#     sh tests/data/probe/record_agent_env.sh
set -eu
NONCE=7e57da7a7e57da7a7e57da7a7e57da7a
HERE=$(cd "$(dirname "$0")" && pwd)
PROBE=$HERE/../../../logtail_doctor/probe/linux.sh

scene() {  # scene NAME: the body below, for scene NAME, in fresh namespaces
  unshare -m -p -f --mount-proc -n -u sh -eu -c '
    SCENE=$1 PROBE=$2 NONCE=$3 OUT=$4
    hostname "vm-$SCENE.lab"
    mount --make-rprivate /
    # Copy-on-write views of /etc and /usr/local, their changes in a tmpfs:
    # nothing is created on the machine itself, not even a mount point.
    mount -t tmpfs -o size=64m "ltd-rec-$SCENE" /mnt
    for part in etc usr_local; do mkdir "/mnt/$part.u" "/mnt/$part.w"; done
    mount -t overlay ltd-rec-etc -o lowerdir=/etc,upperdir=/mnt/etc.u,workdir=/mnt/etc.w /etc
    mount -t overlay ltd-rec-usr-local \
      -o lowerdir=/usr/local,upperdir=/mnt/usr_local.u,workdir=/mnt/usr_local.w /usr/local
    rm -rf /usr/local/ilogtail /etc/ilogtail /etc/init.d/ilogtaild /etc/init.d/loongcollectord
    mkdir -p /usr/local/ilogtail /etc/ilogtail
    D=/usr/local/ilogtail E=/etc/ilogtail
    cp /bin/dash $D/ilogtail
    mkdir -p $E/users $E/config.d $E/checkpoint $E/conf/cn-shanghai
    printf "{\"config_server_address\": \"http://logtail.cn-hangzhou-intranet.log.aliyuncs.com\", \"data_server_list\": [{\"cluster\": \"cn-hangzhou\", \"endpoint\": \"cn-hangzhou-intranet.log.aliyuncs.com\"}]}\n" > $D/ilogtail_config.json
    start_agent() {  # start_agent ENV...: a daemon and its worker, in this PID namespace
      (cd $D && env "$@" setsid $D/ilogtail -c "$D/ilogtail -c \"while :; do sleep 60; done\" & wait" \
        </dev/null >/dev/null 2>&1 &)
    }
    case $SCENE in
      full)
        printf "{\"config_server_address\": \"http://logtail.cn-shanghai.log.aliyuncs.com\", \"data_server_list\": [{\"cluster\": \"cn-shanghai\", \"endpoint\": \"cn-shanghai.log.aliyuncs.com\"}]}\n" > $E/conf/cn-shanghai/ilogtail_config.json
        printf "{\"cpu_usage_limit\": 2}\n" > $E/config.d/10-limits.json
        printf "{\"config_server_address\": \"http://logtail.cn-beijing.log.aliyuncs.com\"}\n" > $E/config.d/20-region.json
        printf "{\"instance-id\": \"i-bp1example\", \"owner-account-id\": \"1559122535028493\", \"region-id\": \"cn-hangzhou\"}\n" > $E/checkpoint/instance_identity
        printf "web-1\n" > $E/user_defined_id
        start_agent ALIYUN_LOGTAIL_CONFIG=$E/conf/cn-shanghai/ilogtail_config.json \
          ALIYUN_LOGTAIL_USER_ID=1559122535028493,1234567890123456 \
          ALIYUN_LOGTAIL_USER_DEFINED_ID=k8s-group-c1 ALIYUN_LOGTAIL_WORKING_IP=10.0.0.11 \
          https_proxy=http://proxy.lab:3128 DB_PASSWORD=not-for-the-report
        # An agent in a container: its own PID (and mount) namespace, as a
        # logtail-ds pod or `docker run` of the agent image has it.
        unshare -m -p -f --mount-proc sh -c "(cd $D && setsid $D/ilogtail -c \"$D/ilogtail -c \\\"while :; do sleep 60; done\\\" & wait\" </dev/null >/dev/null 2>&1 &); sleep 60" &
        ;;
      hostile)
        # Thousands of variables, a newline in a value that tries to pass for
        # a variable of its own, a config path of odd characters.
        i=0 vars=
        while [ $i -lt 3000 ]; do vars="$vars FILLER_$i=x"; i=$((i + 1)); done
        nl="
"
        mkdir -p /etc/ilogtail/moved/config.d /etc/ilogtail/moved/users
        touch /etc/ilogtail/moved/users/1111111111111111
        printf "{\"bad\": \n" > /etc/ilogtail/moved/config.d/a-not-json.json
        head -c 2048 /dev/urandom > /etc/ilogtail/moved/config.d/b-binary.json
        ln -s c-loop.json /etc/ilogtail/moved/config.d/c-loop.json
        mkdir /etc/ilogtail/moved/config.d/d-dir.json
        printf "{}\n" > "/etc/ilogtail/moved/config.d/e space.json"
        # shellcheck disable=SC2086
        start_agent $vars "NOTE=x${nl}ALIYUN_LOGTAIL_USER_ID=666" \
          "LOONG_CONFIG=/etc/ilogtail/my config.json" ALIYUN_LOGTAIL_SYS_CONF_DIR=/etc/ilogtail/moved/
        ;;
      moved)
        # logtail_sys_conf_dir in the config moves the folder of the agent (and wins
        # over ALIYUN_LOGTAIL_SYS_CONF_DIR of the environment).
        mkdir -p $E/alt/users $E/alt/config.d $E/alt/checkpoint $E/env/users
        printf "{\"config_server_address\": \"http://logtail.cn-hangzhou-intranet.log.aliyuncs.com\", \"logtail_sys_conf_dir\": \"$E/alt/\"}\n" > $D/ilogtail_config.json
        touch $E/alt/users/1234567890123456 $E/env/users/1111111111111111
        printf "web-custom-1\n" > $E/alt/user_defined_id
        printf "{\"config_server_address\": \"http://logtail.cn-beijing.log.aliyuncs.com\"}\n" > $E/alt/config.d/30-region.json
        printf "{\"owner-account-id\": \"1234567890123456\"}\n" > $E/alt/checkpoint/instance_identity
        start_agent ALIYUN_LOGTAIL_SYS_CONF_DIR=$E/env
        ;;
    esac
    i=0
    while [ $i -lt 50 ] && [ "$(cat /proc/[0-9]*/comm 2>/dev/null | grep -c "^ilogtail$")" -lt 2 ]; do
      sleep 0.1; i=$((i + 1))
    done
    sleep 0.5
    LTD_STEP=2 LTD_NONCE=$NONCE sh "$PROBE" > "$OUT"
  ' scene "$1" "$PROBE" "$NONCE" "$HERE/recorded_agent_env_$1.txt"
}

scene full
scene hostile
scene moved
