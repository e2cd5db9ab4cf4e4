"""日本語 (Japanese). Same ids and placeholders as en.py; values stay untranslated."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "outcome.message": "期待値: {expected} / 実際: {found}",
    "outcome.not_judged": "判定できません: {found}",
    "outcome.error.found": "判定の前にテストが異常終了しました: {error}",
    "outcome.error.fix": (
        "ホストではなく logtail-doctor の不具合です。"
        "-x --tb=long を付けて再実行し、エラーを報告してください"
    ),
    "title.host.reachable": "ホストに接続でき、応答がある",
    "title.step1.installed": "エージェントがインストールされている",
    "title.step1.instances": "エージェントのインスタンスが 1 つだけ実行されている",
    "title.step1.running": "エージェントが起動している",
    "title.step2.config_valid": "ilogtail_config.json が存在し、正しく読み込める",
    "title.step2.config_loaded": "実行中のエージェントが設定ファイルを読み込み済みである",
    "title.step2.region": "エージェントのリージョンがプロジェクトのリージョンと一致する",
    "title.step2.network": "エージェントのネットワーク種別がプロジェクトと一致する",
    "title.step2.dns": "ホスト上で設定サーバーのホスト名を名前解決できる",
    "title.step2.endpoint": "ホストから設定サーバーに接続すると SLS として応答する",
    "title.step2.https": "設定サーバーへの HTTPS (443) 通信ができる",
    "title.step2.proxy": "エージェントのプロキシ環境変数が有効である",
    "title.step2.clock": "ホストの時刻と SLS の時刻の差が 15 分以内である",
    "title.step2.agent_version": "エージェントのバージョンが有効にした設定をサポートしている",
    "title.step3.ip_recorded": "app_info.json にエージェントの IPv4 が記録されている",
    "title.step3.custom_id": "user_defined_id にマシングループのカスタム識別子が記載されている",
    "title.step3.ip_in_group": "記録された IP がマシングループに登録されている",
    "title.step3.ip_current": "記録された IP が、エージェントが現在取得する IP と一致する",
    "title.step4.user_id": "アカウント ID がユーザー識別子として設定されている",
    "title.server.heartbeat": "Log Service がこのホストから最近ハートビートを受信している",
    "file.state": "{path} は{state}",
    "file.state.present": "存在します",
    "file.state.absent": "存在しません",
    "file.state.not_regular": "通常のファイルではありません",
    "file.state.unreadable": "読み取れません",
    "file.state.not_probed": "調査されていません",
    "file.unusable": "{path} を利用できません: {error}",
    "host.reachable.expected": "プローブへの応答",
    "host.reachable.found.ok": "{hostname} として応答しました",
    "host.reachable.fix.auth": (
        "{host} の SSH ユーザーと鍵を確認してください (--ssh-identity-file、--ssh-config)。"
        "このスイートは非対話 (BatchMode) でログインします"
    ),
    "host.reachable.fix.network": (
        "{host} が起動していること、およびこの実行環境からその SSH ポートに到達できることを"
        "確認してください (例: {ssh_cmd})"
    ),
    "host.reachable.fix.auth.winrm": (
        "{host} に指定した Windows ユーザーとパスワードを確認してください "
        "(NTLM 認証、ユーザー名は DOMAIN\\user または user@domain の形式)。"
        "また、そのユーザーが WinRM を使用できること "
        "(Administrators または Remote Management Users のメンバー) を確認してください"
    ),
    "host.reachable.fix.network.winrm": (
        "{host} が起動していること、およびその WinRM リスナー (HTTP は 5985、HTTPS は 5986) が"
        "有効で、この実行環境から到達できることを確認してください (例: {check_cmd}。"
        "401 または 405 が返れば応答しています)"
    ),
    "host.skip.unreachable": "ホストに到達できません",
    "step1.installed.expected": "{install_dir}/、エージェントのバイナリとその init スクリプト",
    "step1.installed.found.none": (
        "エージェントがありません: /etc/init.d/ilogtaild、/etc/init.d/loongcollectord、"
        "{install_dir}/ilogtail のいずれも存在しません"
    ),
    "step1.installed.found.partial": "{agent} のインストールが不完全です: {missing} がありません",
    "step1.installed.found.ok": "{agent}: {paths} があります",
    "step1.installed.fix.install": (
        "プロジェクトのリージョン {region} 用のエージェントをインストールしてください: "
        "{install_cmd}"
    ),
    "step1.installed.fix.reinstall": "エージェントを再インストールしてください: {install_cmd}",
    "step1.installed.expected.windows": "Logtail サービス ({services})",
    "step1.installed.found.no_service": (
        "LogtailDaemon と LogtailWorker のどちらのサービスもありません "
        "(インストールフォルダー: {install_dir})"
    ),
    "step1.installed.found.service": "{agent}: サービス {service}",
    "step1.instances.expected": "エージェントのデーモンプロセスとワーカープロセスが 1 つずつ",
    "step1.instances.expected.one": "loongcollector プロセスが 1 つ",
    "step1.instances.skip.windows": "Windows ではプロセス数を判定しません",
    "step1.instances.skip.none": "エージェントがインストールされていません",
    "step1.instances.skip.not_running": (
        "エージェントのプロセスが実行されていません (step1.running を参照)"
    ),
    "step1.instances.found": "デーモン {daemons} 個、ワーカー {workers} 個: {pids}",
    "step1.instances.fix": (
        "エージェントのインスタンスが複数実行されています (二重にインストールされているか、"
        "手動で別に起動されています)。{stop_cmd} ですべて停止し、まだ残っているデーモン "
        "(PID {pids}) を終了させてから、1 つだけ起動してください: {start_cmd}"
    ),
    "step1.running.expected": (
        "`{command}` が 'is running' と出力して終了コード 0 で終わり、"
        "エージェントのプロセスが存在すること"
    ),
    "step1.running.skip.no_script": "エージェントの init スクリプトがインストールされていません",
    "step1.running.found": (
        "`{command}` は終了コード {rc} で {said} と出力しました。"
        "エージェントのプロセスは {processes} 個です"
    ),
    "step1.running.found.not_run": "何も得られませんでした (プローブが実行できませんでした)",
    "step1.running.found.timed_out": (
        "`{command}` は {seconds} 秒以内に応答しませんでした (プローブの制限時間で打ち切り)。"
        "エージェントのプロセスは {processes} 個です"
    ),
    "step1.running.fix.hung": (
        "init スクリプトの status が応答せずに止まっています。{trace_cmd} でどこで待って"
        "いるかを確認し、エージェント自体が応答しない場合は再起動してください: {restart_cmd}"
    ),
    "step1.running.rc": "{rc} ({meaning})",
    "step1.running.rc.running": "実行中",
    "step1.running.rc.stopped": "停止",
    "step1.running.rc.abnormal": "プロセス数が異常",
    "step1.running.expected.process": "実行中の {name} プロセス",
    "step1.running.found.processes": "エージェントのプロセス {processes} 個",
    "step1.running.expected.service": "サービス {service} の状態が Running であること",
    "step1.running.skip.no_service": "Logtail サービスがインストールされていません",
    "step1.running.found.service": "サービス {service} の状態は {state} です",
    "step1.running.fix.windows": (
        "サービスを起動してください: {start_cmd}。再び停止する場合は {install_dir} 内の"
        "ログを確認してください"
    ),
    "step1.running.fix": (
        "エージェントを起動してください: {start_cmd}。起動しても停止する場合は "
        "{install_dir}/ilogtail.LOG (Logtail) または loongcollector.LOG を確認してください"
    ),
    "step2.skip.no_config": "ilogtail_config.json が存在しないか、利用できません",
    "step2.config_valid.expected": "設定サーバーのアドレスを含む {config}",
    "step2.config_valid.found.ok": "{format} 形式、設定サーバー {url}",
    "step2.config_valid.fix.reinstall": (
        "このファイルはインストーラーが作成します。プロジェクトのパラメーターで"
        "再インストールしてください: {install_cmd}"
    ),
    "step2.config_valid.fix.broken": "{fix} (設定ファイルが壊れているとエージェントは起動しません)",
    "step2.config_valid.found.community": (
        "{path} はオープンソース版 LoongCollector 独自の設定ファイルです ({error}): "
        "コミュニティ版は SLS のマシングループにハートビートを送信しません"
    ),
    "step2.config_valid.fix.community": (
        "SLS 版の LoongCollector をインストールしてください (/usr/local/ilogtail をそのまま使い、"
        "マシングループに登録されます): {install_cmd}"
    ),
    "step2.config_loaded.expected": "エージェントの起動後に {config} が変更されていないこと",
    "step2.config_loaded.skip.no_start": (
        "エージェントの起動時刻が不明です (実行されていない可能性があります)"
    ),
    "step2.config_loaded.skip.no_mtime": "設定ファイルの更新時刻が不明です",
    "step2.config_loaded.found": (
        "ファイルは {changed} に変更されました。エージェント (PID {pid}) が起動した "
        "{started} より後です"
    ),
    "step2.config_loaded.fix": (
        "エージェントは起動時にのみ設定ファイルを読み込みます。変更を反映するには"
        "再起動してください: {restart_cmd}"
    ),
    "step2.dns.expected": "ホスト上で {name} がアドレスに名前解決されること",
    "step2.dns.found.ok": "{name} は名前解決できます",
    "step2.dns.found": "{name} を名前解決できません: {error}",
    "step2.dns.found.timed_out": (
        "{name} の名前解決が {seconds} 秒以内に応答しませんでした: {error}"
    ),
    "step2.dns.fix": (
        "ホスト上で {name} を名前解決できるようにしてください (確認: {check_cmd})。"
        "イントラネットのエンドポイントは、{region} の ECS 上で Alibaba Cloud のプライベート "
        "DNS (100.100.2.136、100.100.2.138) を使う場合にのみ名前解決できます。それ以外の環境では "
        "{region}-internet で再インストールするか、DNS サーバーの設定を修正してください"
    ),
    "step2.fix.config": (
        "リージョン {region}、ネットワーク種別 {network} で再インストールしてください: "
        "{install_cmd} (または {config} の設定サーバーとデータエンドポイントを修正し、"
        "再起動してください: {restart_cmd})"
    ),
    "step2.region.expected": "リージョン {region}",
    "step2.region.found": "リージョン {region} (設定サーバー {host})",
    "step2.network.expected": "ネットワーク種別 {network}",
    "step2.network.found": (
        "ネットワーク種別 {network} (設定サーバー {host}、データエンドポイント {endpoints})"
    ),
    "step2.endpoint.expected.short": "設定サーバーからの SLS の応答",
    "step2.endpoint.expected": (
        "ホスト上で `curl {url}` を実行すると OLSInvalidMethod などの SLS のエラー本文が返ること"
    ),
    "step2.endpoint.skip.not_requested": (
        "プローブは {url} にリクエストしていません (通常と異なる文字が含まれている可能性があります)"
    ),
    "step2.endpoint.skip.no_curl": "ホストに curl がインストールされていません",
    "step2.endpoint.found.no_answer": "HTTP の応答がありません: {error}",
    "step2.endpoint.found.timed_out": "{url} は {seconds} 秒以内に応答しませんでした: {error}",
    "step2.endpoint.found.not_sls": "SLS ではないサーバーから HTTP {status} が返りました: {body}",
    "step2.endpoint.found.ok": "HTTP {status}、SLS のエラーコード {code}",
    "step2.endpoint.found.tcp": "{name} の TCP ポート 80 が接続を受け付けています",
    "step2.endpoint.fix.windows": (
        "このホストから `{curl_cmd}` で接続できる必要があります。{name} が SLS のエンドポイントに"
        "名前解決されること (DNS、C:\\Windows\\System32\\drivers\\etc\\hosts)、外向きの "
        "TCP 80 と 443 が開いていること (Windows ファイアウォール、セキュリティグループ)、"
        "プロキシが通信を横取りしていないことを確認してください。イントラネットの"
        "エンドポイントは {region} の ECS からのみ利用できます。それ以外の環境では "
        "{region}-internet で再インストールしてください"
    ),
    "step2.https.expected": "{url} からの HTTPS での応答",
    "step2.https.found.ok": "HTTPS で応答あり ({status})",
    "step2.https.skip.http_fails": "通常の HTTP でも失敗しています (step2.endpoint を参照)",
    "step2.https.found": "HTTP では応答がありますが、HTTPS では応答がありません: {error}",
    "step2.https.found.timed_out": (
        "HTTP では応答がありますが、{url} は {seconds} 秒以内に応答しませんでした: {error}"
    ),
    "step2.https.fix": (
        "{name} への外向きの TCP 443 を開放してください (ファイアウォール、セキュリティグループ、"
        "プロキシ)。エージェントは HTTP でデータを送信する場合でも、認証には HTTPS を使用します。"
        "確認: {test_cmd}"
    ),
    "step2.proxy.expected": (
        "HTTP(S)_PROXY と ALL_PROXY が設定されている場合は "
        "[scheme://][user:password@]host[:port] の形式であること"
    ),
    "step2.proxy.skip.windows": "Windows ではサービスの環境変数を読み取りません",
    "step2.proxy.skip.no_env": (
        "エージェントの環境変数を読み取れませんでした (実行されていないか、root ではありません)"
    ),
    "step2.proxy.found.none": "プロキシの環境変数はありません: エージェントは直接接続します",
    "step2.proxy.found.ok": "{variables}",
    "step2.proxy.found": (
        "{variables} は有効なプロキシ URL ではありません ({shown}): "
        "エージェントはこれを無視して直接接続します"
    ),
    "step2.proxy.fix": (
        "エージェントの環境 (サービスユニットまたは init スクリプト) で {variables} を "
        "http://[user:password@]host:port の形式で設定し、再起動してください: {restart_cmd}"
    ),
    "step2.agent_version.expected": (
        "設定ファイルで有効にした設定をすべてサポートするエージェントのバージョン"
    ),
    "step2.agent_version.found.none": "新しいエージェントを必要とする設定は有効になっていません",
    "step2.agent_version.found.ok": "{agent} は {settings} をサポートしています",
    "step2.agent_version.found": "{agent} は {minimum} より古く、{settings} を無視します",
    "step2.agent_version.skip.no_version": "エージェントのバージョンが不明です ({path})",
    "step2.agent_version.fix": (
        "エージェントを再インストールして {minimum} 以降にアップグレードしてください: "
        "`{install_cmd}`。それまでは {config} の {settings} は効果がありません"
    ),
    "step2.clock.expected": "ホストの時刻と SLS の時刻の差が {minutes} 分以内であること",
    "step2.clock.skip.no_clock": "ホストの時刻を読み取れませんでした",
    "step2.clock.skip.no_reference": (
        "基準となる時刻がありません (エンドポイントから Date が返りませんでした)"
    ),
    "step2.clock.found": "ホスト {host_time}、{reference} {reference_time}: 差 {skew}",
    "step2.clock.the_endpoint": "エンドポイント {url}",
    "step2.clock.the_runner": "この実行環境",
    "step2.clock.fix": (
        "SLS は時刻が 15 分を超えてずれているリクエストを拒否します (RequestTimeExpired)。"
        "時刻を正しく合わせる ({sync_cmd} を実行し、NTP も有効にしておく) か、{config} に "
        '"enable_log_time_auto_adjust": true を設定してください (Logtail 1.0.19 以降)。'
        "その後、再起動してください: {restart_cmd}"
    ),
    "step2.endpoint.fix": (
        "このホストから `{curl_cmd}` を実行して SLS の OLSInvalidMethod エラーが返る必要が"
        "あります。{name} が SLS のエンドポイントに名前解決されること (DNS、/etc/hosts)、"
        "外向きの TCP 80 と 443 が開いていること (ファイアウォール、セキュリティグループ)、"
        "プロキシが通信を横取りしていないことを確認してください。イントラネットの"
        "エンドポイントは {region} の ECS からのみ利用できます。それ以外の環境では "
        "{region}-internet で再インストールしてください"
    ),
    "step3.skip.no_ip": "app_info.json に利用可能な IP が記録されていません",
    "step3.ip_recorded.expected": "'ip' に空でない IPv4 が入っている {path}",
    "step3.ip_recorded.found.empty": (
        "'ip' が空です: エージェントは IP を取得できず、動作できません"
    ),
    "step3.ip_recorded.found.not_ipv4": "'ip' は {ip} で、IPv4 アドレスではありません",
    "step3.ip_recorded.found.ok": "ip {ip}",
    "step3.ip_recorded.fix.writes": (
        "このファイルはエージェントの起動時に作成されます: {restart_cmd}"
    ),
    "step3.ip_recorded.fix.rewrites": (
        "このファイルはエージェントの起動時に書き直されます: {restart_cmd}"
    ),
    "step3.ip_recorded.fix.set_ip": (
        'エージェントに IP を指定してください: {config} に "working_ip": "{ip}" '
        '(または "working_interface": "{nic}") を設定し、再起動してください: {restart_cmd}'
    ),
    "step3.ip_recorded.this_hosts_ip": "<このホストの IP>",
    "step3.custom_id.expected.none": "カスタム識別子は不要 (IP アドレス型のマシングループ)",
    "step3.custom_id.found.by_ip": (
        "不要です: このホストのマシングループは IP アドレスでマシンを識別します"
    ),
    "step3.custom_id.expected": (
        "{path} に {ids} のいずれかを記載した行があること (マシングループ {group})"
    ),
    "step3.custom_id.found.ok": "{id}",
    "step3.custom_id.found": "{path} の内容: {held}",
    "step3.custom_id.fix": (
        "識別子を 1 行として追加してください: {write_cmd} (エージェントは 1 分以内にこれを"
        "読み込み、その後マシングループ {group} でこのホストが認識されます)"
    ),
    "step3.found.custom_group": (
        "不要です: マシングループ {group} はカスタム識別子でマシンを識別します"
    ),
    "step3.ip_in_group.expected": (
        "エージェントの IP がマシングループ {groups} に登録されていること"
    ),
    "step3.ip_in_group.found.ok": "{ip} は {groups} に登録されています",
    "step3.ip_in_group.found": ("{ip} は {groups} に登録されていません (登録済み: {listed})"),
    "step3.ip_in_group.the_hosts_group": "このホストのマシングループ",
    "step3.ip_in_group.fix": (
        "SLS コンソールでプロジェクト {project} のマシングループ {group} を開き、{ip} "
        "(このエージェントが報告する IP) を追加して保存し、1 分ほど待ってから"
        "ハートビートを確認してください"
    ),
    "step3.ip_current.expected": ("エージェントが現在取得する IP: {candidates} ({rule})"),
    "step3.ip_current.found.ok": "app_info.json の ip {ip}",
    "step3.ip_current.found": (
        "app_info.json の ip {ip}: エージェントの起動後にネットワークが変わっています"
    ),
    "step3.ip_current.found.resolve_timed_out": (
        "`{command}` は {seconds} 秒以内に応答しませんでした: ホストが自身の名前 {hostname} を"
        "時間内に名前解決できません。エージェントも起動時に同じ方法で名前解決します"
    ),
    "step3.ip_current.fix.resolve": (
        "ホスト自身の名前がすぐに名前解決できるようにしてください: {hosts_path} に "
        "'{ip} {hostname}' の行を追加する (またはホストが使う DNS サーバーを修正する)。"
        "確認: {check_cmd}。その後エージェントを再起動して IP を取り直させてください: "
        "{restart_cmd}"
    ),
    "step3.ip_current.the_new_ip": "新しい IP",
    "step3.ip_current.its_group": "(このホストのグループ)",
    "step3.ip_current.fix.restart": (
        "エージェントを再起動して現在の IP を取得させてください: {restart_cmd}。その後、"
        "SLS コンソールでマシングループ {group} に {ip} (新しい app_info.json の ip) を"
        "登録してください"
    ),
    "step3.ip_current.fix.stale_hosts": (
        "まず /etc/hosts にある {hostname} の古い行を修正するか (この行は {ip} を指して"
        "いますが、このホストのどの NIC もその IP を持っていません)、{config} に "
        '"working_ip" を設定してください。その後エージェントを再起動し ({restart_cmd})、'
        "マシングループ {group} に app_info.json の新しい ip が登録されていることを"
        "確認してください"
    ),
    "step4.user_id.expected": "{ids} のいずれかについて {users_dir}/<アカウント ID> があること",
    "step4.user_id.expected.same_account": (
        "ユーザー識別子は不要 (プロジェクトと同じアカウントの ECS)"
    ),
    "step4.user_id.found.same_account": (
        "不要です: ターゲットファイルで same_account_ecs が true です"
    ),
    "step4.user_id.found.no_dir": "{users_dir} が存在しません",
    "step4.user_id.found.holds": "{users_dir} の内容: {listed}",
    "step4.user_id.a_directory": "{name}/ (ディレクトリ)",
    "step4.user_id.nothing": "なし",
    "step4.user_id.fix": (
        "識別子ファイルを作成してください: {create_cmd} (プロジェクト {project} を所有する "
        "Alibaba Cloud アカウントの ID です。RAM ユーザーの ID ではありません)"
    ),
    "waiver.active": "{expires} まで免除されています: {justification}",
    "waiver.expired": "免除は {expires} に期限切れになりました: {justification}",
    "report.title": "logtail-doctor: マシングループのハートビート診断",
    "report.what": "診断の対象",
    "report.targets_file": "ターゲットファイル",
    "report.project": "プロジェクト",
    "report.region": "リージョン",
    "report.network": "ネットワーク種別",
    "report.account_ids": "アカウント ID",
    "report.started": "開始時刻",
    "report.duration": "所要時間",
    "report.seconds": "{seconds} 秒",
    "report.version": "スイートのバージョン",
    "report.revision": "Git リビジョン",
    "report.waivers_file": "免除ファイル",
    "report.none": "(なし)",
    "report.hosts": "ホスト",
    "report.matrix": "ガイドの手順ごとのホストの状態",
    "report.show": "表示",
    "report.sort_by": "並べ替え",
    "report.sort.host": "ホスト",
    "report.sort.root_cause": "根本原因",
    "report.sort.status": "状態",
    "report.shown": "{total} 台中 {shown} 台を表示",
    "report.col.host": "ホスト",
    "report.col.status": "状態",
    "report.col.root_cause": "根本原因",
    "report.col.agent": "エージェント",
    "report.details": "詳細",
    "report.open_hint": (
        "ホストをクリックすると、失敗したチェック、プローブが確認した内容、対処方法を表示します。"
    ),
    "report.expected": "期待値",
    "report.found": "実際",
    "report.fix": "対処",
    "report.commands": "コマンド (コピーしてホストで実行してください)",
    "report.copy": "コピー",
    "report.copied": "コピーしました",
    "report.evidence": "プローブが確認した内容",
    "report.all_passed": "すべてのチェックに合格しました。",
    "report.other_checks": "その他のチェック",
    "report.legend": "セルの色: その手順のチェックのうち最も悪い結果。",
    "report.noscript": "絞り込み、並べ替え、ホストの詳細表示には JavaScript が必要です。",
    "report.causes.automatable": "remediation.yml で修正",
    "report.causes.manual": "手動で修正",
    "report.plan.title": "マシングループの修正計画",
    "report.plan.col.group": "マシングループ",
    "report.plan.col.add": "追加 (エージェントが記録、グループにない)",
    "report.plan.col.stale": "削除 (どのエージェントも記録していない)",
    "report.plan.col.new": "新しいリスト (そのまま貼り付け可)",
    "report.plan.action": (
        "SLS コンソール、プロジェクト {project}: マシン"
        "グループ > {group} > 変更 で新しいリストを貼り付け"
    ),
    "report.plan.none": (
        "どのマシングループも、この実行のエージェントが記録した内容をすでに含んでいます。"
    ),
    "report.change.broke": "{baseline} 以降の新しい障害",
    "report.change.fixed": "{baseline} 以降に修正済み",
    "report.change.cause_changed": "{baseline} 以降に根本原因が変化: 以前は {before}",
    "report.changes": "{baseline} 以降: 新規障害 {broke}、修正 {fixed}、根本原因の変化 {changed}",
    "report.causes": "根本原因ごとのホスト数",
    "report.causes.hint": (
        "バーをクリックするとそのホストだけを表示し、もう一度クリックするとすべてを表示します。"
    ),
    "report.causes.all": "すべての原因を表示",
    "report.causes.none": "根本原因のあるホストはありません: 修正は不要です。",
    "status.healthy": "正常",
    "status.unhealthy": "異常",
    "status.unreachable": "到達不可",
    "status.partial": "一部のみ",
    "outcome.passed": "合格",
    "outcome.failed": "失敗",
    "outcome.skipped": "判定なし",
    "outcome.waived": "免除",
    "outcome.not_run": "未実行",
    "outcome.error": "エラー",
    "step.host": "到達性",
    "step.step1": "1 エージェント",
    "step.step2": "2 インストールパラメーター",
    "step.step3": "3 マシングループの IP",
    "step.step4": "4 ユーザー識別子",
    "step.server": "サーバー側 (SLS API)",
    "server.heartbeat.expected.any": "{limit} 以内のハートビート",
    "server.heartbeat.expected": "直近 {limit} 以内にマシングループ {group} へ送られたハートビート",
    "server.heartbeat.skip.no_group": (
        "ホストのマシングループが不明です (ターゲットファイルで machine_group を指定してください)"
    ),
    "server.heartbeat.skip.not_read": "ListMachines を読み取れませんでした",
    "server.heartbeat.skip.no_custom_id": "照合に使う {path} がホストにありません",
    "server.heartbeat.skip.no_ip": (
        "照合する IP がありません (app_info.json に記録がなく、ホスト指定にもアドレスがありません)"
    ),
    "server.heartbeat.who.custom_id": "カスタム識別子 {ident}",
    "server.heartbeat.who.ip": "IP {ident}",
    "server.heartbeat.who.ip_from": "IP {ident} ({source})",
    "server.heartbeat.source.address": "ホストのアドレス",
    "server.heartbeat.source.none": "なし",
    "server.heartbeat.found.none": (
        "{who} からのハートビートはありません: {group} にハートビートを送っている "
        "{count} 台のマシンに含まれていません"
    ),
    "server.heartbeat.found.none_unlisted": (
        "{who} からのハートビートはありません: {group} にハートビートを送っている "
        "{count} 台のマシンに含まれておらず、{group} のマシンリストにも登録されていません"
    ),
    "server.heartbeat.found.last": "{who} からの最後のハートビートは {age} 前です ({at})",
    "server.heartbeat.fix.unreachable": (
        "SSH でホストを調査できなかったため、ホスト側の手順から原因を特定できません: {fix}"
    ),
    "server.heartbeat.fix.reach_default": "ホストに接続できるようにしてから再実行してください",
    "server.heartbeat.fix.host_side": "ホスト側の診断で原因が分かっています ({cause}): {fix}",
    "server.heartbeat.fix.see_check": "そのチェックを確認してください",
    "server.heartbeat.fix.add": (
        "SLS コンソールで {ident} をマシングループ {group} に追加し、"
        "約 1 分後にもう一度ハートビートを確認してください"
    ),
    "server.heartbeat.fix.backoff": (
        "マシングループ {group} に収集設定が適用されていないと、"
        "エージェントはハートビートの間隔を最大 {minutes} 分まで延ばします。"
        "グループに設定を適用するか、エージェントを再起動してください"
    ),
    "server.heartbeat.fix.log": (
        "エージェントのログ ({path} または {alt}) で、設定サーバーとの通信エラーを確認してください"
    ),
    "server.heartbeat.fix.clock": (
        "ホストの時刻は実際の時刻との差が {minutes} 分以内である必要があります"
    ),
    "server.heartbeat.fix.no_heartbeat": (
        "ホスト側のチェックはすべて合格していますが、"
        "Log Service にこのホストのハートビートがありません。"
        "新しいエージェントの最初のハートビートには約 {minutes} 分かかります。それ以外の場合は、"
        "{log}。{clock}。{backoff}"
    ),
    "server.heartbeat.fix.backing_off": "ホスト側のチェックは合格しています。{backoff}。{clock}",
    "server.heartbeat.fix.stopped": (
        "ホスト側のチェックは現在合格していますが、ハートビートは {age} 前に途絶えています "
        "({minutes} 分のバックオフより長い時間です)。{log}。{clock}"
    ),
    "report.groups.title": "マシングループ (SLS から取得)",
    "report.groups.col.group": "マシングループ",
    "report.groups.col.identify_type": "識別方式",
    "report.groups.col.not_checked": "未チェック (今回の実行でどのホストも該当しません)",
    "report.groups.col.unexpected": "ハートビートはあるがグループに登録されていないマシン",
    "report.groups.type.ip": "IP アドレス",
    "report.groups.type.userdefined": "カスタム識別子",
    "report.groups.from_targets": "(ターゲットファイル。SLS は読み取れませんでした)",
    "report.groups.more": "(ほか {count} 件)",
    # --- a finding in short (<found id>.short): the root-cause column, the causes ---
    "step1.installed.found.none.short": "エージェント未インストール",
    "step1.installed.found.partial.short": (
        "エージェントが一部のみインストール済み (不足: {missing})"
    ),
    "step1.installed.found.no_service.short": "エージェントのサービスなし",
    "step1.instances.found.short": "エージェントのデーモンが {daemons} 個稼働",
    "step1.running.found.short": "エージェント停止中 (status 終了コード {rc})",
    "step1.running.found.not_run.short": "エージェントの状態不明 (スクリプト実行不可)",
    "step1.running.found.timed_out.short": "エージェントの status が応答なし ({seconds} 秒)",
    "step1.running.found.processes.short": "エージェント停止中 (プロセス {processes} 個)",
    "step1.running.found.service.short": "サービス {service} は {state}",
    "step2.config_valid.found.community.short": "コミュニティ版: SLS へのハートビートなし",
    "step2.config_loaded.found.short": "エージェント起動後に設定ファイルが変更された",
    "step2.dns.found.short": "{name} を名前解決できない",
    "step2.dns.found.timed_out.short": "{name} の名前解決が応答なし",
    "step2.region.found.short": "エージェントはリージョン {region} 用にインストール",
    "step2.network.found.short": "エージェントはネットワーク種別 {network} 用にインストール",
    "step2.endpoint.found.no_answer.short": "設定サーバーが HTTP で応答しない",
    "step2.endpoint.found.timed_out.short": "設定サーバーが {seconds} 秒応答なし",
    "step2.endpoint.found.not_sls.short": "SLS ではないサーバーから HTTP {status}",
    "step2.https.found.short": "HTTP は通るが HTTPS 443 が失敗",
    "step2.https.found.timed_out.short": "HTTPS 443 が {seconds} 秒応答なし",
    "step2.proxy.found.short": "無効なプロキシ {variables}",
    "step2.agent_version.found.short": "{agent} は {settings} には古すぎる",
    "step2.clock.found.short": "時刻のずれ {skew}",
    "step3.ip_recorded.found.empty.short": "エージェントが IP を記録していない",
    "step3.ip_recorded.found.not_ipv4.short": "記録された IP {ip} は IPv4 ではない",
    "step3.custom_id.found.short": "{path} にカスタム識別子がない",
    "step3.ip_in_group.found.short": "IP {ip} がグループ {groups} にない",
    "step3.ip_current.found.short": "記録された IP {ip} が古い (ネットワーク変更)",
    "step3.ip_current.found.resolve_timed_out.short": (
        "自ホスト名 {hostname} の名前解決が時間内に終わらない"
    ),
    "step4.user_id.found.no_dir.short": "アカウント ID ファイルなし ({users_dir} がない)",
    "step4.user_id.found.holds.short": "{users_dir} にアカウント ID ファイルがない",
    "server.heartbeat.found.none.short": "{group} にハートビートなし",
    "server.heartbeat.found.none_unlisted.short": "ハートビートなし、{group} に未登録",
    "server.heartbeat.found.last.short": "最後のハートビートは {age} 前",
    "file.unusable.short": "{path} が使用できない",
    "file.state.short": "{path} は {state}",
    "outcome.error.found.short": "テストが異常終了: {error}",
}
