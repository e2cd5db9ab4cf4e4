"""日本語 (Japanese): each message id -> (the English it was translated from, the translation).

Same ids and placeholders as the English; values stay untranslated. When the English
of a message changes, its translation here is stale (logtail_doctor.i18n.stale) until
it is translated again and its English source updated; a stale one renders in English.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "outcome.message": (
        "expected {expected}; found {found}",
        "期待値: {expected} / 実際: {found}",
    ),
    "outcome.not_judged": (
        "not judged: {found}",
        "判定できません: {found}",
    ),
    "outcome.error.found": (
        "the test broke before it could judge: {error}",
        "判定の前にテストが異常終了しました: {error}",
    ),
    "outcome.error.fix": (
        "a bug of logtail-doctor, not of the host: run again with -x --tb=long and report the "
        "error",
        "ホストではなく logtail-doctor の不具合です。-x --tb=long "
        "を付けて再実行し、エラーを報告してください",
    ),
    "title.host.reachable": (
        "The host answers over its connection",
        "ホストに接続でき、応答がある",
    ),
    "title.step1.installed": (
        "The agent is installed",
        "エージェントがインストールされている",
    ),
    "title.step1.instances": (
        "Exactly one agent instance runs",
        "エージェントのインスタンスが 1 つだけ実行されている",
    ),
    "title.step1.running": (
        "The agent is running",
        "エージェントが起動している",
    ),
    "title.step2.config_valid": (
        "ilogtail_config.json exists and parses",
        "ilogtail_config.json が存在し、正しく読み込める",
    ),
    "title.step2.config_loaded": (
        "The running agent has loaded its config file",
        "実行中のエージェントが設定ファイルを読み込み済みである",
    ),
    "title.step2.region": (
        "The agent's region is the project's region",
        "エージェントのリージョンがプロジェクトのリージョンと一致する",
    ),
    "title.step2.network": (
        "The agent's network type is the project's",
        "エージェントのネットワーク種別がプロジェクトと一致する",
    ),
    "title.step2.dns": (
        "The config server's name resolves on the host",
        "ホスト上で設定サーバーのホスト名を名前解決できる",
    ),
    "title.step2.endpoint": (
        "The config server answers like SLS from the host",
        "ホストから設定サーバーに接続すると SLS として応答する",
    ),
    "title.step2.https": (
        "HTTPS (443) to the config server works",
        "設定サーバーへの HTTPS (443) 通信ができる",
    ),
    "title.step2.proxy": (
        "The agent's proxy variables are valid",
        "エージェントのプロキシ環境変数が有効である",
    ),
    "title.step2.clock": (
        "The host's clock is within 15 minutes of SLS",
        "ホストの時刻と SLS の時刻の差が 15 分以内である",
    ),
    "title.step2.agent_version": (
        "The agent's version honours the settings its config turns on",
        "エージェントのバージョンが有効にした設定をサポートしている",
    ),
    "title.step3.ip_recorded": (
        "app_info.json records the agent's IPv4",
        "app_info.json にエージェントの IPv4 が記録されている",
    ),
    "title.step3.custom_id": (
        "user_defined_id holds the group's custom identifier",
        "user_defined_id にマシングループのカスタム識別子が記載されている",
    ),
    "title.step3.ip_in_group": (
        "The recorded IP is in the machine group",
        "記録された IP がマシングループに登録されている",
    ),
    "title.step3.ip_current": (
        "The recorded IP is the one the agent would take now",
        "記録された IP が、エージェントが現在取得する IP と一致する",
    ),
    "title.step4.user_id": (
        "The account ID is set as user identifier",
        "アカウント ID がユーザー識別子として設定されている",
    ),
    "title.server.heartbeat": (
        "Log Service saw a recent heartbeat from the host",
        "Log Service がこのホストから最近ハートビートを受信している",
    ),
    "file.state": (
        "{path} is {state}",
        "{path} は{state}",
    ),
    "file.state.present": (
        "present",
        "存在します",
    ),
    "file.state.absent": (
        "absent",
        "存在しません",
    ),
    "file.state.not_regular": (
        "not a regular file",
        "通常のファイルではありません",
    ),
    "file.state.unreadable": (
        "unreadable",
        "読み取れません",
    ),
    "file.state.not_probed": (
        "not probed",
        "調査されていません",
    ),
    "value.nothing": (
        "nothing",
        "なし",
    ),
    "file.unusable": (
        "{path} is unusable: {error}",
        "{path} を利用できません: {error}",
    ),
    "host.reachable.expected": (
        "an answer to the probe",
        "プローブへの応答",
    ),
    "host.reachable.found.ok": (
        "answered as {hostname}",
        "{hostname} として応答しました",
    ),
    "host.reachable.fix.auth": (
        "Check the SSH user and key for {host} (--ssh-identity-file, --ssh-config); the suite "
        "logs in non-interactively (BatchMode)",
        "{host} の SSH ユーザーと鍵を確認してください (--ssh-identity-file、--ssh-config)。このス"
        "イートは非対話 (BatchMode) でログインします",
    ),
    "host.reachable.fix.network": (
        "Check that {host} is up and that its SSH port is reachable from this runner (try: "
        "{ssh_cmd})",
        "{host} が起動していること、およびこの実行環境からその SSH "
        "ポートに到達できることを確認してください (例: {ssh_cmd})",
    ),
    "host.reachable.fix.auth.winrm": (
        "Check the Windows user and password in {host} (NTLM; DOMAIN\\user or user@domain) and "
        "that the user may use WinRM (Administrators or Remote Management Users)",
        "{host} に指定した Windows ユーザーとパスワードを確認してください (NTLM "
        "認証、ユーザー名は DOMAIN\\user または user@domain の形式)。また、そのユーザーが WinRM "
        "を使用できること (Administrators または Remote Management Users のメンバー) "
        "を確認してください",
    ),
    "host.reachable.fix.network.winrm": (
        "Check that {host} is up and that its WinRM listener (5985 HTTP, 5986 HTTPS) is enabled "
        "and reachable from this runner (try: {check_cmd}; 401 or 405 means it answers)",
        "{host} が起動していること、およびその WinRM リスナー (HTTP は 5985、HTTPS は 5986) "
        "が有効で、この実行環境から到達できることを確認してください (例: {check_cmd}。401 または "
        "405 が返れば応答しています)",
    ),
    "host.skip.unreachable": (
        "the host is unreachable",
        "ホストに到達できません",
    ),
    "step1.installed.expected": (
        "{install_dir}/, the agent binary and its init script",
        "{install_dir}/、エージェントのバイナリとその init スクリプト",
    ),
    "step1.installed.found.none": (
        "no agent: neither /etc/init.d/ilogtaild nor /etc/init.d/loongcollectord nor "
        "{install_dir}/ilogtail exists",
        "エージェントがありません: /etc/init.d/ilogtaild、/etc/init.d/loongcollectord、{install_d"
        "ir}/ilogtail のいずれも存在しません",
    ),
    "step1.installed.found.partial": (
        "{agent} is partly installed: missing {missing}",
        "{agent} のインストールが不完全です: {missing} がありません",
    ),
    "step1.installed.found.ok": (
        "{agent}: {paths} present",
        "{agent}: {paths} があります",
    ),
    "step1.installed.fix.install": (
        "Install the agent for project region {region}: {install_cmd}",
        "プロジェクトのリージョン {region} 用のエージェントをインストールしてください: "
        "{install_cmd}",
    ),
    "step1.installed.fix.reinstall": (
        "Reinstall the agent: {install_cmd}",
        "エージェントを再インストールしてください: {install_cmd}",
    ),
    "step1.installed.expected.windows": (
        "the Logtail service ({services})",
        "Logtail サービス ({services})",
    ),
    "step1.installed.found.no_service": (
        "no LogtailDaemon or LogtailWorker service (install folder: {install_dir})",
        "LogtailDaemon と LogtailWorker のどちらのサービスもありません (インストールフォルダー: "
        "{install_dir})",
    ),
    "step1.installed.found.service": (
        "{agent}: service {service}",
        "{agent}: サービス {service}",
    ),
    "step1.instances.expected": (
        "one agent daemon and one worker process",
        "エージェントのデーモンプロセスとワーカープロセスが 1 つずつ",
    ),
    "step1.instances.expected.one": (
        "one loongcollector process",
        "loongcollector プロセスが 1 つ",
    ),
    "step1.instances.skip.windows": (
        "process counts are not judged on Windows",
        "Windows ではプロセス数を判定しません",
    ),
    "step1.instances.skip.none": (
        "no agent is installed",
        "エージェントがインストールされていません",
    ),
    "step1.instances.skip.not_running": (
        "no agent process runs (see step1.running)",
        "エージェントのプロセスが実行されていません (step1.running を参照)",
    ),
    "step1.instances.found": (
        "{daemons} daemon(s) and {workers} worker(s): {pids}",
        "デーモン {daemons} 個、ワーカー {workers} 個: {pids}",
    ),
    "step1.instances.fix": (
        "More than one agent instance runs (a second install, or a copy started by hand): stop "
        "them all with {stop_cmd}, end any daemon still left (PIDs {pids}), then start one: "
        "{start_cmd}",
        "エージェントのインスタンスが複数実行されています "
        "(二重にインストールされているか、手動で別に起動されています)。{stop_cmd} "
        "ですべて停止し、まだ残っているデーモン (PID {pids}) を終了させてから、1 "
        "つだけ起動してください: {start_cmd}",
    ),
    "step1.running.expected": (
        "`{command}` exits 0 saying 'is running', and agent processes exist",
        "`{command}` が 'is running' と出力して終了コード 0 "
        "で終わり、エージェントのプロセスが存在すること",
    ),
    "step1.running.skip.no_script": (
        "the agent's init script is not installed",
        "エージェントの init スクリプトがインストールされていません",
    ),
    "step1.running.found": (
        "`{command}` exited {rc} saying {said}; {processes} agent process(es)",
        "`{command}` は終了コード {rc} で {said} と出力しました。エージェントのプロセスは "
        "{processes} 個です",
    ),
    "step1.running.found.not_run": (
        "nothing (the probe could not run it)",
        "何も得られませんでした (プローブが実行できませんでした)",
    ),
    "step1.running.found.timed_out": (
        "`{command}` did not answer within {seconds} s (the probe's bound stopped it); "
        "{processes} agent process(es)",
        "`{command}` は {seconds} 秒以内に応答しませんでした "
        "(プローブの制限時間で打ち切り)。エージェントのプロセスは {processes} 個です",
    ),
    "step1.running.fix.hung": (
        "The init script's status hangs instead of answering: see where it waits with "
        "{trace_cmd}; if the agent itself hangs, restart it: {restart_cmd}",
        "init スクリプトの status が応答せずに止まっています。{trace_cmd} "
        "でどこで待っているかを確認し、エージェント自体が応答しない場合は再起動してください: "
        "{restart_cmd}",
    ),
    "step1.running.rc": (
        "{rc} ({meaning})",
        "{rc} ({meaning})",
    ),
    "step1.running.rc.running": (
        "running",
        "実行中",
    ),
    "step1.running.rc.stopped": (
        "stopped",
        "停止",
    ),
    "step1.running.rc.abnormal": (
        "abnormal process count",
        "プロセス数が異常",
    ),
    "step1.running.expected.process": (
        "a running {name} process",
        "実行中の {name} プロセス",
    ),
    "step1.running.found.processes": (
        "{processes} agent process(es)",
        "エージェントのプロセス {processes} 個",
    ),
    "step1.running.expected.service": (
        "service {service} in state Running",
        "サービス {service} の状態が Running であること",
    ),
    "step1.running.skip.no_service": (
        "no Logtail service is installed",
        "Logtail サービスがインストールされていません",
    ),
    "step1.running.found.service": (
        "service {service} is {state}",
        "サービス {service} の状態は {state} です",
    ),
    "step1.running.fix.windows": (
        "Start the service: {start_cmd}; if it stops again, read the logs in {install_dir}",
        "サービスを起動してください: {start_cmd}。再び停止する場合は {install_dir} "
        "内のログを確認してください",
    ),
    "step1.running.fix": (
        "Start the agent: {start_cmd}; if it does not stay up, read {install_dir}/ilogtail.LOG "
        "(Logtail) or loongcollector.LOG",
        "エージェントを起動してください: {start_cmd}。起動しても停止する場合は "
        "{install_dir}/ilogtail.LOG (Logtail) または loongcollector.LOG を確認してください",
    ),
    "step2.skip.no_config": (
        "ilogtail_config.json is missing or unusable",
        "ilogtail_config.json が存在しないか、利用できません",
    ),
    "step2.config_valid.expected": (
        "{config} with a config server address",
        "設定サーバーのアドレスを含む {config}",
    ),
    "step2.config_valid.found.ok": (
        "{format} format, config server {url}",
        "{format} 形式、設定サーバー {url}",
    ),
    "step2.config_valid.fix.reinstall": (
        "The installer writes this file: reinstall with the project's parameter: {install_cmd}",
        "このファイルはインストーラーが作成します。プロジェクトのパラメーターで再インストールして"
        "ください: {install_cmd}",
    ),
    "step2.config_valid.fix.broken": (
        "{fix} (the agent does not start with a broken config)",
        "{fix} (設定ファイルが壊れているとエージェントは起動しません)",
    ),
    "step2.config_valid.found.community": (
        "{path} is the open-source LoongCollector's own config ({error}): the community edition "
        "does not heartbeat to SLS machine groups",
        "{path} はオープンソース版 LoongCollector 独自の設定ファイルです ({error}): "
        "コミュニティ版は SLS のマシングループにハートビートを送信しません",
    ),
    "step2.config_valid.fix.community": (
        "Install the SLS LoongCollector (it keeps /usr/local/ilogtail and registers with the "
        "machine group): {install_cmd}",
        "SLS 版の LoongCollector をインストールしてください (/usr/local/ilogtail "
        "をそのまま使い、マシングループに登録されます): {install_cmd}",
    ),
    "step2.config_loaded.expected": (
        "{config} unchanged since the agent started",
        "エージェントの起動後に {config} が変更されていないこと",
    ),
    "step2.config_loaded.skip.no_start": (
        "the agent's start time is unknown (not running?)",
        "エージェントの起動時刻が不明です (実行されていない可能性があります)",
    ),
    "step2.config_loaded.skip.no_mtime": (
        "the config file's modification time is unknown",
        "設定ファイルの更新時刻が不明です",
    ),
    "step2.config_loaded.found": (
        "the file changed at {changed}, after the agent (PID {pid}) started at {started}",
        "ファイルは {changed} に変更されました。エージェント (PID {pid}) が起動した {started} "
        "より後です",
    ),
    "step2.config_loaded.fix": (
        "The agent reads its config only when it starts: restart it to load the edit: "
        "{restart_cmd}",
        "エージェントは起動時にのみ設定ファイルを読み込みます。変更を反映するには再起動してくださ"
        "い: {restart_cmd}",
    ),
    "step2.dns.expected": (
        "{name} resolves to an address on the host",
        "ホスト上で {name} がアドレスに名前解決されること",
    ),
    "step2.dns.found.ok": (
        "{name} resolves",
        "{name} は名前解決できます",
    ),
    "step2.dns.found": (
        "{name} does not resolve: {error}",
        "{name} を名前解決できません: {error}",
    ),
    "step2.dns.found.timed_out": (
        "resolving {name} did not answer within {seconds} s: {error}",
        "{name} の名前解決が {seconds} 秒以内に応答しませんでした: {error}",
    ),
    "step2.dns.fix": (
        "Make {name} resolvable on the host (check: {check_cmd}). Intranet endpoints resolve "
        "only through Alibaba Cloud's private DNS (100.100.2.136, 100.100.2.138) on an ECS in "
        "{region}; elsewhere reinstall with {region}-internet or fix the DNS servers."
        " Then restart the agent: after failed attempts it waits longer and longer before it "
        "tries again",
        "ホスト上で {name} を名前解決できるようにしてください (確認: "
        "{check_cmd})。イントラネットのエンドポイントは、{region} の ECS 上で Alibaba Cloud "
        "のプライベート DNS (100.100.2.136、100.100.2.138) "
        "を使う場合にのみ名前解決できます。それ以外の環境では {region}-internet "
        "で再インストールするか、DNS サーバーの設定を修正してください"
        "。その後エージェントを再起動してください: "
        "失敗が続くと、次に接続を試みるまでの間隔がどんどん長くなります",
    ),
    "step2.fix.config": (
        "Reinstall for region {region} over the {network} network: {install_cmd} (or correct the "
        "config server and data endpoint in {config}, then restart: {restart_cmd})",
        "リージョン {region}、ネットワーク種別 {network} で再インストールしてください: "
        "{install_cmd} (または {config} の設定サーバーとデータエンドポイントを修正し、再起動して"
        "ください: {restart_cmd})",
    ),
    "step2.region.expected": (
        "region {region}",
        "リージョン {region}",
    ),
    "step2.region.found": (
        "region {region} (config server {host})",
        "リージョン {region} (設定サーバー {host})",
    ),
    "step2.network.expected": (
        "network type {network}",
        "ネットワーク種別 {network}",
    ),
    "step2.network.found": (
        "network type {network} (config server {host}, data endpoint {endpoints})",
        "ネットワーク種別 {network} (設定サーバー {host}、データエンドポイント {endpoints})",
    ),
    "step2.endpoint.expected.short": (
        "an SLS answer from the config server",
        "設定サーバーからの SLS の応答",
    ),
    "step2.endpoint.expected": (
        "`curl {url}` on the host returns an SLS error body such as OLSInvalidMethod",
        "ホスト上で `curl {url}` を実行すると OLSInvalidMethod などの SLS のエラー本文が返ること",
    ),
    "step2.endpoint.skip.not_requested": (
        "the probe did not request {url} (unusual characters?)",
        "プローブは {url} にリクエストしていません (通常と異なる文字が含まれている可能性がありま"
        "す)",
    ),
    "step2.endpoint.skip.no_curl": (
        "curl is not installed on the host",
        "ホストに curl がインストールされていません",
    ),
    "step2.endpoint.found.no_answer": (
        "no HTTP answer: {error}",
        "HTTP の応答がありません: {error}",
    ),
    "step2.endpoint.found.timed_out": (
        "{url} did not answer within {seconds} s: {error}",
        "{url} は {seconds} 秒以内に応答しませんでした: {error}",
    ),
    "step2.endpoint.found.not_sls": (
        "HTTP {status} from something that is not SLS: {body}",
        "SLS ではないサーバーから HTTP {status} が返りました: {body}",
    ),
    "step2.endpoint.found.ok": (
        "HTTP {status} with SLS error code {code}",
        "HTTP {status}、SLS のエラーコード {code}",
    ),
    "step2.endpoint.found.tcp": (
        "TCP port 80 on {name} accepts connections",
        "{name} の TCP ポート 80 が接続を受け付けています",
    ),
    "step2.endpoint.fix.windows": (
        "From this host, `{curl_cmd}` must connect: check that {name} resolves to the SLS "
        "endpoint (DNS, C:\\Windows\\System32\\drivers\\etc\\hosts), that outbound TCP 80 and "
        "443 are open (Windows Firewall, security group) and that no proxy intercepts it. An "
        "intranet endpoint works only from an ECS in {region}; elsewhere reinstall with "
        "{region}-internet."
        " Then restart the agent: after failed attempts it waits longer and longer before it "
        "tries again",
        "このホストから `{curl_cmd}` で接続できる必要があります。{name} が SLS "
        "のエンドポイントに名前解決されること (DNS、C:\\Windows\\System32\\drivers\\etc\\hosts)、"
        "外向きの TCP 80 と 443 が開いていること (Windows "
        "ファイアウォール、セキュリティグループ)、プロキシが通信を横取りしていないことを確認して"
        "ください。イントラネットのエンドポイントは {region} の ECS "
        "からのみ利用できます。それ以外の環境では {region}-internet で再インストールしてください"
        "。その後エージェントを再起動してください: "
        "失敗が続くと、次に接続を試みるまでの間隔がどんどん長くなります",
    ),
    "step2.https.expected": (
        "an answer over HTTPS from {url}",
        "{url} からの HTTPS での応答",
    ),
    "step2.https.found.ok": (
        "{status} over HTTPS",
        "HTTPS で応答あり ({status})",
    ),
    "step2.https.skip.http_fails": (
        "plain HTTP fails too (see step2.endpoint)",
        "通常の HTTP でも失敗しています (step2.endpoint を参照)",
    ),
    "step2.https.found": (
        "no HTTPS answer while HTTP works: {error}",
        "HTTP では応答がありますが、HTTPS では応答がありません: {error}",
    ),
    "step2.https.found.timed_out": (
        "{url} did not answer within {seconds} s while HTTP works: {error}",
        "HTTP では応答がありますが、{url} は {seconds} 秒以内に応答しませんでした: {error}",
    ),
    "step2.https.fix": (
        "Open outbound TCP 443 to {name} (firewall, security group, proxy): the agent "
        "authenticates over HTTPS even when it sends over HTTP. Test: {test_cmd}."
        " Then restart the agent: after failed attempts it waits longer and longer before it "
        "tries again",
        "{name} への外向きの TCP 443 を開放してください "
        "(ファイアウォール、セキュリティグループ、プロキシ)。エージェントは HTTP "
        "でデータを送信する場合でも、認証には HTTPS を使用します。確認: {test_cmd}"
        "。その後エージェントを再起動してください: "
        "失敗が続くと、次に接続を試みるまでの間隔がどんどん長くなります",
    ),
    "step2.proxy.expected": (
        "HTTP(S)_PROXY and ALL_PROXY, when set, of the form [scheme://][user:password@]host[:port]",
        "HTTP(S)_PROXY と ALL_PROXY が設定されている場合は [scheme://][user:password@]host[:port]"
        " の形式であること",
    ),
    "step2.proxy.skip.windows": (
        "the service's environment is not read on Windows",
        "Windows ではサービスの環境変数を読み取りません",
    ),
    "step2.proxy.skip.no_env": (
        "the agent's environment could not be read (not running, or not root)",
        "エージェントの環境変数を読み取れませんでした (実行されていないか、root ではありません)",
    ),
    "step2.proxy.found.none": (
        "no proxy variables: the agent connects directly",
        "プロキシの環境変数はありません: エージェントは直接接続します",
    ),
    "step2.proxy.found.ok": (
        "{variables}",
        "{variables}",
    ),
    "step2.proxy.found": (
        "{variables} is not a valid proxy URL ({shown}): the agent ignores it and connects "
        "directly",
        "{variables} は有効なプロキシ URL ではありません ({shown}): "
        "エージェントはこれを無視して直接接続します",
    ),
    "step2.proxy.fix": (
        "Set {variables} to http://[user:password@]host:port in the agent's environment (its "
        "service unit or init script), then restart: {restart_cmd}",
        "エージェントの環境 (サービスユニットまたは init スクリプト) で {variables} を "
        "http://[user:password@]host:port の形式で設定し、再起動してください: {restart_cmd}",
    ),
    "step2.agent_version.expected": (
        "an agent version that honours every setting the config turns on",
        "設定ファイルで有効にした設定をすべてサポートするエージェントのバージョン",
    ),
    "step2.agent_version.found.none": (
        "the config turns on no setting that needs a newer agent",
        "新しいエージェントを必要とする設定は有効になっていません",
    ),
    "step2.agent_version.found.ok": (
        "{agent} honours {settings}",
        "{agent} は {settings} をサポートしています",
    ),
    "step2.agent_version.found": (
        "{agent} is older than {minimum}: it ignores {settings}",
        "{agent} は {minimum} より古く、{settings} を無視します",
    ),
    "step2.agent_version.skip.no_version": (
        "the agent's version is not known ({path})",
        "エージェントのバージョンが不明です ({path})",
    ),
    "step2.agent_version.fix": (
        "Upgrade the agent to {minimum} or later by reinstalling it: `{install_cmd}`; until then "
        "{settings} in {config} has no effect",
        "エージェントを再インストールして {minimum} 以降にアップグレードしてください: "
        "`{install_cmd}`。それまでは {config} の {settings} は効果がありません",
    ),
    "step2.clock.expected": (
        "the host's clock within {minutes} minutes of SLS",
        "ホストの時刻と SLS の時刻の差が {minutes} 分以内であること",
    ),
    "step2.clock.skip.no_clock": (
        "the host's time could not be read",
        "ホストの時刻を読み取れませんでした",
    ),
    "step2.clock.skip.no_reference": (
        "no reference clock (no Date from the endpoint)",
        "基準となる時刻がありません (エンドポイントから Date が返りませんでした)",
    ),
    "step2.clock.found": (
        "host {host_time}, {reference} {reference_time}: {skew}",
        "ホスト {host_time}、{reference} {reference_time}: 差 {skew}",
    ),
    "step2.clock.the_endpoint": (
        "endpoint {url}",
        "エンドポイント {url}",
    ),
    "step2.clock.the_runner": (
        "this runner",
        "この実行環境",
    ),
    "step2.clock.fix": (
        "SLS rejects requests more than 15 minutes off (RequestTimeExpired): set the clock right "
        '({sync_cmd}, and keep NTP on), or set "enable_log_time_auto_adjust": true in {config} '
        "(Logtail 1.0.19+); then restart: {restart_cmd}",
        "SLS は時刻が 15 分を超えてずれているリクエストを拒否します "
        "(RequestTimeExpired)。時刻を正しく合わせる ({sync_cmd} を実行し、NTP も有効にしておく) "
        'か、{config} に "enable_log_time_auto_adjust": true を設定してください (Logtail '
        "1.0.19 以降)。その後、再起動してください: {restart_cmd}",
    ),
    "step2.endpoint.fix": (
        "From this host, `{curl_cmd}` must return SLS's OLSInvalidMethod error: check that "
        "{name} resolves to the SLS endpoint (DNS, /etc/hosts), that outbound TCP 80 and 443 are "
        "open (firewall, security group) and that no proxy intercepts it. An intranet endpoint "
        "works only from an ECS in {region}; elsewhere reinstall with {region}-internet."
        " Then restart the agent: after failed attempts it waits longer and longer before it "
        "tries again",
        "このホストから `{curl_cmd}` を実行して SLS の OLSInvalidMethod "
        "エラーが返る必要があります。{name} が SLS のエンドポイントに名前解決されること "
        "(DNS、/etc/hosts)、外向きの TCP 80 と 443 が開いていること "
        "(ファイアウォール、セキュリティグループ)、プロキシが通信を横取りしていないことを確認して"
        "ください。イントラネットのエンドポイントは {region} の ECS "
        "からのみ利用できます。それ以外の環境では {region}-internet で再インストールしてください"
        "。その後エージェントを再起動してください: "
        "失敗が続くと、次に接続を試みるまでの間隔がどんどん長くなります",
    ),
    "step3.skip.no_ip": (
        "app_info.json records no usable IP",
        "app_info.json に利用可能な IP が記録されていません",
    ),
    "step3.ip_recorded.expected": (
        "{path} with a non-empty IPv4 in 'ip'",
        "'ip' に空でない IPv4 が入っている {path}",
    ),
    "step3.ip_recorded.found.empty": (
        "'ip' is empty: the agent found no IP and cannot work",
        "'ip' が空です: エージェントは IP を取得できず、動作できません",
    ),
    "step3.ip_recorded.found.not_ipv4": (
        "'ip' is {ip}, not an IPv4 address",
        "'ip' は {ip} で、IPv4 アドレスではありません",
    ),
    "step3.ip_recorded.found.ok": (
        "ip {ip}",
        "ip {ip}",
    ),
    "step3.ip_recorded.fix.writes": (
        "The agent writes it when it starts: {restart_cmd}",
        "このファイルはエージェントの起動時に作成されます: {restart_cmd}",
    ),
    "step3.ip_recorded.fix.rewrites": (
        "The agent rewrites it when it starts: {restart_cmd}",
        "このファイルはエージェントの起動時に書き直されます: {restart_cmd}",
    ),
    "step3.ip_recorded.fix.set_ip": (
        'Tell the agent its IP: set "working_ip": "{ip}" (or "working_interface": '
        '"{nic}") in {config}, then restart: {restart_cmd}',
        'エージェントに IP を指定してください: {config} に "working_ip": "{ip}" (または '
        '"working_interface": "{nic}") を設定し、再起動してください: {restart_cmd}',
    ),
    "step3.ip_recorded.this_hosts_ip": (
        "<this host's IP>",
        "<このホストの IP>",
    ),
    "step3.custom_id.expected.none": (
        "no custom identifier (an IP-based machine group)",
        "カスタム識別子は不要 (IP アドレス型のマシングループ)",
    ),
    "step3.custom_id.found.by_ip": (
        "not needed: the host's machine group identifies it by IP",
        "不要です: このホストのマシングループは IP アドレスでマシンを識別します",
    ),
    "step3.custom_id.expected": (
        "a line of {path} holding {ids} (machine group {group})",
        "{path} に {ids} のいずれかを記載した行があること (マシングループ {group})",
    ),
    "step3.custom_id.found.ok": (
        "{id}",
        "{id}",
    ),
    "step3.custom_id.found": (
        "{path} holds {held}",
        "{path} の内容: {held}",
    ),
    "step3.custom_id.fix": (
        "Add the identifier on a line of its own: {write_cmd} (the agent reads it within a "
        "minute; machine group {group} then sees the host)",
        "識別子を 1 行として追加してください: {write_cmd} (エージェントは 1 "
        "分以内にこれを読み込み、その後マシングループ {group} でこのホストが認識されます)",
    ),
    "step3.found.custom_group": (
        "not needed: machine group {group} identifies machines by custom identifier",
        "不要です: マシングループ {group} はカスタム識別子でマシンを識別します",
    ),
    "step3.ip_in_group.expected": (
        "the agent's IP listed in machine group {groups}",
        "エージェントの IP がマシングループ {groups} に登録されていること",
    ),
    "step3.ip_in_group.found.ok": (
        "{ip} is in {groups}",
        "{ip} は {groups} に登録されています",
    ),
    "step3.ip_in_group.found": (
        "{ip} is not in {groups} (which lists {listed})",
        "{ip} は {groups} に登録されていません (登録済み: {listed})",
    ),
    "step3.ip_in_group.the_hosts_group": (
        "the host's machine group",
        "このホストのマシングループ",
    ),
    "step3.ip_in_group.fix": (
        "In the SLS console, project {project}, machine group {group}: add {ip} (the IP this "
        "agent reports), save, wait one minute and check the heartbeat",
        "SLS コンソールでプロジェクト {project} のマシングループ {group} を開き、{ip} "
        "(このエージェントが報告する IP) を追加して保存し、1 "
        "分ほど待ってからハートビートを確認してください",
    ),
    "step3.ip_current.expected": (
        "the IP the agent would take now: {candidates} ({rule})",
        "エージェントが現在取得する IP: {candidates} ({rule})",
    ),
    "step3.ip_current.found.ok": (
        "app_info.json ip {ip}",
        "app_info.json の ip {ip}",
    ),
    "step3.ip_current.found": (
        "app_info.json ip {ip}: the network changed since the agent started",
        "app_info.json の ip {ip}: エージェントの起動後にネットワークが変わっています",
    ),
    "step3.ip_current.found.resolve_timed_out": (
        "`{command}` did not answer within {seconds} s: the host cannot resolve its own name "
        "{hostname} in time, and the agent resolves it the same way when it starts",
        "`{command}` は {seconds} 秒以内に応答しませんでした: ホストが自身の名前 {hostname} "
        "を時間内に名前解決できません。エージェントも起動時に同じ方法で名前解決します",
    ),
    "step3.ip_current.fix.resolve": (
        "Make the host's own name resolve at once: add the line '{ip} {hostname}' to "
        "{hosts_path} (or fix the DNS servers the host uses); check: {check_cmd}; then restart "
        "the agent so it takes its IP again: {restart_cmd}",
        "ホスト自身の名前がすぐに名前解決できるようにしてください: {hosts_path} に '{ip} "
        "{hostname}' の行を追加する (またはホストが使う DNS サーバーを修正する)。確認: "
        "{check_cmd}。その後エージェントを再起動して IP を取り直させてください: {restart_cmd}",
    ),
    "step3.ip_current.the_new_ip": (
        "the new IP",
        "新しい IP",
    ),
    "step3.ip_current.its_group": (
        "(its group)",
        "(このホストのグループ)",
    ),
    "step3.ip_current.fix.restart": (
        "Restart the agent so it takes the current IP: {restart_cmd}; then put {ip} (the new "
        "app_info.json ip) in machine group {group} in the SLS console",
        "エージェントを再起動して現在の IP を取得させてください: {restart_cmd}。その後、SLS "
        "コンソールでマシングループ {group} に {ip} (新しい app_info.json の ip) "
        "を登録してください",
    ),
    "step3.ip_current.fix.stale_hosts": (
        "First correct the stale line for {hostname} in /etc/hosts (it points to {ip}, which no "
        'NIC of this host has), or set "working_ip" in {config}; then restart the agent: '
        "{restart_cmd}, and check that machine group {group} lists the ip app_info.json then "
        "shows",
        "まず /etc/hosts にある {hostname} の古い行を修正するか (この行は {ip} "
        "を指していますが、このホストのどの NIC もその IP を持っていません)、{config} に "
        '"working_ip" を設定してください。その後エージェントを再起動し '
        "({restart_cmd})、マシングループ {group} に app_info.json の新しい ip "
        "が登録されていることを確認してください",
    ),
    "step4.user_id.expected": (
        "{users_dir}/<account ID> for one of {ids}",
        "{ids} のいずれかについて {users_dir}/<アカウント ID> があること",
    ),
    "step4.user_id.expected.same_account": (
        "no user identifier (an ECS of the project's own account)",
        "ユーザー識別子は不要 (プロジェクトと同じアカウントの ECS)",
    ),
    "step4.user_id.found.same_account": (
        "not needed: same_account_ecs is true in the targets file",
        "不要です: ターゲットファイルで same_account_ecs が true です",
    ),
    "step4.user_id.found.no_dir": (
        "{users_dir} does not exist",
        "{users_dir} が存在しません",
    ),
    "step4.user_id.found.holds": (
        "{users_dir} holds {listed}",
        "{users_dir} の内容: {listed}",
    ),
    "step4.user_id.a_directory": (
        "{name}/ (a directory)",
        "{name}/ (ディレクトリ)",
    ),
    "step4.user_id.fix": (
        "Create the identifier file: {create_cmd} (the ID of the Alibaba Cloud account that owns "
        "project {project}, not a RAM user's)",
        "識別子ファイルを作成してください: {create_cmd} (プロジェクト {project} を所有する "
        "Alibaba Cloud アカウントの ID です。RAM ユーザーの ID ではありません)",
    ),
    "waiver.active": (
        "waived until {expires}: {justification}",
        "{expires} まで免除されています: {justification}",
    ),
    "waiver.expired": (
        "the waiver expired on {expires}: {justification}",
        "免除は {expires} に期限切れになりました: {justification}",
    ),
    "report.title": (
        "logtail-doctor: machine group heartbeat diagnosis",
        "logtail-doctor: マシングループのハートビート診断",
    ),
    "report.what": (
        "What was checked",
        "診断の対象",
    ),
    "report.targets_file": (
        "Targets file",
        "ターゲットファイル",
    ),
    "report.project": (
        "Project",
        "プロジェクト",
    ),
    "report.region": (
        "Region",
        "リージョン",
    ),
    "report.network": (
        "Network type",
        "ネットワーク種別",
    ),
    "report.account_ids": (
        "Account IDs",
        "アカウント ID",
    ),
    "report.started": (
        "Started",
        "開始時刻",
    ),
    "report.duration": (
        "Duration",
        "所要時間",
    ),
    "report.seconds": (
        "{seconds} s",
        "{seconds} 秒",
    ),
    "report.version": (
        "Suite version",
        "スイートのバージョン",
    ),
    "report.revision": (
        "Git revision",
        "Git リビジョン",
    ),
    "report.waivers_file": (
        "Waivers file",
        "免除ファイル",
    ),
    "report.none": (
        "(none)",
        "(なし)",
    ),
    "report.hosts": (
        "Hosts",
        "ホスト",
    ),
    "report.matrix": (
        "Hosts by guide step",
        "ガイドの手順ごとのホストの状態",
    ),
    "report.show": (
        "Show",
        "表示",
    ),
    "report.sort_by": (
        "Sort by",
        "並べ替え",
    ),
    "report.sort.host": (
        "host",
        "ホスト",
    ),
    "report.sort.root_cause": (
        "root cause",
        "根本原因",
    ),
    "report.sort.status": (
        "status",
        "状態",
    ),
    "report.shown": (
        "{shown} of {total} hosts shown",
        "{total} 台中 {shown} 台を表示",
    ),
    "report.col.host": (
        "Host",
        "ホスト",
    ),
    "report.col.status": (
        "Status",
        "状態",
    ),
    "report.col.root_cause": (
        "Root cause",
        "根本原因",
    ),
    "report.col.agent": (
        "Agent",
        "エージェント",
    ),
    "report.details": (
        "details",
        "詳細",
    ),
    "report.open_hint": (
        "Click a host for its failed checks, what the probe saw and the fix.",
        "ホストをクリックすると、失敗したチェック、プローブが確認した内容、対処方法を表示します。",
    ),
    "report.expected": (
        "Expected",
        "期待値",
    ),
    "report.found": (
        "Found",
        "実際",
    ),
    "report.fix": (
        "Fix",
        "対処",
    ),
    "report.commands": (
        "Commands (copy and run on the host)",
        "コマンド (コピーしてホストで実行してください)",
    ),
    "report.copy": (
        "Copy",
        "コピー",
    ),
    "report.copied": (
        "Copied",
        "コピーしました",
    ),
    "report.evidence": (
        "What the probe saw",
        "プローブが確認した内容",
    ),
    "report.all_passed": (
        "Every check passed.",
        "すべてのチェックに合格しました。",
    ),
    "report.other_checks": (
        "Other checks",
        "その他のチェック",
    ),
    "report.legend": (
        "Cell colour: the worst outcome of the step's checks.",
        "セルの色: その手順のチェックのうち最も悪い結果。",
    ),
    "report.noscript": (
        "Filtering, sorting and host details need JavaScript.",
        "絞り込み、並べ替え、ホストの詳細表示には JavaScript が必要です。",
    ),
    "report.causes.automatable": (
        "fix in remediation.yml",
        "remediation.yml で修正",
    ),
    "report.causes.manual": (
        "manual fix",
        "手動で修正",
    ),
    "report.plan.title": (
        "Machine-group plan",
        "マシングループの修正計画",
    ),
    "report.plan.col.group": (
        "Machine group",
        "マシングループ",
    ),
    "report.plan.col.add": (
        "Add (recorded by agents, not in the group)",
        "追加 (エージェントが記録、グループにない)",
    ),
    "report.plan.col.stale": (
        "Remove (no agent records them any more)",
        "削除 (どのエージェントも記録していない)",
    ),
    "report.plan.col.new": (
        "The new list, ready to paste",
        "新しいリスト (そのまま貼り付け可)",
    ),
    "report.plan.action": (
        "SLS console, project {project}: Machine Groups > {group} > Modify, paste the new list",
        "SLS コンソール、プロジェクト {project}: マシングループ > {group} > 変更 "
        "で新しいリストを貼り付け",
    ),
    "report.plan.none": (
        "Every machine group already lists what the agents of this run record.",
        "どのマシングループも、この実行のエージェントが記録した内容をすでに含んでいます。",
    ),
    "report.change.broke": (
        "new failure since {baseline}",
        "{baseline} 以降の新しい障害",
    ),
    "report.change.fixed": (
        "fixed since {baseline}",
        "{baseline} 以降に修正済み",
    ),
    "report.change.cause_changed": (
        "root cause changed since {baseline}: was {before}",
        "{baseline} 以降に根本原因が変化: 以前は {before}",
    ),
    "report.changes": (
        "Since {baseline}: {broke} broke, {fixed} fixed, {changed} changed root cause",
        "{baseline} 以降: 新規障害 {broke}、修正 {fixed}、根本原因の変化 {changed}",
    ),
    "report.causes": (
        "Hosts per root cause",
        "根本原因ごとのホスト数",
    ),
    "report.causes.hint": (
        "Click a bar to show only its hosts; click it again to show all.",
        "バーをクリックするとそのホストだけを表示し、もう一度クリックするとすべてを表示します。",
    ),
    "report.causes.all": (
        "Show all causes",
        "すべての原因を表示",
    ),
    "report.causes.none": (
        "No host has a root cause: nothing to fix.",
        "根本原因のあるホストはありません: 修正は不要です。",
    ),
    "status.healthy": (
        "healthy",
        "正常",
    ),
    "status.unhealthy": (
        "unhealthy",
        "異常",
    ),
    "status.unreachable": (
        "unreachable",
        "到達不可",
    ),
    "status.partial": (
        "partial",
        "一部のみ",
    ),
    "outcome.passed": (
        "passed",
        "合格",
    ),
    "outcome.failed": (
        "failed",
        "失敗",
    ),
    "outcome.skipped": (
        "not judged",
        "判定なし",
    ),
    "outcome.waived": (
        "waived",
        "免除",
    ),
    "outcome.not_run": (
        "not run",
        "未実行",
    ),
    "outcome.error": (
        "error",
        "エラー",
    ),
    "step.host": (
        "Reachable",
        "到達性",
    ),
    "step.step1": (
        "1 Agent",
        "1 エージェント",
    ),
    "step.step2": (
        "2 Install parameters",
        "2 インストールパラメーター",
    ),
    "step.step3": (
        "3 Machine group IP",
        "3 マシングループの IP",
    ),
    "step.step4": (
        "4 User ID",
        "4 ユーザー識別子",
    ),
    "step.server": (
        "Server view (SLS API)",
        "サーバー側 (SLS API)",
    ),
    "server.heartbeat.expected.any": (
        "a heartbeat within {limit}",
        "{limit} 以内のハートビート",
    ),
    "server.heartbeat.expected": (
        "a heartbeat to machine group {group} within the last {limit}",
        "直近 {limit} 以内にマシングループ {group} へ送られたハートビート",
    ),
    "server.heartbeat.skip.no_group": (
        "the host's machine group is unknown (give machine_group in the targets file)",
        "ホストのマシングループが不明です (ターゲットファイルで machine_group を指定してください)",
    ),
    "server.heartbeat.skip.not_read": (
        "ListMachines was not read",
        "ListMachines を読み取れませんでした",
    ),
    "server.heartbeat.skip.no_custom_id": (
        "the host has no {path} to match",
        "照合に使う {path} がホストにありません",
    ),
    "server.heartbeat.skip.no_ip": (
        "no IP to match (app_info.json records none and the host spec has no address)",
        "照合する IP がありません (app_info.json に記録がなく、ホスト指定にもアドレスがありません)",
    ),
    "server.heartbeat.who.custom_id": (
        "custom identifier {ident}",
        "カスタム識別子 {ident}",
    ),
    "server.heartbeat.who.ip": (
        "IP {ident}",
        "IP {ident}",
    ),
    "server.heartbeat.who.ip_from": (
        "IP {ident} ({source})",
        "IP {ident} ({source})",
    ),
    "server.heartbeat.source.address": (
        "host address",
        "ホストのアドレス",
    ),
    "server.heartbeat.source.none": (
        "none",
        "なし",
    ),
    "server.heartbeat.found.none": (
        "no heartbeat from {who}: not among the {count} machine(s) heartbeating to {group}",
        "{who} からのハートビートはありません: {group} にハートビートを送っている {count} "
        "台のマシンに含まれていません",
    ),
    "server.heartbeat.found.none_unlisted": (
        "no heartbeat from {who}: not among the {count} machine(s) heartbeating to {group}, and "
        "{group} does not list it",
        "{who} からのハートビートはありません: {group} にハートビートを送っている {count} "
        "台のマシンに含まれておらず、{group} のマシンリストにも登録されていません",
    ),
    "server.heartbeat.found.last": (
        "last heartbeat from {who} {age} ago ({at})",
        "{who} からの最後のハートビートは {age} 前です ({at})",
    ),
    "server.heartbeat.fix.unreachable": (
        "The host could not be checked over SSH, so the host-side steps cannot say why: {fix}",
        "SSH でホストを調査できなかったため、ホスト側の手順から原因を特定できません: {fix}",
    ),
    "server.heartbeat.fix.reach_default": (
        "make it reachable and run again",
        "ホストに接続できるようにしてから再実行してください",
    ),
    "server.heartbeat.fix.host_side": (
        "The host-side diagnosis explains it ({cause}): {fix}",
        "ホスト側の診断で原因が分かっています ({cause}): {fix}",
    ),
    "server.heartbeat.fix.see_check": (
        "see that check",
        "そのチェックを確認してください",
    ),
    "server.heartbeat.fix.add": (
        "Add {ident} to machine group {group} in the SLS console, then check the heartbeat again "
        "after about a minute",
        "SLS コンソールで {ident} をマシングループ {group} に追加し、約 1 "
        "分後にもう一度ハートビートを確認してください",
    ),
    "server.heartbeat.fix.backoff": (
        "with no collection config applied to machine group {group} the agent slows its "
        "heartbeat to up to {minutes} minutes: apply a config to the group, or restart the agent",
        "マシングループ {group} に収集設定が適用されていないと、エージェントはハートビートの間隔"
        "を最大 {minutes} 分まで延ばします。グループに設定を適用するか、エージェントを再起動して"
        "ください",
    ),
    "server.heartbeat.fix.log": (
        "read the agent's log ({path}, or {alt}) for errors talking to the config server",
        "エージェントのログ ({path} または {alt}) で、設定サーバーとの通信エラーを確認してください",
    ),
    "server.heartbeat.fix.clock": (
        "the host's clock must be within {minutes} minutes of the real time",
        "ホストの時刻は実際の時刻との差が {minutes} 分以内である必要があります",
    ),
    "server.heartbeat.fix.no_heartbeat": (
        "The host-side checks pass but Log Service lists no heartbeat from it: a new agent's "
        "first heartbeat takes about {minutes} minutes; else {log}; {clock}; {backoff}",
        "ホスト側のチェックはすべて合格していますが、Log Service "
        "にこのホストのハートビートがありません。新しいエージェントの最初のハートビートには約 "
        "{minutes} 分かかります。それ以外の場合は、{log}。{clock}。{backoff}",
    ),
    "server.heartbeat.fix.backing_off": (
        "The host-side checks pass: {backoff}; {clock}",
        "ホスト側のチェックは合格しています。{backoff}。{clock}",
    ),
    "server.heartbeat.fix.stopped": (
        "The host-side checks pass now, but the heartbeats stopped {age} ago (longer than the "
        "{minutes}-minute back-off): {log}; {clock}",
        "ホスト側のチェックは現在合格していますが、ハートビートは {age} 前に途絶えています "
        "({minutes} 分のバックオフより長い時間です)。{log}。{clock}",
    ),
    "report.groups.title": (
        "Machine groups (from SLS)",
        "マシングループ (SLS から取得)",
    ),
    "report.groups.col.group": (
        "Machine group",
        "マシングループ",
    ),
    "report.groups.col.identify_type": (
        "Identify type",
        "識別方式",
    ),
    "report.groups.col.not_checked": (
        "Not checked (no host in this run covers them)",
        "未チェック (今回の実行でどのホストも該当しません)",
    ),
    "report.groups.col.unexpected": (
        "Heartbeating but not in the group",
        "ハートビートはあるがグループに登録されていないマシン",
    ),
    "report.groups.type.ip": (
        "IP address",
        "IP アドレス",
    ),
    "report.groups.type.userdefined": (
        "custom identifier",
        "カスタム識別子",
    ),
    "report.groups.from_targets": (
        "(targets file; SLS not read)",
        "(ターゲットファイル。SLS は読み取れませんでした)",
    ),
    "report.groups.more": (
        "(+{count} more)",
        "(ほか {count} 件)",
    ),
    "step1.installed.found.none.short": (
        "no agent installed",
        "エージェント未インストール",
    ),
    "step1.installed.found.partial.short": (
        "agent partly installed (missing {missing})",
        "エージェントが一部のみインストール済み (不足: {missing})",
    ),
    "step1.installed.found.no_service.short": (
        "no agent service",
        "エージェントのサービスなし",
    ),
    "step1.instances.found.short": (
        "{daemons} agent daemons running",
        "エージェントのデーモンが {daemons} 個稼働",
    ),
    "step1.running.found.short": (
        "agent not running (status exit {rc})",
        "エージェント停止中 (status 終了コード {rc})",
    ),
    "step1.running.found.not_run.short": (
        "agent status unknown (script could not run)",
        "エージェントの状態不明 (スクリプト実行不可)",
    ),
    "step1.running.found.timed_out.short": (
        "agent status hangs (no answer in {seconds} s)",
        "エージェントの status が応答なし ({seconds} 秒)",
    ),
    "step1.running.found.processes.short": (
        "agent not running ({processes} processes)",
        "エージェント停止中 (プロセス {processes} 個)",
    ),
    "step1.running.found.service.short": (
        "service {service} is {state}",
        "サービス {service} は {state}",
    ),
    "step2.config_valid.found.community.short": (
        "community edition: no heartbeat to SLS",
        "コミュニティ版: SLS へのハートビートなし",
    ),
    "step2.config_loaded.found.short": (
        "config changed after the agent started",
        "エージェント起動後に設定ファイルが変更された",
    ),
    "step2.dns.found.short": (
        "{name} does not resolve",
        "{name} を名前解決できない",
    ),
    "step2.dns.found.timed_out.short": (
        "resolving {name} hangs",
        "{name} の名前解決が応答なし",
    ),
    "step2.region.found.short": (
        "agent installed for region {region}",
        "エージェントはリージョン {region} 用にインストール",
    ),
    "step2.network.found.short": (
        "agent installed for network type {network}",
        "エージェントはネットワーク種別 {network} 用にインストール",
    ),
    "step2.endpoint.found.no_answer.short": (
        "config server does not answer over HTTP",
        "設定サーバーが HTTP で応答しない",
    ),
    "step2.endpoint.found.timed_out.short": (
        "config server silent for {seconds} s",
        "設定サーバーが {seconds} 秒応答なし",
    ),
    "step2.endpoint.found.not_sls.short": (
        "HTTP {status} from a server that is not SLS",
        "SLS ではないサーバーから HTTP {status}",
    ),
    "step2.https.found.short": (
        "HTTPS 443 fails while HTTP works",
        "HTTP は通るが HTTPS 443 が失敗",
    ),
    "step2.https.found.timed_out.short": (
        "HTTPS 443 silent for {seconds} s",
        "HTTPS 443 が {seconds} 秒応答なし",
    ),
    "step2.proxy.found.short": (
        "invalid proxy {variables}",
        "無効なプロキシ {variables}",
    ),
    "step2.agent_version.found.short": (
        "{agent} too old for {settings}",
        "{agent} は {settings} には古すぎる",
    ),
    "step2.clock.found.short": (
        "clock off by {skew}",
        "時刻のずれ {skew}",
    ),
    "step3.ip_recorded.found.empty.short": (
        "agent recorded no IP",
        "エージェントが IP を記録していない",
    ),
    "step3.ip_recorded.found.not_ipv4.short": (
        "recorded IP {ip} is not IPv4",
        "記録された IP {ip} は IPv4 ではない",
    ),
    "step3.custom_id.found.short": (
        "custom identifier missing in {path}",
        "{path} にカスタム識別子がない",
    ),
    "step3.ip_in_group.found.short": (
        "IP {ip} not in group {groups}",
        "IP {ip} がグループ {groups} にない",
    ),
    "step3.ip_current.found.short": (
        "recorded IP {ip} is stale (network changed)",
        "記録された IP {ip} が古い (ネットワーク変更)",
    ),
    "step3.ip_current.found.resolve_timed_out.short": (
        "own hostname {hostname} does not resolve in time",
        "自ホスト名 {hostname} の名前解決が時間内に終わらない",
    ),
    "step4.user_id.found.no_dir.short": (
        "no account ID file ({users_dir} missing)",
        "アカウント ID ファイルなし ({users_dir} がない)",
    ),
    "step4.user_id.found.holds.short": (
        "account ID file missing in {users_dir}",
        "{users_dir} にアカウント ID ファイルがない",
    ),
    "server.heartbeat.found.none.short": (
        "no heartbeat in {group}",
        "{group} にハートビートなし",
    ),
    "server.heartbeat.found.none_unlisted.short": (
        "no heartbeat, not listed in {group}",
        "ハートビートなし、{group} に未登録",
    ),
    "server.heartbeat.found.last.short": (
        "last heartbeat {age} ago",
        "最後のハートビートは {age} 前",
    ),
    "file.unusable.short": (
        "{path} unusable",
        "{path} が使用できない",
    ),
    "file.state.short": (
        "{path} is {state}",
        "{path} は {state}",
    ),
    "outcome.error.found.short": (
        "the test broke: {error}",
        "テストが異常終了: {error}",
    ),
    "title.step4.configs_received": (
        "Collection configs from SLS have reached the agent",
        "SLS の収集設定がエージェントに届いている",
    ),
    "step4.configs_received.fix": (
        "Apply a collection config of project {project} to machine group {group} in the SLS "
        "console (a Logtail configuration, then Manage machine groups): with none applied the "
        "agent backs off its heartbeat to up to 12 minutes. If one is applied already, the "
        "checks before this one pass and it still has none, restart the agent so that it asks "
        "again now: {restart_cmd}",
        "SLS コンソールでプロジェクト {project} の収集設定をマシングループ {group} "
        "に適用してください (Logtail 設定 → マシングループの管理)。適用された設定がないと、エージ"
        "ェントはハートビートの間隔を最長 12 分まで延ばします。すでに適用済みで、これより前のチェ"
        "ックが成功しているのに設定が届いていない場合は、エージェントを再起動してすぐに再取得させ"
        "てください: {restart_cmd}",
    ),
    "step4.configs_received.expected": (
        "{path} lists a collection config of project {project}",
        "{path} にプロジェクト {project} の収集設定が記載されている",
    ),
    "step4.configs_received.skip.windows": (
        "received configs are not read on Windows",
        "Windows では受信した設定を読み取りません",
    ),
    "step4.configs_received.skip.elsewhere": (
        "this agent keeps received configs elsewhere",
        "このエージェントは受信した設定を別の場所に保存します",
    ),
    "step4.configs_received.skip.not_probed": (
        "the probe did not read {path}",
        "プローブは {path} を読み取っていません",
    ),
    "step4.configs_received.skip.not_running": (
        "the agent does not run (see step 1)",
        "エージェントが起動していません (手順 1 を参照)",
    ),
    "step4.configs_received.skip.young": (
        "the agent started {seconds} s ago: its configs may still be on the way",
        "エージェントは {seconds} 秒前に起動したばかりです。設定はまだ届いていない可能性があります",
    ),
    "step4.configs_received.skip.truncated": (
        "{path} is larger than the probe reads; its first part lists only {projects}",
        "{path} はプローブが読み取るサイズより大きく、先頭部分には {projects} "
        "しか記載されていません",
    ),
    "step4.configs_received.found.absent": (
        "no {path}: the agent has received no collection config since it was installed",
        "{path} がありません。インストール以降、エージェントは収集設定を 1 つも受信していません",
    ),
    "step4.configs_received.found.none": (
        "{path} lists no collection config",
        "{path} に収集設定が記載されていません",
    ),
    "step4.configs_received.found.other": (
        "{path} lists configs of other projects only: {projects}",
        "{path} には他のプロジェクトの設定しかありません: {projects}",
    ),
    "step4.configs_received.found.ok": (
        "{path} lists {count} collection config(s) of project {project}",
        "{path} にプロジェクト {project} の収集設定が {count} 件あります",
    ),
    "step4.configs_received.found.absent.short": (
        "no collection config received",
        "収集設定を受信していない",
    ),
    "step4.configs_received.found.none.short": (
        "no collection config received",
        "収集設定を受信していない",
    ),
    "step4.configs_received.found.other.short": (
        "no collection config of project {project}",
        "プロジェクト {project} の収集設定がない",
    ),
    "host.reachable.skip.pod": (
        "the pod's agent container gave no answer ({error}): its cause is the pod's",
        ("Pod のエージェントコンテナが応答しませんでした ({error}): 原因は Pod の状態です"),
    ),
    "step1.installed.expected.container": (
        "{install_dir}/ilogtail or {install_dir}/loongcollector in the image",
        ("イメージ内の {install_dir}/ilogtail または {install_dir}/loongcollector"),
    ),
    "step1.installed.fix.container": (
        (
            "Run the agent's image in {name} (the Logtail or LoongCollector image of region "
            "{region}), or point this target at the agent's container"
        ),
        (
            "{name} でエージェントのイメージ (リージョン {region} "
            "の Logtail または LoongCollector のイメージ) "
            "を実行するか, このターゲットをエージェントのコンテナに向けてください"
        ),
    ),
    "step1.installed.found.container": (
        "container agent {agent} in {engine} {name}: {paths} present",
        ("コンテナエージェント {agent} ({engine} {name}): {paths} があります"),
    ),
    "step1.installed.found.container.none": (
        (
            "container {name} ({engine}) has neither {install_dir}/ilogtail nor "
            "{install_dir}/loongcollector: not an agent image"
        ),
        (
            "コンテナ {name} ({engine}) には "
            "{install_dir}/ilogtail も "
            "{install_dir}/loongcollector "
            "もありません: エージェントのイメージではありません"
        ),
    ),
    "step1.installed.found.container.none.short": (
        "no agent in the container",
        "コンテナにエージェントがない",
    ),
    "title.step1.pod": (
        "The agent's pod runs and is ready (Kubernetes)",
        ("エージェントの Pod が動作し Ready である (Kubernetes)"),
    ),
    "step1.pod.expected": (
        "pod {pod} in phase Running, its agent container ready",
        ("Pod {pod} がフェーズ Running で, エージェントコンテナが Ready"),
    ),
    "step1.pod.fix.crashloop": (
        (
            "The agent's container keeps crashing: read why its last run ended with "
            "{logs_cmd}; the usual causes are a config path (ALIYUN_LOGTAIL_CONFIG) or "
            "endpoint the agent cannot use, a memory limit too low (OOMKilled) and a host "
            "path it cannot mount. Fix the ConfigMap {namespace}/alibaba-log-configuration "
            "or the DaemonSet, then: {restart_cmd}"
        ),
        (
            "エージェントのコンテナがクラッシュを繰り返しています: "
            "前回の終了理由を {logs_cmd} で確認してください. "
            "よくある原因は, エージェントが使えない設定パス "
            "(ALIYUN_LOGTAIL_CONFIG) やエンドポイント, "
            "低すぎるメモリ上限 (OOMKilled), "
            "マウントできないホストパスです. ConfigMap "
            "{namespace}/alibaba-log-configuratio"
            "n または DaemonSet を修正してから実行してください: "
            "{restart_cmd}"
        ),
    ),
    "step1.pod.fix.not_ready": (
        (
            "See why the pod is not running and ready: {describe_cmd} (its events: image "
            "pull, scheduling, probes) and {logs_cmd}; after fixing the cause: {restart_cmd}"
        ),
        (
            "Pod が Running かつ Ready "
            "でない理由を確認してください: {describe_cmd} "
            "(イベント: イメージ取得, スケジューリング, プローブ) と "
            "{logs_cmd}. 原因を直したら: {restart_cmd}"
        ),
    ),
    "step1.pod.found": (
        (
            "phase {phase}, container {state}, {restarts} restart(s){last_exit} (node "
            "{node}, DaemonSet {daemonset})"
        ),
        (
            "フェーズ {phase}, コンテナ {state}, 再起動 "
            "{restarts} 回{last_exit} (ノード "
            "{node}, DaemonSet {daemonset})"
        ),
    ),
    "step1.pod.found.short": (
        "pod {state}",
        "Pod {state}",
    ),
    "step1.pod.last_exit": (
        "; last run ended: {last_exit}",
        "; 前回の終了: {last_exit}",
    ),
    "step1.pod.expected.not_pod": (
        "nothing to judge (not a Kubernetes pod)",
        "判定対象なし (Kubernetes の Pod ではない)",
    ),
    "step1.pod.found.not_pod": (
        "not needed: the agent does not run in a Kubernetes pod",
        "不要: エージェントは Kubernetes の Pod で動作していません",
    ),
    "step1.pod.skip.unknown": (
        "the pod's status could not be read: {error}",
        "Pod の状態を読めませんでした: {error}",
    ),
    "step1.pod.state.not_ready": (
        "not ready",
        "Ready でない",
    ),
    "step1.pod.state.ready": (
        "ready",
        "Ready",
    ),
    "step1.pod.state.waiting": (
        "waiting: {reason}",
        "待機中: {reason}",
    ),
    "step1.running.expected.container": (
        "agent processes running in {engine} {name}",
        ("{engine} {name} の中でエージェントのプロセスが動作している"),
    ),
    "step1.running.fix.container": (
        (
            "The agent does not run in its container: read what it printed with {logs_cmd}, "
            "then restart it: {restart_cmd}"
        ),
        (
            "エージェントがコンテナ内で動作していません: 出力を "
            "{logs_cmd} で確認してから再起動してください: "
            "{restart_cmd}"
        ),
    ),
    "host.reachable.fix.container": (
        (
            "Check that the agent's container {host} runs and has /bin/sh (the probe needs a "
            "POSIX shell in it), and that this runner may use its engine: {check_cmd}"
        ),
        (
            "エージェントのコンテナ {host} が動作していて /bin/sh "
            "があること (プローブはコンテナ内に POSIX "
            "シェルを必要とします), "
            "およびこのランナーがそのエンジンを使えることを確認してください: "
            "{check_cmd}"
        ),
    ),
    "host.reachable.fix.program": (
        "Install {program} on this runner (Debian/Ubuntu: apt-get install {package}), then run "
        "again",
        "このランナーに {program} をインストールしてから (Debian/Ubuntu: apt-get install "
        "{package}) 再実行してください",
    ),
    "step4.user_id.fix.link": (
        "{users_dir} is a symbolic link to {target}, which cannot be followed: see what i"
        "t was meant for (ls -l {users_dir}), then replace it by a folder holding the ide"
        "ntifier file: sudo rm {users_dir} && {create_cmd}",
        "{users_dir} は {target} へのシンボリックリンクで、たどれません: 何のためのものか"
        "確認し (ls -l {users_dir})、識別子ファイルを置くフォルダーに置き換えてください: "
        "sudo rm {users_dir} && {create_cmd}",
    ),
    "step4.user_id.found.holds_many": (
        "{users_dir} holds {count} entries, none for these accounts in the first {read} r"
        "ead: {listed}",
        "{users_dir} には {count} 個のエントリがあり、読み取った先頭 {read} 個にこれらの"
        "アカウントのものはありません: {listed}",
    ),
    "step4.user_id.found.holds_many.short": (
        "account ID file missing in {users_dir}",
        "{users_dir} にアカウント ID ファイルがない",
    ),
    "step4.user_id.found.link_dangling": (
        "{users_dir} is a symbolic link to {target}, which does not exist",
        "{users_dir} は {target} へのシンボリックリンクですが、その先は存在しません",
    ),
    "step4.user_id.found.link_dangling.short": (
        "{users_dir} is a dangling symbolic link",
        "{users_dir} はリンク先のないシンボリックリンク",
    ),
    "step4.user_id.found.link_loop": (
        "{users_dir} is a symbolic link to {target} that loops (ELOOP)",
        "{users_dir} は {target} へのシンボリックリンクで、ループしています (ELOOP)",
    ),
    "step4.user_id.found.link_loop.short": (
        "{users_dir} is a symbolic link loop",
        "{users_dir} はシンボリックリンクのループ",
    ),
    "value.more": (
        "(+{count} more)",
        "(ほか {count} 件)",
    ),
    "step1.running.fix.flood": (
        "The init script's status should print one line: see what it prints with {peek_cmd}"
        "; repair or reinstall the agent's init script, then restart it: {restart_cmd}",
        "init スクリプトの status は 1 行だけ出力するはずです。{peek_cmd} で出力を確認し"
        "、エージェントの init スクリプトを修復または再インストールしてから再起動してくだ"
        "さい: {restart_cmd}",
    ),
    "step1.running.found.too_long": (
        "`{command}` printed more than {kib} KiB (the probe kept the first {kib} KiB); {processes} "
        "agent process(es)",
        "`{command}` が {kib} KiB を超えて出力しました (プローブは先頭 {kib} KiB のみ保持"
        ")。エージェントのプロセス {processes} 個",
    ),
    "step1.running.found.too_long.short": (
        "agent status prints more than {kib} KiB",
        "エージェントの status が {kib} KiB を超えて出力",
    ),
    "step2.config_loaded.found.ok": (
        "the file last changed at {changed} and the agent (PID {pid}) started at {started}"
        ": it runs with this version",
        "ファイルの最終変更は {changed}、エージェント (PID {pid}) の起動は {started}: こ"
        "の版で動作しています",
    ),
    "report.run_error": (
        "Run error (exit 1)",
        "実行エラー (終了コード 1)",
    ),
    "step1.instances.container": (
        "{pid} (PID namespace {ns})",
        "{pid} (PID 名前空間 {ns})",
    ),
    "step1.instances.found.containers": (
        (
            "{daemons} daemon(s) and {workers} worker(s): {pids}; not counted, in "
            "containers (PID namespaces of their own): {others}"
        ),
        (
            "デーモン {daemons} 個とワーカー {workers} 個: "
            "{pids}。数に含めないもの、コンテナ内 (独自の PID 名前空間): {others}"
        ),
    ),
    "step3.custom_id.found.env": (
        "{id} (from {variable} in the agent's environment)",
        "{id} (エージェントの環境変数 {variable} から)",
    ),
    "step3.custom_id.found.and_env": (
        "{found}; {variable} in the agent's environment holds {held}",
        "{found}。エージェントの環境変数 {variable} の内容: {held}",
    ),
    "step4.user_id.found.env": (
        "{id} (from {variable} in the agent's environment)",
        "{id} (エージェントの環境変数 {variable} から)",
    ),
    "step4.user_id.found.and_env": (
        "{found}; {variable} in the agent's environment holds {held}",
        "{found}。エージェントの環境変数 {variable} の内容: {held}",
    ),
    "agent.from_env": (
        "{variable} in the agent's environment",
        "エージェントの環境変数 {variable}",
    ),
    "agent.from_config": (
        "{setting} in {config}",
        "{config} の {setting}",
    ),
    "agent.folder_moved": (
        "{found} (the agent's folder is {folder}, set by {source})",
        "{found} (エージェントのフォルダは {folder}。設定元: {source})",
    ),
    "step2.config_valid.skip.override_unread": (
        (
            "{variable} in the agent's environment names {path} as its config, a "
            "path the probe does not read (not absolute, or of other than plain "
            "characters)"
        ),
        (
            "エージェントの環境変数 {variable} が設定ファイルとして {path} "
            "を指定していますが、プローブはこのパスを読みません "
            "(絶対パスでないか、通常以外の文字を含みます)"
        ),
    ),
    "step2.config_valid.found.config_d_skipped": (
        "{file} is not valid JSON ({error}): the agent skips it, so what it sets is not applied",
        (
            "{file} は有効な JSON ではありません "
            "({error})。エージェントはこのファイルを読み飛ばすため、その設定は適用されません"
        ),
    ),
    "step2.config_valid.fix.config_d": (
        (
            "Correct {file} (the agent merges each config.d/*.json that is one JSON "
            "object over its config, when it starts) or remove it, then restart: "
            "{restart_cmd}"
        ),
        (
            "{file} を修正するか削除してから再起動してください: {restart_cmd} "
            "(エージェントは起動時に、1 つの JSON オブジェクトである "
            "config.d/*.json をそれぞれ設定に重ねてマージします)"
        ),
    ),
    "step2.config_valid.found.config_d_problem": (
        "config.d ({folder}) {problem}",
        "config.d ({folder}): {problem}",
    ),
    "step2.config_valid.found.config_d_skipped.short": (
        "config.d file {file} ignored by the agent",
        "config.d のファイル {file} がエージェントに無視されている",
    ),
    "agent.config_named": (
        "{found} (the agent loads {path}: {variable} names it)",
        "{found} (エージェントは {path} を読み込みます。{variable} による指定)",
    ),
    "agent.config_d_merged": (
        "{found}; merged over it from config.d: {files}",
        "{found}。config.d から重ねてマージ: {files}",
    ),
    "agent.set_in": (
        "{found}; {setting} set in {file}",
        "{found}。{setting} は {file} で設定",
    ),
    "agent.and": (
        "{first}; {second}",
        "{first}。{second}",
    ),
    "step2.fix.container": (
        ("Point the container agent at region {region}'s config: {variable}={value}: {how}"),
        (
            "コンテナエージェントにリージョン {region} "
            "の設定を指定してください: {variable}={value}: "
            "{how}"
        ),
    ),
    "step3.custom_id.fix.container": (
        (
            "Give the container agent the identifier in its environment, {variable}={value} "
            "(a line written to the container's file is lost when it is re-created): {how}"
        ),
        (
            "コンテナエージェントの環境変数で識別子を渡してください, "
            "{variable}={value} "
            "(コンテナ内のファイルに書いた行は, "
            "コンテナを作り直すと失われます): {how}"
        ),
    ),
    "step4.user_id.fix.container": (
        (
            "Give the container agent the account ID in its environment, {variable}={value} "
            "(the ID of the Alibaba Cloud account that owns project {project}, not a RAM "
            "user's): {how}"
        ),
        (
            "コンテナエージェントの環境変数でアカウント ID を渡してください, "
            "{variable}={value} (プロジェクト "
            "{project} を所有する Alibaba Cloud "
            "アカウントの ID で, RAM ユーザーのものではありません): "
            "{how}"
        ),
    ),
    "title.step1.stable": (
        "The agent has not restarted itself in the last hour",
        "エージェントが直近 1 時間に自ら再起動していない",
    ),
    "step1.stable.expected": (
        "no self-restart in {log} in the last hour",
        "直近 1 時間の {log} に自己再起動がないこと",
    ),
    "step1.stable.found.ok": (
        "no self-restart in the last hour ({lines} lines of {log} since {since})",
        "直近 1 時間に自己再起動はありません ({since} 以降の {log} の {lines} 行)",
    ),
    "step1.stable.found.quiet": (
        "{log} has no line from the last hour",
        "{log} に直近 1 時間の行がありません",
    ),
    "step1.stable.found": (
        "{count} self-restart(s) in the last hour, the last at {time}: {line}",
        "直近 1 時間に自己再起動が {count} 回あり、最後は {time}: {line}",
    ),
    "step1.stable.found.short": (
        "agent restarted itself at {time}",
        "エージェントが {time} に自ら再起動した",
    ),
    "step1.stable.skip.not_read": (
        "the agent's log was not read (an older probe or another OS)",
        "エージェントのログを読んでいません (古いプローブ、または別の OS)",
    ),
    "step1.stable.skip.absent": (
        "no {log}",
        "{log} がありません",
    ),
    "step1.stable.skip.not_regular": (
        "{log} is not a regular file (a directory, a FIFO, or a symlink that leads to no file, "
        "e.g. a loop): not read",
        "{log} は通常のファイルではありません "
        "(ディレクトリ、FIFO、またはファイルに辿り着かないシンボリックリンク。例: "
        "ループ)。読んでいません",
    ),
    "step1.stable.skip.unreadable": (
        "{log} cannot be read by the probe's user",
        "{log} はプローブのユーザーでは読めません",
    ),
    "step1.stable.skip.no_clock": (
        "the host's clock or time zone is unknown: the log's times cannot be placed",
        "ホストの時刻またはタイムゾーンが不明なため、ログの時刻を位置づけられません",
    ),
    "step1.stable.skip.no_lines": (
        "the last 64 KiB of {log} hold no line in the agent's format ({other} other lines)",
        "{log} の末尾 64 KiB にエージェントの形式の行がありません (その他の行: {other})",
    ),
    "step1.stable.fix.resource_limit": (
        "The agent went over its own CPU or memory limit for minutes and restarted itself: "
        "raise cpu_usage_limit (cores, default 0.4) and mem_usage_limit (MB, default 384) in "
        "{config}, or collect less on this host; then restart the agent: {restart_cmd}",
        "エージェントが自身の CPU またはメモリの上限を数分間超えたため、自ら再起動しました。{co"
        "nfig} の cpu_usage_limit (コア数、既定 0.4) と mem_usage_limit (MB、既定 384) "
        "を引き上げるか、このホストで収集する量を減らしてください。その後エージェントを再起動し"
        "てください: {restart_cmd}",
    ),
    "step1.stable.fix.ip_changed": (
        "The host's IP address changed under the running agent, which restarted itself and now "
        "reports the new one: give the host a stable address (a static IP, a DHCP reservation) "
        "or pin the agent's with working_ip in {config}, and list the address the agent "
        "reports in the machine group",
        "エージェントの稼働中にホストの IP アドレスが変わり、エージェントは自ら再起動して新しい"
        "アドレスを報告しています。ホストに固定のアドレスを与える (静的 IP、DHCP の予約) "
        "か、{config} の working_ip "
        "でエージェントのアドレスを固定し、エージェントが報告するアドレスをマシングループに登録"
        "してください",
    ),
    "step1.stable.fix.config_watchdog": (
        "The agent could not fetch its config for over an hour and forced itself to exit: make "
        "the config server reachable from this host (see the step 2 checks), then restart the "
        "agent: {restart_cmd}",
        "エージェントは 1 時間以上設定を取得できず、自ら終了しました。このホストから設定サーバ"
        "ーに到達できるようにし (ステップ 2 のチェックを参照)、その後エージェントを再起動してく"
        "ださい: {restart_cmd}",
    ),
    "title.step2.tls": (
        "TLS to the config server verifies with the agent's own CA bundle",
        "設定サーバーへの TLS がエージェント自身の CA バンドルで検証できる",
    ),
    "step2.tls.expected": (
        "`curl --cacert {bundle} {url}` verifies the config server's certificate",
        "`curl --cacert {bundle} {url}` で設定サーバーの証明書を検証できること",
    ),
    "step2.tls.found.ok": (
        "HTTP {status}, the certificate verified with {bundle}",
        "HTTP {status}、証明書は {bundle} で検証できました",
    ),
    "step2.tls.found": (
        "HTTPS answers without verification (-k), but verifying with {bundle} fails: {error}",
        "検証なし (-k) では HTTPS が応答しますが、{bundle} での検証は失敗します: {error}",
    ),
    "step2.tls.found.short": (
        "TLS fails with the agent's CA bundle",
        "エージェントの CA バンドルで TLS が失敗する",
    ),
    "step2.tls.skip.not_probed": (
        "the probe did not verify TLS with the agent's bundle: it does with --agent-tls "
        "(not on Windows, for the community edition or without an https URL)",
        "プローブはエージェントのバンドルで TLS を検証していません: --agent"
        "-tls を付けると検証します (Windows、コミュニティ版、https の URL がない場合を除く)",
    ),
    "step2.tls.skip.no_bundle": (
        "no {bundle}: this agent carries no CA bundle of its own",
        "{bundle} がありません。このエージェントは独自の CA バンドルを持っていません",
    ),
    "step2.tls.skip.bundle_not_regular": (
        "{bundle} is not a regular file: not used",
        "{bundle} は通常のファイルではありません。使われません",
    ),
    "step2.tls.skip.bundle_unreadable": (
        "{bundle} cannot be read by the probe's user",
        "{bundle} はプローブのユーザーでは読めません",
    ),
    "step2.tls.skip.https_fails": (
        "HTTPS fails even without verification (see step2.https)",
        "検証なしでも HTTPS が失敗します (step2.https を参照)",
    ),
    "step2.tls.fix": (
        "Something between this host and {name} presents a certificate that the agent's own CA "
        "bundle ({bundle}) does not trust, such as a TLS-inspecting proxy or firewall: exempt "
        "the SLS endpoints (*.log.aliyuncs.com) from TLS inspection, or append the inspecting "
        "CA's certificate to {bundle} (an upgrade of the agent replaces the bundle); then "
        "restart the agent: {restart_cmd}. Test: {test_cmd}",
        "このホストと {name} の間にある何か (TLS を検査するプロキシやファイアウォールなど) "
        "が、エージェント自身の CA バンドル ({bundle}) が信頼しない証明書を提示しています。SLS "
        "のエンドポイント (*.log.aliyuncs.com) を TLS 検査の対象から外すか、検査する側の CA "
        "証明書を {bundle} に追加してください "
        "(エージェントを更新するとバンドルは置き換えられます)。その後エージェントを再起動してく"
        "ださい: {restart_cmd}。確認: {test_cmd}",
    ),
    "server.heartbeat.fix.no_configs": (
        "Machine group {group} has no collection config applied (Log Service lists none), so "
        "the agent slows its heartbeat to up to {minutes} minutes: apply a collection config "
        "to the group (SLS console > Logtail Configurations > Apply to Machine Group), then "
        "restart the agent",
        "マシングループ {group} には収集設定が 1 つも適用されていない (Log Service "
        "の一覧にない) ため、エージェントはハートビートの間隔を最大 {minutes} "
        "分まで延ばします: グループに収集設定を適用し (SLS コンソール > Logtail 設定 > "
        "マシングループに適用)、その後エージェントを再起動してください",
    ),
    "report.col.site": (
        "Site checks",
        "サイト独自のチェック",
    ),
    "report.change.site_broke": (
        "a site check broke since {baseline} (root cause: {before})",
        "{baseline} 以降にサイト独自のチェックが失敗 (根本原因: {before})",
    ),
    "report.groups.col.configs": (
        "Collection configs applied",
        "適用されている収集設定",
    ),
    "report.groups.configs.none": (
        "none: its agents slow their heartbeat to up to 12 minutes until one is applied",
        "なし: 適用されるまで、エージェントはハートビートの間隔を最大 12 分まで延ばします",
    ),
    "report.groups.configs.not_read": (
        "not read",
        "読み取れませんでした",
    ),
    "title.step4.ecs_metadata": (
        "ECS metadata reachable when the host relies on it",
        "ホストが依存する場合に ECS メタデータに到達できる",
    ),
    "step4.ecs_metadata.fix": (
        (
            "Without a users file the agent learns the account that owns this ECS "
            "from the metadata service, which does not answer here: create the "
            "identifier file ({create_cmd}), or let the host reach 100.100.100.200 "
            "(firewall rules; with a proxy set, add 100.100.100.200 to NO_PROXY) "
            "and restart the agent: {restart_cmd}"
        ),
        (
            "users ファイルがない場合、エージェントはこの ECS "
            "を所有するアカウントをメタデータサービスから取得しますが、ここでは応答"
            "がありません。識別子ファイルを作成するか "
            "({create_cmd})、ホストから 100.100.100.200 に到達できるようにして "
            "(ファイアウォールのルール。プロキシを設定している場合は NO_PROXY に "
            "100.100.100.200 を追加)、エージェントを再起動してください: "
            "{restart_cmd}"
        ),
    ),
    "step4.ecs_metadata.fix.other_account": (
        (
            "This ECS belongs to account {owner}, not to one of the project's: "
            "create the identifier file of the project's account: {create_cmd}"
        ),
        (
            "この ECS はプロジェクトのアカウントではなくアカウント {owner} "
            "に属しています。プロジェクトのアカウントの識別子ファイルを作成してください: "
            "{create_cmd}"
        ),
    ),
    "step4.ecs_metadata.expected": (
        "the account that owns this ECS known to the agent ({ids})",
        "この ECS を所有するアカウントをエージェントが把握している ({ids})",
    ),
    "step4.ecs_metadata.skip.windows": (
        "the metadata service is not probed on Windows",
        "Windows ではメタデータサービスを調べません",
    ),
    "step4.ecs_metadata.found.not_relied": (
        "not relied on: the host is not declared a same-account ECS",
        "依存していません: このホストは同一アカウントの ECS として宣言されていません",
    ),
    "step4.ecs_metadata.found.named": (
        "not relied on: {source} names the account",
        "依存していません: {source} がアカウントを指定しています",
    ),
    "step4.ecs_metadata.found.cache": (
        "{path} (the agent's cache of the metadata) says owner-account-id {owner}",
        "{path} (エージェントのメタデータキャッシュ) の owner-account-id は {owner} です",
    ),
    "step4.ecs_metadata.found.answer": (
        "{url} answered: owner-account-id {owner}",
        "{url} の応答: owner-account-id {owner}",
    ),
    "step4.ecs_metadata.found.reachable": (
        "{url} answered HTTP {status}",
        "{url} が HTTP {status} で応答しました",
    ),
    "step4.ecs_metadata.found.unreachable": (
        "{url} did not answer ({error}) and there is no cache at {path}",
        "{url} が応答せず ({error})、{path} にキャッシュもありません",
    ),
    "step4.ecs_metadata.found.not_probed": (
        "the probe did not ask the metadata service",
        "プローブはメタデータサービスに問い合わせていません",
    ),
    "step4.ecs_metadata.found.unreachable.short": (
        "ECS metadata unreachable, no users file",
        "ECS メタデータに到達できず users ファイルもない",
    ),
    "step4.ecs_metadata.found.other_account.short": (
        "ECS owned by another account than the project's",
        "ECS の所有者がプロジェクトのアカウントではない",
    ),
    "step4.ecs_metadata.found.other_account": (
        "{said}: not one of the project's accounts",
        "{said}。プロジェクトのアカウントではありません",
    ),
}
