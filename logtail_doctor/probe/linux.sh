# logtail-doctor Linux probe, record format 3.
#
# Gathers, in one round trip, every fact the checks need. It only reads files
# and runs read-only commands (the agent's own `status`, ps, getent, ip, curl
# against the configured endpoint); it writes nothing on the host.
#
# Output: records, each a header line "\n<LTD_NONCE> <key> <rc>\n" followed by
# the value's raw bytes (at most LTD_MAX). A value ends where the next
# "\n<LTD_NONCE> " begins, or at the end of the output; that one "\n" is the
# separator's, so a value keeps its own newlines. The runner draws the nonce
# afresh for each probe, so nothing read from the host (files, DNS, the config
# server's answer) can know it: no value can end early or forge a record.
# Bytes before the first header (a login banner) are not ours.
# Format 3 adds "<key>.timeout <seconds>" (an empty value) after the exit code
# of a step that its bound cut: timeout's own exit code is not the command's.
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
# The record separator's nonce: 32 lowercase hex digits, prepended by the runner
# as LTD_NONCE=...; without one the output could not be framed, so nothing runs.
# (A pattern, not a length test: ansible's shell module would take the
# brace-hash of a length expansion for the start of a jinja2 comment.)
LTD_HEX8='[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'
# shellcheck disable=SC2254  # the pattern is meant as a pattern
case ${LTD_NONCE:-} in
  $LTD_HEX8$LTD_HEX8$LTD_HEX8$LTD_HEX8) ;;
  *)
    echo 'logtail-doctor probe: LTD_NONCE must be 32 lowercase hex digits' >&2
    exit 2
    ;;
esac
DIR=/usr/local/ilogtail
exec 6>&1

# Each process saved counts: the probe runs on thousands of hosts. Values
# whose size is bounded by construction (a clock, a path list, our own
# messages) are printed directly; only the others pass through `head -c`.

# header KEY RC: the line that starts a record; the value, if any, follows
# raw. Alone, it is a record with an empty value.
header() {
  printf '\n%s %s %s\n' "$LTD_NONCE" "$1" "$2"
}

# record KEY RC: stdin is the value, capped at LTD_MAX bytes.
record() {
  header "$1" "$2"
  head -c "$LTD_MAX"
}

# run KEY CMD...: records CMD's output (stdout+stderr), capped at LTD_MAX
# bytes, then its exit code as a record of its own, "<KEY>.rc <code>" with an
# empty value. The exit code comes back through fd 4, the value goes to the
# probe's stdout (fd 6) straight from head.
run() {
  _key=$1
  shift
  header "$_key" -
  _rc=$( { { "$@" 2>&1; printf '%s' "$?" >&4; } | head -c "$LTD_MAX" >&6; } 4>&1 )
  header "$_key.rc" "${_rc:-255}"
}

# small KEY CMD...: `run` for a command whose output is tiny by construction
# (date +%s, stat -c %Y): no cap, no subshell, one fork+exec.
small() {
  _key=$1
  shift
  header "$_key" -
  "$@" 2>&1
  header "$_key.rc" "$?"
}

# readfile KEY PATH: rc 0 = regular file (content follows), 1 = absent, 2 = not a regular file, 3 = unreadable.
readfile() {
  if [ -f "$2" ]; then
    if [ -r "$2" ]; then record "$1" 0 < "$2"; else header "$1" 3; fi
  elif [ -e "$2" ] || [ -L "$2" ]; then header "$1" 2
  else header "$1" 1
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

# bounded KEY CMD...: `run KEY CMD...` with CMD cut after LTD_STEP seconds.
# When the cut happened, "<KEY>.timeout <LTD_STEP>" follows the exit code
# record, for that code is timeout's, not CMD's: GNU timeout exits 124,
# BusyBox's 143 (its TERM), either 137 once it had to KILL. (A CMD that exits
# so by itself, or is killed by TERM from elsewhere, reads as cut: the agent's
# status and getent exit 0-3.) Without a timeout command nothing is cut.
bounded() {
  _bkey=$1
  shift
  run "$_bkey" limit "$LTD_STEP" "$@"
  if [ -n "$LTD_TIMEOUT" ]; then
    case $_rc in 124|137|143) header "$_bkey.timeout" "$LTD_STEP" ;; esac
  fi
}

# try_url URL: the record "http=URL" of `curl URL`, or "curl is not installed".
try_url() {
  if command -v curl >/dev/null 2>&1; then
    # -i: the answer's Date header tells the endpoint's clock.
    # --max-time bounds the whole transfer (resolve, connect, TLS, answer), so
    # curl needs no timeout wrapper (one process fewer); its exit 28 says
    # that bound (or --connect-timeout's) was reached: a "<key>.timeout"
    # record as `bounded` writes follows.
    # -k: the check asks whether the config server answers on 443, as the
    # guide does (is the port open); certificate trust is not judged, and
    # loading the system CA bundle costs about 40 ms of CPU per curl
    # (OpenSSL 3), the largest single cost of the probe.
    run "http=$1" curl -k -sS -i -g --max-time "$LTD_STEP" \
      --connect-timeout "$LTD_STEP" \
      -w '\nltd-http-code:%{http_code}' -- "$1"
    [ "$_rc" != 28 ] || header "http=$1.timeout" "$LTD_STEP"
  else
    header "http=$1" 127; printf 'curl is not installed\n'
  fi
}

header probe 0; printf 3  # the record format
# The host name: the UTS nodename, what `uname -n` prints, read by the shell
# itself; `uname -n` only where that file cannot be read. getent below
# resolves the same value.
if IFS= read -r LTD_HOST 2>/dev/null < /proc/sys/kernel/hostname; then
  LTD_HOST_RC=0
else
  LTD_HOST=$(uname -n 2>&1)
  LTD_HOST_RC=$?
fi
header hostname -; printf '%s\n' "$LTD_HOST"; header hostname.rc "$LTD_HOST_RC"

# Where the agent's files are: the installer's layout (Logtail, SLS
# LoongCollector), or the open-source LoongCollector's under /opt/loongcollector.
if [ ! -e "$DIR" ] && [ ! -e /etc/init.d/ilogtaild ] && [ ! -e /etc/init.d/loongcollectord ] \
   && [ -d /opt/loongcollector ]; then
  C=/opt/loongcollector
  CONFIG=$C/conf/instance_config/local/loongcollector_config.json
  APP_INFO=$C/run/app_info.json USERS=$C/conf/users UDID=$C/conf/user_defined_id
  header layout 0; printf community
else
  CONFIG=$DIR/ilogtail_config.json
  APP_INFO=$DIR/app_info.json USERS=/etc/ilogtail/users UDID=/etc/ilogtail/user_defined_id
  header layout 0; printf standard
fi

# Step 1: install files, service scripts, processes. (At most 7 short lines:
# bounded by construction, so no `head` and no pipe.)
header paths 0
for p in "$DIR" "$DIR/ilogtail" "$DIR/loongcollector" /etc/init.d/ilogtaild \
         /etc/init.d/loongcollectord /opt/loongcollector /opt/loongcollector/loongcollector; do
  if [ -L "$p" ]; then printf 'l %s -> %s\n' "$p" "$(readlink "$p")"
  elif [ -d "$p" ]; then printf 'd %s\n' "$p"
  elif [ -f "$p" ]; then printf 'f %s\n' "$p"
  fi
done
for svc in ilogtaild loongcollectord; do
  if [ -x "/etc/init.d/$svc" ]; then
    bounded "status.$svc" "/etc/init.d/$svc" status
  fi
done
# The clock next to ps: the agent's start is epoch minus its elapsed seconds.
small epoch date +%s
AGENT_PS=$(agent_ps)
PS_RC=$?
printf '%s' "$AGENT_PS" | record ps -
header ps.rc "$PS_RC"

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
    header agent_env 3
  fi
fi

# Step 2: install parameters, when the file last changed, and the endpoint it names.
readfile config "$CONFIG"
if [ -f "$CONFIG" ]; then
  small config_mtime stat -c %Y "$CONFIG"
  # Only URLs made of plain host/path characters are tried, so nothing from
  # the file can become a curl option or a shell word. Each http URL is also
  # tried over https: the agent authenticates over 443 (domain-facts §4.1).
  # At most two URLs (a config has one or two config servers), so at most
  # four curls: with 2 status calls and getent, 7 bounded steps in all.
  head -c "$LTD_MAX" "$CONFIG" \
    | grep -o 'https\{0,1\}://[A-Za-z0-9._:/-]*' | head -n 2 \
    | while read -r url; do
        case $url in http://*) set -- "$url" "https://${url#http://}" ;; *) set -- "$url" ;; esac
        for u in "$@"; do try_url "$u"; done
      done
fi

# Step 3: the IP the agent recorded, and what it would pick now.
readfile app_info "$APP_INFO"
readfile etc_hosts /etc/hosts
bounded resolve getent ahostsv4 "$LTD_HOST"
run nics ip -4 -o addr show

# Step 4: user identifiers (file names are the account IDs) and custom identifiers.
if [ -d "$USERS" ]; then
  ls -1Ap "$USERS" 2>&1 | record users 0
elif [ -e "$USERS" ]; then
  header users 2
else
  header users 1
fi
readfile user_defined_id "$UDID"
header end 0
