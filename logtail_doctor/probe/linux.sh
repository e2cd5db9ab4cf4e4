# logtail-doctor Linux probe, record format 4.
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
# Format 4 fetches every URL in one curl run: each "http=<url>" record is
# followed by its ".rc" and, always, its ".timeout <seconds>" (curl's own
# --max-time bound, which counts as the cut only where curl exits 28).
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
# The ECS metadata document the agent reads the account owning this ECS from.
LTD_META_URL=http://100.100.100.200/latest/dynamic/instance-identity/document
exec 6>&1

# Each process saved counts: the probe runs on thousands of hosts (at most 14
# program starts on a healthy host beyond the session's own, the agent log's
# `tail` among them: bench/probe_cost.py counts them). Values
# whose size is bounded by construction (a clock, a path list, our own
# messages) or by the program that prints them (ip) are printed directly;
# the agent's `status` and getent pass through one shared `head -c`; files and the config server's answer pass through `cat` or
# `head -c` after their size is known; the agent's processes come from /proc
# read by the shell itself, not ps.

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

# The agent's processes only, as `ps -e -o pid= -o ppid= -o etimes= -o comm=`
# prints them (a busy host's full table would dwarf the rest), read from /proc
# by the shell: comm, the parent from stat, and etimes (seconds since start:
# whether the config changed after the start) as ps computes it, whole seconds
# of uptime minus whole seconds of the start time (clock ticks of USER_HZ,
# which Linux exports as 100). Globbed by number of digits, so pids come in
# ps's (numeric) order and the first line is the agent's oldest process.
agent_ps() {
  IFS=' .' read -r _up _ < /proc/uptime || return 1
  for _d in /proc/[0-9] /proc/[0-9][0-9] /proc/[0-9][0-9][0-9] /proc/[0-9][0-9][0-9][0-9] \
            /proc/[0-9][0-9][0-9][0-9][0-9] /proc/[0-9][0-9][0-9][0-9][0-9][0-9] \
            /proc/[0-9][0-9][0-9][0-9][0-9][0-9][0-9]; do
    read -r _comm 2>/dev/null < "$_d/comm" || continue
    case $_comm in ilogtail*|loongcollect*) ;; *) continue ;; esac
    read -r _stat 2>/dev/null < "$_d/stat" || continue
    # The fields after "(comm) ": state is $1, the parent $2, starttime $20.
    # shellcheck disable=SC2086  # split on purpose
    set -- ${_stat##*) }
    [ "$#" -ge 20 ] || continue
    _ppid=$2
    shift 19
    printf '%s %s %s %s\n' "${_d#/proc/}" "$_ppid" "$((_up - $1 / 100))" "$_comm"
  done
}
# limit SECONDS CMD...: CMD, killed after SECONDS (TERM, then KILL 2 s later),
# when a timeout command exists. Found by the shell's own PATH search, with no
# feature test run: a timeout that is a symlink (BusyBox's, toybox's or another
# multi-call binary, whose -k support varies) is used without -k; a regular
# file (coreutils, which has had -k since 7.0) with it.
LTD_TIMEOUT=$(command -v timeout 2>/dev/null) || LTD_TIMEOUT=
case $LTD_TIMEOUT in
  /*) if [ -L "$LTD_TIMEOUT" ]; then LTD_TIMEOUT=timeout; else LTD_TIMEOUT="timeout -k 2"; fi ;;
  *) LTD_TIMEOUT= ;;
esac
limit() {
  if [ -n "$LTD_TIMEOUT" ]; then $LTD_TIMEOUT "$@"; else shift; "$@"; fi
}

# bounded KEY CMD...: `small KEY CMD...` with CMD cut after LTD_STEP seconds.
# When the cut happened, "<KEY>.timeout <LTD_STEP>" follows the exit code
# record, for that code is timeout's, not CMD's: GNU timeout exits 124,
# BusyBox's 143 (its TERM), either 137 once it had to KILL. (A CMD that exits
# so by itself, or is killed by TERM from elsewhere, reads as cut: the agent's
# status and getent exit 0-3.) Without a timeout command nothing is cut. The
# output is capped where `bounded` is called: the steps share one `head -c`
# (see "slow steps" below), for one program start on a healthy host.
bounded() {
  _bkey=$1
  shift
  header "$_bkey" -
  limit "$LTD_STEP" "$@" 2>&1
  _rc=$?
  header "$_bkey.rc" "$_rc"
  if [ -n "$LTD_TIMEOUT" ]; then
    case $_rc in 124|137|143) header "$_bkey.timeout" "$LTD_STEP" ;; esac
  fi
}

# try_urls URL...: the records "http=URL" of every URL, fetched by one curl
# run (`--next` between the URLs, each with its own options), or "curl is not
# installed". Each transfer's --write-out closes its own record (the
# "ltd-http-code:" marker, its ".rc" header with that transfer's %{exitcode},
# its ".timeout" header: --max-time's bound) and opens the next URL's record.
# --stderr - puts curl's own messages ("curl: (7) ...") through the same
# buffer as the answer and the write-out, so each stays in its transfer's
# record. The URLs are made of [A-Za-z0-9._:/-] only (see below) and passed
# with --url: none can become an option, and no "%" or "\" reaches the
# write-out format. One `head -c` caps the run at LTD_MAX bytes per URL.
# -i: the answer's Date header tells the endpoint's clock. --max-time bounds
# each transfer (resolve, connect, TLS, answer), so curl needs no timeout
# wrapper; its exit 28 says that bound (or --connect-timeout's) was reached.
# -k: the check asks whether the config server answers on 443, as the guide
# does (is the port open); certificate trust is not judged, and loading the
# system CA bundle costs about 40 ms of CPU per curl (OpenSSL 3).
try_urls() {
  if ! command -v curl >/dev/null 2>&1; then
    for _u in "$@"; do header "http=$_u" 127; printf 'curl is not installed\n'; done
    return
  fi
  header "http=$1" -
  _i=0
  _total=$#
  _cap=$((LTD_MAX * (_total + 1)))
  # The positional parameters become curl's arguments: each round takes the
  # next URL from the front and appends its options at the end.
  while [ "$_i" -lt "$_total" ]; do
    _u=$1
    shift
    _i=$((_i + 1))
    _mt=$LTD_STEP
    [ "$_u" != "$LTD_META_URL" ] || _mt=2
    _w='\nltd-http-code:%{http_code}\n'"$LTD_NONCE http=$_u.rc %{exitcode}"'\n\n'
    _w="$_w$LTD_NONCE http=$_u.timeout $_mt"'\n'
    if [ "$_i" -lt "$_total" ]; then
      _w="$_w"'\n'"$LTD_NONCE http=$1 -"'\n'
      set -- "$@" -k -sS -i -g --max-time "$_mt" --connect-timeout "$_mt" \
        -w "$_w" --url "$_u" --next
    elif [ -n "${LTD_TLS_URL:-}" ]; then
      _w="$_w"'\n'"$LTD_NONCE tls=$LTD_TLS_URL -"'\n'
      set -- "$@" -k -sS -i -g --max-time "$_mt" --connect-timeout "$_mt" \
        -w "$_w" --url "$_u" --next
    else
      set -- "$@" -k -sS -i -g --max-time "$_mt" --connect-timeout "$_mt" \
        -w "$_w" --url "$_u"
    fi
  done
  # TLS as the agent does it: the config server over https, verified against
  # the agent's own bundle ($LTD_CA), not the system's and not -k. curl does
  # not reuse the -k transfer's connection for it (their TLS settings differ).
  if [ -n "${LTD_TLS_URL:-}" ]; then
    _w='\nltd-http-code:%{http_code}\n'"$LTD_NONCE tls=$LTD_TLS_URL.rc %{exitcode}"'\n\n'
    _w="$_w$LTD_NONCE tls=$LTD_TLS_URL.timeout $LTD_STEP"'\n'
    set -- "$@" --cacert "$LTD_CA" -sS -i -g --max-time "$LTD_STEP" \
      --connect-timeout "$LTD_STEP" -w "$_w" --url "$LTD_TLS_URL"
  fi
  curl --stderr - "$@" 2>&1 | head -c "$_cap"
}

# config_urls FILE N: the first N URLs of FILE (at most LTD_MAX bytes), one a
# line, as `grep -o 'https\{0,1\}://[A-Za-z0-9._:/-]*' | head -n N` finds
# them, by the shell itself; with N 2 (the start config), also
# "sysconf=<dir>" where the file sets logtail_sys_conf_dir to a plain path.
config_urls() {
  _found=0
  _want=$2
  _sys=
  [ "$_want" -eq 2 ] || _sys=-
  while [ "$_found" -lt "$_want" ] || [ -z "$_sys" ]; do
    IFS= read -r _line || [ -n "$_line" ] || break
    _rest=$_line
    _line=
    case $_rest in
      *'"logtail_sys_conf_dir"'*)
        _v=${_rest#*'"logtail_sys_conf_dir"'}
        _v=${_v#"${_v%%[!	 :]*}"}
        case $_v in
          '"/'*) _v=${_v#'"'}; _v=${_v%%'"'*}
            case $_v in *[!A-Za-z0-9._/-]*) ;; *) printf 'sysconf=%s\n' "$_v"; _sys=- ;; esac ;;
        esac
        ;;
    esac
    while [ "$_found" -lt "$_want" ]; do
      case $_rest in *http*) ;; *) break ;; esac
      _rest=${_rest#*http}
      case $_rest in
        '://'*) _scheme=http _rest=${_rest#'://'} ;;
        's://'*) _scheme=https _rest=${_rest#'s://'} ;;
        *) continue ;;
      esac
      _tail=${_rest%%[!A-Za-z0-9._:/-]*}
      printf '%s://%s\n' "$_scheme" "$_tail"
      _found=$((_found + 1))
      _rest=${_rest#"$_tail"}
    done
  done < "$1"
}

# The agent's files and /etc/hosts: which are regular files, and their sizes
# and times, from one stat run ("<size> <mtime> <path>" a line; the paths are
# this script's own, without spaces or newlines).
# file_stat PATH: sets _size and _mtime from LTD_STATS, or fails.
file_stat() {
  _size= _mtime=
  _rest=$LTD_STATS
  while [ -n "$_rest" ]; do
    _line=${_rest%%"$LTD_NL"*}
    case $_rest in *"$LTD_NL"*) _rest=${_rest#*"$LTD_NL"} ;; *) _rest= ;; esac
    case $_line in *" $1") ;; *) continue ;; esac
    _size=${_line%% *}
    _mtime=${_line#* }
    _mtime=${_mtime%% *}
    case $_size$_mtime in ''|*[!0-9]*) return 1 ;; esac
    return 0
  done
  return 1
}

# readfiles KEY PATH [KEY PATH]... (at most 6 pairs): the record of each
# file, rc 0 = regular file (content follows), 1 = absent, 2 = not a regular
# file, 3 = unreadable. The readable files of at most LTD_MAX bytes (all of
# them, on a healthy host) go out in one `cat`; each header between two of
# them comes from a pipe of its own that cat reads as /proc/self/fd/N (the
# headers are printed by the shell's builtin printf, in forked subshells: no
# program starts), so the output is what one `head -c` per file would send.
readfiles() {
  _cat=
  while [ "$#" -ge 2 ]; do
    if [ -f "$2" ]; then
      if [ ! -r "$2" ]; then header "$1" 3
      elif file_stat "$2" && [ "$_size" -le "$LTD_MAX" ]; then _cat="$_cat $1 $2"
      else header "$1" 0; head -c "$LTD_MAX" < "$2"
      fi
    elif [ -e "$2" ] || [ -L "$2" ]; then header "$1" 2
    else header "$1" 1
    fi
    shift 2
  done
  # shellcheck disable=SC2086  # keys and paths are this script's own words
  if [ -n "$_cat" ]; then cat_records $_cat
  elif [ -n "$LTD_CAT_FILES" ]; then header "$LTD_CAT_MULTI" 0; cat -- $LTD_CAT_FILES
  fi
}

_header_or_nothing() {
  [ -z "$1" ] || header "$1" 0
}

# cat_records KEY PATH [KEY PATH]...: readable regular files, one cat. At most
# six pairs, then LTD_CAT_MULTI: the key of one record whose value is several
# files one after the other (LTD_CAT_FILES; the parser cuts it by their sizes).
cat_records() {
  header "$1" 0
  _k2=${3:-} _p2=${4:-/dev/null} _k3=${5:-} _p3=${6:-/dev/null} _k4=${7:-} _p4=${8:-/dev/null}
  _k5=${9:-} _p5=${10:-/dev/null} _k6=${11:-} _p6=${12:-/dev/null}
  _km=
  [ -z "$LTD_CAT_FILES" ] || _km=$LTD_CAT_MULTI
  # shellcheck disable=SC2086  # LTD_CAT_FILES: this script's own words
  _header_or_nothing "$_k2" | {
    exec 3<&0
    _header_or_nothing "$_k3" | {
      exec 4<&0
      _header_or_nothing "$_k4" | {
        exec 5<&0
        _header_or_nothing "$_k5" | {
          exec 7<&0
          _header_or_nothing "$_k6" | {
            exec 8<&0
            _header_or_nothing "$_km" \
              | cat -- "$2" /proc/self/fd/3 "$_p2" /proc/self/fd/4 "$_p3" /proc/self/fd/5 "$_p4" \
                /proc/self/fd/7 "$_p5" /proc/self/fd/8 "$_p6" - $LTD_CAT_FILES
          }
        }
      }
    }
  }
}

# sysconf_dir DIR: the agent's own folder (logtail_sys_conf_dir, default
# /etc/ilogtail): its users/, user_defined_id, config.d/ and the ECS metadata
# cache checkpoint/instance_identity (AppConfig.cpp GetAgentConfDir,
# GetAgentDataDir, LoadIncludeConfig).
sysconf_dir() {
  SYSCONF=$1 USERS=$1/users UDID=$1/user_defined_id CONFD=$1/config.d
  IDENTITY=$1/checkpoint/instance_identity
}

# confd_glob: LTD_CONFD, the config.d/*.json files the probe reads (plain
# names only, at most LTD_CONFD_MAX), in the glob's (sorted) order; a
# "config_d_list" record names every entry with its state: rc 0 read below,
# 1 none, 2 not a regular file, 3 unreadable, 4 a name of other characters,
# 5 beyond the count.
LTD_CONFD_MAX=32
LTD_CONFD=
confd_glob() {
  LTD_CONFD=
  [ -n "$CONFD" ] && [ -d "$CONFD" ] || return 0
  header config_d_list 0
  _n=0
  for _e in "$CONFD"/*.json; do
    [ -e "$_e" ] || [ -L "$_e" ] || continue
    _n=$((_n + 1))
    case ${_e#"$CONFD"/} in
      *[!A-Za-z0-9._-]*) _st=4 ;;
      *)
        if [ "$_n" -gt "$LTD_CONFD_MAX" ]; then _st=5
        elif [ ! -f "$_e" ]; then _st=2
        elif [ ! -r "$_e" ]; then _st=3
        else _st=0 LTD_CONFD="$LTD_CONFD $_e"
        fi
        ;;
    esac
    if [ "$_st" = 4 ]; then printf '4 -\n'; else printf '%s %s\n' "$_st" "${_e#"$CONFD"/}"; fi
  done
}

header probe 0; printf 4  # the record format
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
  ULC=  # the open-source edition keeps received configs as a folder of its own
  LAYOUT=community IDENTITY= CONFD=
  LTD_LOGS=$C/log/loongcollector.LOG  # the agent's own log (space-separated paths)
  LTD_CA_PATH=  # the community edition's TLS settings are its own
  header layout 0; printf community
else
  CONFIG=$DIR/ilogtail_config.json
  APP_INFO=$DIR/app_info.json USERS=/etc/ilogtail/users UDID=/etc/ilogtail/user_defined_id
  ULC=$DIR/user_log_config.json  # the collection configs SLS sent the agent
  LAYOUT=standard
  sysconf_dir /etc/ilogtail
  LTD_LOGS="$DIR/loongcollector.LOG $DIR/ilogtail.LOG"
  LTD_CA_PATH=$DIR/ca-bundle.crt  # the agent verifies TLS with this bundle only
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
# The slow steps: getent of the host's own name (step 3) and the agent's
# status. Both print what the host makes them print (a broken init script:
# 10 MB), so their records pass through one `head -c` of two values' worth:
# a value longer than LTD_MAX arrives longer than LTD_MAX (the runner then
# reports it as such on its check and keeps its first LTD_MAX bytes) and is
# cut soon after; head's exit ends the flooding command (SIGPIPE). getent comes
# first: a flooding status cannot cost it its record (a flooding getent costs
# the status records after it, which the runner then reports as not read).
{
  bounded resolve getent ahostsv4 "$LTD_HOST"
  for svc in ilogtaild loongcollectord; do
    if [ -x "/etc/init.d/$svc" ]; then
      bounded "status.$svc" "/etc/init.d/$svc" status
    fi
  done
} | head -c $((LTD_MAX * 2 + 1024))
# The clock next to the process table: the agent's start is epoch minus its
# elapsed seconds. (`date`, not the shell: the host's own clock as its tools see it.)
# With its offset from UTC: the agent's log writes local times.
small epoch date '+%s %z'
AGENT_PS=$(agent_ps)
PS_RC=$?
header ps -; printf '%s' "$AGENT_PS"; header ps.rc "$PS_RC"

# The daemon: the first agent process in the probe's own PID namespace (the
# host's); agents in containers on this host live in PID namespaces of their
# own, as `loongcollectord status` tells them apart (/proc/PID/ns/pid against
# init's). The shell's own `-ef` compares the two links' targets: no program.
# Where no namespace can be compared (no access), the first process, as before.
AGENT_PID=
_rest=$AGENT_PS
while [ -n "$_rest" ]; do
  _line=${_rest%%"$LTD_NL"*}
  case $_rest in *"$LTD_NL"*) _rest=${_rest#*"$LTD_NL"} ;; *) _rest= ;; esac
  _pid=${_line%% *}
  [ -n "$AGENT_PID" ] || AGENT_PID=$_pid
  if [ "/proc/$_pid/ns/pid" -ef "/proc/$$/ns/pid" ]; then AGENT_PID=$_pid; break; fi
done

# The variables the agent reads from its environment (agent-inputs.md): the
# proxy ones, the config file it loads, the identifiers it merges with the
# files, the folder of those files, the IP it reports. Only those lines are
# kept: the rest of an environment may hold secrets. One `tr` turns the
# NUL-separated file into lines (a newline inside a value becomes \001, so
# no value can forge a line of its own); the shell's `case` keeps the lines.
# Set here for the rest of the probe: which config file, which folder.
LTD_ENV_CONFIG= LTD_ENV_LOONG_CONFIG= LTD_ENV_SYSCONF=
LTD_ENV_SYSCONF1= LTD_ENV_SYSCONF2= LTD_ENV_SYSCONF3= LTD_SYSCONF_VAR= LTD_ENV_USERID=
if [ -n "$AGENT_PID" ]; then
  if [ -r "/proc/$AGENT_PID/environ" ]; then
    header agent_env 0
    LTD_ENV=$(tr '\n\000' '\001\n' < "/proc/$AGENT_PID/environ")
    while IFS= read -r _var; do
      case $_var in
        [Hh][Tt][Tt][Pp]_[Pp][Rr][Oo][Xx][Yy]=*|[Hh][Tt][Tt][Pp][Ss]_[Pp][Rr][Oo][Xx][Yy]=*) ;;
        [Aa][Ll][Ll]_[Pp][Rr][Oo][Xx][Yy]=*|[Nn][Oo]_[Pp][Rr][Oo][Xx][Yy]=*) ;;
        ALIYUN_LOGTAIL_CONFIG=*) LTD_ENV_CONFIG=${_var#*=} ;;
        LOONG_CONFIG=*) LTD_ENV_LOONG_CONFIG=${_var#*=} ;;
        logtail_sys_conf_dir=*) LTD_ENV_SYSCONF1=${_var#*=} ;;
        ALIYUN_LOGTAIL_SYS_CONF_DIR=*) LTD_ENV_SYSCONF2=${_var#*=} ;;
        LOONG_LOGTAIL_SYS_CONF_DIR=*) LTD_ENV_SYSCONF3=${_var#*=} ;;
        ALIYUN_LOGTAIL_USER_ID=*) LTD_ENV_USERID=1 ;;
        ALIYUN_LOGTAIL_USER_DEFINED_ID=*|LOONG_USER_DEFINED_ID=*) ;;
        ALIYUN_LOGTAIL_WORKING_IP=*|LOONG_WORKING_IP=*|working_ip=*) ;;
        *) continue ;;
      esac
      printf '%s\n' "$_var"
    done <<LTD_ENV_END
$LTD_ENV
LTD_ENV_END
    LTD_ENV=
    # The agent reads these three in this order, the last one set winning
    # (JsonUtil.cpp LOAD_PARAMETER), and the config's key after them all.
    if [ -n "$LTD_ENV_SYSCONF3" ]; then
      LTD_ENV_SYSCONF=$LTD_ENV_SYSCONF3 LTD_SYSCONF_VAR=LOONG_LOGTAIL_SYS_CONF_DIR
    elif [ -n "$LTD_ENV_SYSCONF2" ]; then
      LTD_ENV_SYSCONF=$LTD_ENV_SYSCONF2 LTD_SYSCONF_VAR=ALIYUN_LOGTAIL_SYS_CONF_DIR
    elif [ -n "$LTD_ENV_SYSCONF1" ]; then
      LTD_ENV_SYSCONF=$LTD_ENV_SYSCONF1 LTD_SYSCONF_VAR=logtail_sys_conf_dir
    fi
  else
    header agent_env 3
  fi
fi

# The config file the agent loads: $LOONG_CONFIG, else $ALIYUN_LOGTAIL_CONFIG,
# else the install's (AppConfig.cpp GetAgentConfigFile). A path of other than
# plain characters is named in the record but not read (it would become
# several words below).
if [ "$LAYOUT" = standard ]; then
  if [ -n "$LTD_ENV_LOONG_CONFIG" ]; then _cfg=$LTD_ENV_LOONG_CONFIG _from=LOONG_CONFIG
  elif [ -n "$LTD_ENV_CONFIG" ]; then _cfg=$LTD_ENV_CONFIG _from=ALIYUN_LOGTAIL_CONFIG
  else _cfg= _from=
  fi
  if [ -n "$_cfg" ]; then
    case $_cfg in
      /*) case $_cfg in *[!A-Za-z0-9._/-]*) _rc=4 ;; *) _rc=0 CONFIG=$_cfg ;; esac ;;
      *) _rc=4 ;;
    esac
    header config_from "$_rc"; printf '%s %s' "$_from" "$_cfg"
  fi
  # The folder of users/, user_defined_id, config.d/ and checkpoint/: moved by
  # the environment here (the config's logtail_sys_conf_dir, which wins, is
  # looked for below, with the URLs).
  case $LTD_ENV_SYSCONF in
    /*) case $LTD_ENV_SYSCONF in *[!A-Za-z0-9._/-]*) ;; *) sysconf_dir "${LTD_ENV_SYSCONF%/}" ;; esac ;;
  esac
fi

# config.d: every *.json the agent merges on top of its config, in its
# (sorted) order: the shell's glob, as many as LTD_CONFD_MAX.
confd_glob

# The files' states, sizes and the config's time, and the PID namespaces of
# the agent's processes and of the probe itself (by inode, "0 0 <inode>
# /proc/<pid>/ns/pid"), in one stat run.
LTD_FILES=
# shellcheck disable=SC2086  # LTD_CONFD, LTD_LOGS: this script's own paths
for _p in "$CONFIG" "$APP_INFO" /etc/hosts "$UDID" ${ULC:+"$ULC"} "$IDENTITY" $LTD_CONFD \
          $LTD_LOGS; do
  if [ -f "$_p" ]; then LTD_FILES="$LTD_FILES $_p"; fi
done
LTD_NS=
_rest=$AGENT_PS
_n=0
while [ -n "$_rest" ] && [ "$_n" -lt 64 ]; do
  _line=${_rest%%"$LTD_NL"*}
  case $_rest in *"$LTD_NL"*) _rest=${_rest#*"$LTD_NL"} ;; *) _rest= ;; esac
  LTD_NS="$LTD_NS /proc/${_line%% *}/ns/pid"
  _n=$((_n + 1))
done
[ -z "$LTD_NS" ] || LTD_NS="/proc/self/ns/pid$LTD_NS"
LTD_STATS=
# shellcheck disable=SC2086  # the paths are this script's own words
[ -z "$LTD_FILES$LTD_NS" ] || LTD_STATS=$(stat -L -c '%s %Y %i %n' -- $LTD_FILES $LTD_NS 2>/dev/null)
if [ -n "$LTD_NS" ]; then
  header pid_ns 0
  _rest=$LTD_STATS
  while [ -n "$_rest" ]; do
    _line=${_rest%%"$LTD_NL"*}
    case $_rest in *"$LTD_NL"*) _rest=${_rest#*"$LTD_NL"} ;; *) _rest= ;; esac
    case $_line in *" /proc/"*"/ns/pid") _p=${_line##* /proc/}; _i=${_line#* * }; printf '%s %s\n' "${_p%%/*}" "${_i%% *}" ;; esac
  done
fi

# Step 2: install parameters, when the file last changed, and the endpoint it names.
if [ -f "$CONFIG" ]; then
  header config_mtime -
  if file_stat "$CONFIG"; then printf '%s\n' "$_mtime"; header config_mtime.rc 0
  else header config_mtime.rc 1
  fi
fi

# The agent's CA bundle (the standard layout's install folder): rc as readfile's.
# The runner asks for the transfer that verifies with it by LTD_AGENT_TLS=1
# (--agent-tls): curl parsing a bundle of ~150 certificates costs ~20 ms of CPU.
LTD_CA=
if [ -n "$LTD_CA_PATH" ]; then
  if [ -f "$LTD_CA_PATH" ]; then
    if [ -r "$LTD_CA_PATH" ]; then
      header ca_bundle 0
      [ "${LTD_AGENT_TLS:-0}" != 1 ] || LTD_CA=$LTD_CA_PATH
    else header ca_bundle 3
    fi
  elif [ -e "$LTD_CA_PATH" ] || [ -L "$LTD_CA_PATH" ]; then header ca_bundle 2
  else header ca_bundle 1
  fi
fi

# Step 2: the config server. Only URLs made of plain host/path characters are
# tried, so nothing from the file can become a curl option or a shell word.
# Each http URL is also tried over https: the agent authenticates over 443
# (domain-facts §4.1). At most two URLs (a config has one or two config
# servers), so at most four transfers, in one curl run. config.d's files come
# first, the last one first: the agent merges them over the config, so a
# config server set there is the one it asks.
LTD_URLS= LTD_JSON_SYSCONF=
for _f in $LTD_CONFD; do
  file_stat "$_f" && [ "$_size" -le "$LTD_MAX" ] || continue
  _u=$(config_urls "$_f" 1)
  [ -z "$_u" ] || LTD_URLS="$_u$LTD_NL$LTD_URLS"
done
if [ -f "$CONFIG" ] && [ -r "$CONFIG" ]; then
  if file_stat "$CONFIG" && [ "$_size" -le "$LTD_MAX" ]; then
    LTD_URLS="$LTD_URLS$LTD_NL$(config_urls "$CONFIG" 2)"
  else
    LTD_URLS="$LTD_URLS$LTD_NL$(head -c "$LTD_MAX" "$CONFIG" | grep -o 'https\{0,1\}://[A-Za-z0-9._:/-]*' | head -n 2)"
  fi
fi
# One URL a line, of [A-Za-z0-9._:/-] only: split on newlines, never globbed.
set -f
IFS=$LTD_NL
# shellcheck disable=SC2086
set -- $LTD_URLS
IFS=' 	'"$LTD_NL"
set +f
_n=0
for _url in "$@"; do
  shift
  case $_url in
    sysconf=*) LTD_JSON_SYSCONF=${_url#sysconf=}; continue ;;
    http*) ;;
    *) continue ;;
  esac
  [ "$_n" -lt 2 ] || continue
  _n=$((_n + 1))
  case $_url in
    http://*) set -- "$@" "$_url" "https://${_url#http://}" ;;
    *) set -- "$@" "$_url" ;;
  esac
done
# The agent's own CA bundle: the https config server is fetched once more,
# verified with it (the first https URL: the config server's).
LTD_TLS_URL=
if [ -n "$LTD_CA" ]; then
  for _url in "$@"; do
    case $_url in https://*) LTD_TLS_URL=$_url; break ;; esac
  done
fi
# The ECS metadata service, where the agent learns the account that owns this
# ECS (EcsMetaData.cpp, a 1 s timeout) when no users file, no
# ALIYUN_LOGTAIL_USER_ID and no cache of it (checkpoint/instance_identity)
# names one: one more transfer of the same curl run, bounded at 2 s, and only
# on such hosts.
if [ "$LAYOUT" = standard ] && [ -z "$LTD_ENV_USERID" ] && [ ! -e "$IDENTITY" ]; then
  _users=
  for _e in "$USERS"/* "$USERS"/.[!.]* "$USERS"/..?*; do
    if [ -e "$_e" ] || [ -L "$_e" ]; then _users=1; break; fi
  done
  [ -n "$_users" ] || set -- "$@" "$LTD_META_URL"
fi
[ "$#" -eq 0 ] || try_urls "$@"

# The agent's own folder as it resolves it: the config's logtail_sys_conf_dir
# wins over the environment's (JsonUtil.cpp LOAD_PARAMETER reads the JSON
# last). Moved by the config, its files were not in the stat run above: they
# are read each with its own bound below.
if [ "$LAYOUT" = standard ]; then
  if [ -n "${LTD_JSON_SYSCONF:-}" ]; then
    header sysconf 0; printf 'config %s' "${LTD_JSON_SYSCONF%/}"
    if [ "${LTD_JSON_SYSCONF%/}" != "$SYSCONF" ]; then sysconf_dir "${LTD_JSON_SYSCONF%/}"; confd_glob; fi
  elif [ "$SYSCONF" != /etc/ilogtail ]; then
    header sysconf 0; printf 'env:%s %s' "$LTD_SYSCONF_VAR" "$SYSCONF"
  fi
fi

# config.d's files: those of known size, as many as fit in LTD_MAX, in one
# record (config_d: their contents one after the other; config_d_sizes: each
# one's size and name, so the parser can cut them apart); any other through
# a record of its own, at most LTD_MAX bytes.
LTD_CAT_MULTI=config_d LTD_CAT_FILES=
_sizes= _total=0
for _f in $LTD_CONFD; do
  if file_stat "$_f" && [ $((_total + _size)) -le "$LTD_MAX" ]; then
    LTD_CAT_FILES="$LTD_CAT_FILES $_f"
    _total=$((_total + _size))
    _sizes="$_sizes$_size ${_f##*/}$LTD_NL"
  else
    header "config_d=${_f##*/}" 0; head -c "$LTD_MAX" < "$_f"
  fi
done
[ -z "$LTD_CAT_FILES" ] || { header config_d_sizes 0; printf '%s' "$_sizes"; }

# Steps 2-4: the files' contents (one cat for all that are small and readable).
# shellcheck disable=SC2086  # ULC and IDENTITY are empty or this script's own paths
readfiles config "$CONFIG" app_info "$APP_INFO" etc_hosts /etc/hosts user_defined_id "$UDID" \
  ${ULC:+user_log_config "$ULC"} ${IDENTITY:+instance_identity "$IDENTITY"}

# The agent's own log, the newer of its two names (LoongCollector writes
# loongcollector.LOG, Logtail and early 3.x builds ilogtail.LOG): its last
# LTD_MAX bytes. tail seeks to the end, so a 2 GiB log costs what a small one
# does; only a regular file is read (a FIFO would block, a symlink loop is not
# -f). The runner keeps the lines of the last hour.
LTD_LOG=
for _p in $LTD_LOGS; do
  if [ -f "$_p" ] && file_stat "$_p"; then
    if [ -z "$LTD_LOG" ] || [ "$_mtime" -gt "$_log_mtime" ]; then LTD_LOG=$_p _log_mtime=$_mtime; fi
  fi
done
if [ -n "$LTD_LOG" ]; then
  header agent_log_path 0; printf '%s' "$LTD_LOG"
  if [ -r "$LTD_LOG" ]; then header agent_log 0; tail -c "$LTD_MAX" -- "$LTD_LOG"
  else header agent_log 3
  fi
else
  _rc=1 _first=
  for _p in $LTD_LOGS; do
    _first=${_first:-$_p}
    if [ -e "$_p" ] || [ -L "$_p" ]; then _rc=2 _first=$_p; break; fi
  done
  header agent_log_path 0; printf '%s' "$_first"
  header agent_log "$_rc"
fi

# Step 3: the IP the agent recorded (app_info, above), and what it would pick now.
small nics ip -4 -o addr show

# Step 4: user identifiers (file names are the account IDs; the shell's own
# glob, `ls -1Ap` order and marks: "/" after a directory) and custom identifiers.
# At most 4096 names go out (an account ID's 16 digits each: 64 KiB; even at
# 255 bytes a name, 1 MiB); "users.count <n>" says how many entries there are
# in all (a folder of 100,000 files is counted, not sent).
# rc 4: a symbolic link that cannot be followed (dangling or a loop): its
# target (readlink), then stat's own reason (only on such a host: two starts).
if [ -d "$USERS" ]; then
  header users 0
  _count=0
  for _e in "$USERS"/* "$USERS"/.[!.]* "$USERS"/..?*; do
    [ -e "$_e" ] || [ -L "$_e" ] || continue
    _count=$((_count + 1))
    [ "$_count" -le 4096 ] || continue
    _n=${_e##*/}
    if [ -d "$_e" ] && [ ! -L "$_e" ]; then printf '%s/\n' "$_n"; else printf '%s\n' "$_n"; fi
  done
  header users.count "$_count"
elif [ -L "$USERS" ]; then
  header users 4
  readlink -- "$USERS" 2>&1
  stat -L -c %F -- "$USERS" 2>&1
elif [ -e "$USERS" ]; then
  header users 2
else
  header users 1
fi
header end 0
