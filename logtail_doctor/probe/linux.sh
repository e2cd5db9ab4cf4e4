# logtail-doctor Linux probe, record format 1.
#
# Gathers, in one round trip, every fact the checks need. It only reads files
# and runs read-only commands (the agent's own `status`, ps, getent, ip, curl
# against the configured endpoint); it writes nothing on the host.
#
# Output: one record per line, "<key> <rc> <base64 of at most LTD_MAX bytes>".
# Values never appear raw, so nothing read from the host can break the framing.
LC_ALL=C
export LC_ALL
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH
LTD_MAX=65536
LTD_NL='
'
# Seconds one slow step (the agent's status, curl, getent) may take; the runner
# sets it from --command-timeout by prepending LTD_STEP=N to this script.
case ${LTD_STEP:-} in ''|*[!0-9]*) LTD_STEP=15 ;; esac
DIR=/usr/local/ilogtail
exec 6>&1

# Unwrapped base64 in one process where base64 has -w (GNU, BusyBox): each
# process saved counts, the probe runs on thousands of hosts.
LTD_B64W=0
if printf x | base64 -w 0 >/dev/null 2>&1; then LTD_B64W=1; fi

# record KEY RC: stdin is the value, in base64 on one line. base64 stands in
# the pipeline itself, not in a function: a function there costs a fork more.
record() {
  printf '%s %s ' "$1" "$2"
  if [ "$LTD_B64W" = 1 ]; then
    head -c "$LTD_MAX" | base64 -w 0
  else
    head -c "$LTD_MAX" | base64 | tr -d '\n'
  fi
  printf '\n'
}

# empty KEY RC: a record with an empty value, without reading anything.
empty() {
  printf '%s %s \n' "$1" "$2"
}

# run KEY CMD...: records CMD's output (stdout+stderr), then its exit code
# as a record of its own, "<KEY>.rc <code>". The value's line is what record
# writes, with its pipeline inlined: two forks fewer per command.
run() {
  _key=$1
  shift
  printf '%s - ' "$_key"
  if [ "$LTD_B64W" = 1 ]; then
    _rc=$( { { "$@" 2>&1; printf '%s' "$?" >&4; } | head -c "$LTD_MAX" | base64 -w 0 >&6; } 4>&1 )
  else
    _rc=$( { { "$@" 2>&1; printf '%s' "$?" >&4; } | head -c "$LTD_MAX" | base64 | tr -d '\n' >&6; } 4>&1 )
  fi
  printf '\n%s.rc %s\n' "$_key" "${_rc:-255}"
}

# readfile KEY PATH: rc 0 = regular file (content follows), 1 = absent, 2 = not a regular file, 3 = unreadable.
readfile() {
  if [ -f "$2" ]; then
    if [ -r "$2" ]; then record "$1" 0 < "$2"; else empty "$1" 3; fi
  elif [ -e "$2" ] || [ -L "$2" ]; then empty "$1" 2
  else empty "$1" 1
  fi
}

# The agent's processes only: a busy host's full table would dwarf the rest.
# etimes (seconds since start) tells whether the config changed after start;
# ps implementations without it (old procps, BusyBox) give three columns.
agent_ps() {
  _table=$(ps -e -o pid= -o ppid= -o etimes= -o comm= 2>/dev/null) \
    || _table=$(ps -e -o pid= -o ppid= -o comm=) || return $?
  printf '%s\n' "$_table" \
    | grep -E '^ *[0-9]+ +[0-9]+ +([0-9]+ +)?(ilogtail|loongcollect)' || true
}

# limit SECONDS CMD...: CMD, killed after SECONDS (TERM, then KILL 2 s later
# where timeout supports -k), when a timeout command exists.
if command -v timeout >/dev/null 2>&1; then
  if timeout -k 1 5 true >/dev/null 2>&1; then LTD_TIMEOUT="timeout -k 2"; else LTD_TIMEOUT=timeout; fi
else
  LTD_TIMEOUT=
fi
limit() {
  if [ -n "$LTD_TIMEOUT" ]; then $LTD_TIMEOUT "$@"; else shift; "$@"; fi
}

echo 'probe 0 MQ=='  # the record format, "1", in base64
run hostname uname -n

# Where the agent's files are: the installer's layout (Logtail, SLS
# LoongCollector), or the open-source LoongCollector's under /opt/loongcollector.
if [ ! -e "$DIR" ] && [ ! -e /etc/init.d/ilogtaild ] && [ ! -e /etc/init.d/loongcollectord ] \
   && [ -d /opt/loongcollector ]; then
  C=/opt/loongcollector
  CONFIG=$C/conf/instance_config/local/loongcollector_config.json
  APP_INFO=$C/run/app_info.json USERS=$C/conf/users UDID=$C/conf/user_defined_id
  echo 'layout 0 Y29tbXVuaXR5'  # "community"
else
  CONFIG=$DIR/ilogtail_config.json
  APP_INFO=$DIR/app_info.json USERS=/etc/ilogtail/users UDID=/etc/ilogtail/user_defined_id
  echo 'layout 0 c3RhbmRhcmQ='  # "standard"
fi

# Step 1: install files, service scripts, processes.
for p in "$DIR" "$DIR/ilogtail" "$DIR/loongcollector" /etc/init.d/ilogtaild \
         /etc/init.d/loongcollectord /opt/loongcollector /opt/loongcollector/loongcollector; do
  if [ -L "$p" ]; then printf 'l %s -> %s\n' "$p" "$(readlink "$p")"
  elif [ -d "$p" ]; then printf 'd %s\n' "$p"
  elif [ -f "$p" ]; then printf 'f %s\n' "$p"
  fi
done | record paths 0
for svc in ilogtaild loongcollectord; do
  if [ -x "/etc/init.d/$svc" ]; then
    run "status.$svc" limit "$LTD_STEP" "/etc/init.d/$svc" status
  fi
done
# The clock next to ps: the agent's start is epoch minus its elapsed seconds.
run epoch date +%s
AGENT_PS=$(agent_ps)
PS_RC=$?
printf '%s' "$AGENT_PS" | record ps -
echo "ps.rc $PS_RC"

# The proxy variables in the environment of the agent's first process (its
# daemon): the agent reads HTTP(S)_PROXY, ALL_PROXY, NO_PROXY in either case.
# Only those lines are kept: the rest of an environment may hold secrets.
# (The first field of the first line, by parameter expansion: no subshell.)
AGENT_PID=${AGENT_PS%%"$LTD_NL"*}
AGENT_PID=${AGENT_PID#"${AGENT_PID%%[! 	]*}"}
AGENT_PID=${AGENT_PID%%[ 	]*}
if [ -n "$AGENT_PID" ]; then
  if [ -r "/proc/$AGENT_PID/environ" ]; then
    tr '\000' '\n' < "/proc/$AGENT_PID/environ" \
      | grep -E '^([Hh][Tt][Tt][Pp][Ss]?|[Aa][Ll][Ll]|[Nn][Oo])_([Pp][Rr][Oo][Xx][Yy])=' \
      | record agent_env 0
  else
    empty agent_env 3
  fi
fi

# Step 2: install parameters, when the file last changed, and the endpoint it names.
readfile config "$CONFIG"
if [ -f "$CONFIG" ]; then
  run config_mtime stat -c %Y "$CONFIG"
  # Only URLs made of plain host/path characters are tried, so nothing from
  # the file can become a curl option or a shell word. Each http URL is also
  # tried over https: the agent authenticates over 443 (domain-facts §4.1).
  # At most two URLs (a config has one or two config servers), so at most
  # four curls: with 2 status calls and getent, 7 bounded steps in all.
  head -c "$LTD_MAX" "$CONFIG" \
    | grep -o 'https\{0,1\}://[A-Za-z0-9._:/-]*' | head -n 2 \
    | while read -r url; do
        case $url in http://*) set -- "$url" "https://${url#http://}" ;; *) set -- "$url" ;; esac
        for u in "$@"; do
          if command -v curl >/dev/null 2>&1; then
            # -i: the answer's Date header tells the endpoint's clock.
            # --max-time bounds the whole transfer (resolve, connect, TLS,
            # answer), so curl needs no timeout wrapper (one process fewer).
            run "http=$u" curl -sS -i -g --max-time "$LTD_STEP" \
              --connect-timeout "$LTD_STEP" \
              -w '\nltd-http-code:%{http_code}' -- "$u"
          else
            printf 'curl is not installed\n' | record "http=$u" 127
          fi
        done
      done
fi

# Step 3: the IP the agent recorded, and what it would pick now.
readfile app_info "$APP_INFO"
readfile etc_hosts /etc/hosts
run resolve limit "$LTD_STEP" getent ahostsv4 "$(uname -n)"
run nics ip -4 -o addr show

# Step 4: user identifiers (file names are the account IDs) and custom identifiers.
if [ -d "$USERS" ]; then
  ls -1Ap "$USERS" 2>&1 | record users 0
elif [ -e "$USERS" ]; then
  empty users 2
else
  empty users 1
fi
readfile user_defined_id "$UDID"
echo 'end 0 MQ=='
