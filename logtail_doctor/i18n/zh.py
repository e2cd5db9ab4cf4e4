"""中文 (Chinese): each message id -> (the English it was translated from, the translation).

Same ids and placeholders as the English; values stay untranslated. When the English
of a message changes, its translation here is stale (logtail_doctor.i18n.stale) until
it is translated again and its English source updated; a stale one renders in English.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "outcome.message": (
        "expected {expected}; found {found}",
        "预期: {expected}; 实际: {found}",
    ),
    "outcome.not_judged": (
        "not judged: {found}",
        "无法判断: {found}",
    ),
    "outcome.error.found": (
        "the test broke before it could judge: {error}",
        "测试在判断之前中断: {error}",
    ),
    "outcome.error.fix": (
        "a bug of logtail-doctor, not of the host: run again with -x --tb=long and report the "
        "error",
        "这是 logtail-doctor 的缺陷, 不是主机的问题: 请加 -x --tb=long 重新运行并报告错误",
    ),
    "title.host.reachable": (
        "The host answers over its connection",
        "主机可以连接并有响应",
    ),
    "title.step1.installed": (
        "The agent is installed",
        "已安装 Agent",
    ),
    "title.step1.instances": (
        "Exactly one agent instance runs",
        "只运行一个 Agent 实例",
    ),
    "title.step1.running": (
        "The agent is running",
        "Agent 正在运行",
    ),
    "title.step2.config_valid": (
        "ilogtail_config.json exists and parses",
        "ilogtail_config.json 存在且可以解析",
    ),
    "title.step2.config_loaded": (
        "The running agent has loaded its config file",
        "运行中的 Agent 已加载其配置文件",
    ),
    "title.step2.region": (
        "The agent's region is the project's region",
        "Agent 的地域与 Project 的地域一致",
    ),
    "title.step2.network": (
        "The agent's network type is the project's",
        "Agent 的网络类型与 Project 一致",
    ),
    "title.step2.dns": (
        "The config server's name resolves on the host",
        "主机上可以解析配置服务器的域名",
    ),
    "title.step2.endpoint": (
        "The config server answers like SLS from the host",
        "从主机访问配置服务器时返回 SLS 的响应",
    ),
    "title.step2.https": (
        "HTTPS (443) to the config server works",
        "可以通过 HTTPS (443) 访问配置服务器",
    ),
    "title.step2.proxy": (
        "The agent's proxy variables are valid",
        "Agent 的代理环境变量有效",
    ),
    "title.step2.clock": (
        "The host's clock is within 15 minutes of SLS",
        "主机时钟与 SLS 的偏差在 15 分钟以内",
    ),
    "title.step2.agent_version": (
        "The agent's version honours the settings its config turns on",
        "Agent 版本支持其配置启用的设置",
    ),
    "title.step3.ip_recorded": (
        "app_info.json records the agent's IPv4",
        "app_info.json 记录了 Agent 的 IPv4",
    ),
    "title.step3.custom_id": (
        "user_defined_id holds the group's custom identifier",
        "user_defined_id 中包含机器组的用户自定义标识",
    ),
    "title.step3.ip_in_group": (
        "The recorded IP is in the machine group",
        "记录的 IP 在机器组中",
    ),
    "title.step3.ip_current": (
        "The recorded IP is the one the agent would take now",
        "记录的 IP 与 Agent 当前会获取的 IP 一致",
    ),
    "title.step4.user_id": (
        "The account ID is set as user identifier",
        "已将账号 ID 设置为用户标识",
    ),
    "title.server.heartbeat": (
        "Log Service saw a recent heartbeat from the host",
        "日志服务最近收到了该主机的心跳",
    ),
    "file.state": (
        "{path} is {state}",
        "{path} {state}",
    ),
    "file.state.present": (
        "present",
        "存在",
    ),
    "file.state.absent": (
        "absent",
        "不存在",
    ),
    "file.state.not_regular": (
        "not a regular file",
        "不是普通文件",
    ),
    "file.state.unreadable": (
        "unreadable",
        "无法读取",
    ),
    "file.state.not_probed": (
        "not probed",
        "未检查",
    ),
    "value.nothing": (
        "nothing",
        "无",
    ),
    "file.unusable": (
        "{path} is unusable: {error}",
        "{path} 无法使用: {error}",
    ),
    "host.reachable.expected": (
        "an answer to the probe",
        "对探测的响应",
    ),
    "host.reachable.found.ok": (
        "answered as {hostname}",
        "以 {hostname} 的身份响应",
    ),
    "host.reachable.fix.auth": (
        "Check the SSH user and key for {host} (--ssh-identity-file, --ssh-config); the suite "
        "logs in non-interactively (BatchMode)",
        "请检查 {host} 的 SSH 用户和密钥 (--ssh-identity-file、--ssh-config);本工具以非交互方式 "
        "(BatchMode) 登录",
    ),
    "host.reachable.fix.network": (
        "Check that {host} is up and that its SSH port is reachable from this runner (try: "
        "{ssh_cmd})",
        "请确认 {host} 已开机,并且从当前运行环境可以访问其 SSH 端口 (可尝试: {ssh_cmd})",
    ),
    "host.reachable.fix.auth.winrm": (
        "Check the Windows user and password in {host} (NTLM; DOMAIN\\user or user@domain) and "
        "that the user may use WinRM (Administrators or Remote Management Users)",
        "请检查 {host} 中的 Windows 用户和密码 (NTLM 认证;用户名格式为 DOMAIN\\user 或 "
        "user@domain),并确认该用户可以使用 WinRM (属于 Administrators 或 Remote Management Users "
        "组)",
    ),
    "host.reachable.fix.network.winrm": (
        "Check that {host} is up and that its WinRM listener (5985 HTTP, 5986 HTTPS) is enabled "
        "and reachable from this runner (try: {check_cmd}; 401 or 405 means it answers)",
        "请确认 {host} 已开机,且其 WinRM 监听器 (HTTP 5985、HTTPS 5986) "
        "已启用并可从当前运行环境访问 (可尝试: {check_cmd};返回 401 或 405 即表示有响应)",
    ),
    "host.skip.unreachable": (
        "the host is unreachable",
        "主机不可达",
    ),
    "step1.installed.expected": (
        "{install_dir}/, the agent binary and its init script",
        "{install_dir}/、Agent 二进制文件及其 init 脚本",
    ),
    "step1.installed.found.none": (
        "no agent: neither /etc/init.d/ilogtaild nor /etc/init.d/loongcollectord nor "
        "{install_dir}/ilogtail exists",
        "没有 Agent: /etc/init.d/ilogtaild、/etc/init.d/loongcollectord 和 "
        "{install_dir}/ilogtail 均不存在",
    ),
    "step1.installed.found.partial": (
        "{agent} is partly installed: missing {missing}",
        "{agent} 安装不完整: 缺少 {missing}",
    ),
    "step1.installed.found.ok": (
        "{agent}: {paths} present",
        "{agent}: {paths} 存在",
    ),
    "step1.installed.fix.install": (
        "Install the agent for project region {region}: {install_cmd}",
        "请为 Project 所在地域 {region} 安装 Agent: {install_cmd}",
    ),
    "step1.installed.fix.reinstall": (
        "Reinstall the agent: {install_cmd}",
        "请重新安装 Agent: {install_cmd}",
    ),
    "step1.installed.expected.windows": (
        "the Logtail service ({services})",
        "Logtail 服务 ({services})",
    ),
    "step1.installed.found.no_service": (
        "no LogtailDaemon or LogtailWorker service (install folder: {install_dir})",
        "没有 LogtailDaemon 或 LogtailWorker 服务 (安装目录: {install_dir})",
    ),
    "step1.installed.found.service": (
        "{agent}: service {service}",
        "{agent}: 服务 {service}",
    ),
    "step1.instances.expected": (
        "one agent daemon and one worker process",
        "一个 Agent 守护进程和一个工作进程",
    ),
    "step1.instances.expected.one": (
        "one loongcollector process",
        "一个 loongcollector 进程",
    ),
    "step1.instances.skip.windows": (
        "process counts are not judged on Windows",
        "Windows 上不判断进程数",
    ),
    "step1.instances.skip.none": (
        "no agent is installed",
        "未安装 Agent",
    ),
    "step1.instances.skip.not_running": (
        "no agent process runs (see step1.running)",
        "没有运行中的 Agent 进程 (参见 step1.running)",
    ),
    "step1.instances.found": (
        "{daemons} daemon(s) and {workers} worker(s): {pids}",
        "守护进程 {daemons} 个,工作进程 {workers} 个: {pids}",
    ),
    "step1.instances.fix": (
        "More than one agent instance runs (a second install, or a copy started by hand): stop "
        "them all with {stop_cmd}, end any daemon still left (PIDs {pids}), then start one: "
        "{start_cmd}",
        "运行着多个 Agent 实例 (重复安装,或手动另外启动了一份): 请用 {stop_cmd} "
        "全部停止,结束仍残留的守护进程 (PID {pids}),然后只启动一个: {start_cmd}",
    ),
    "step1.running.expected": (
        "`{command}` exits 0 saying 'is running', and agent processes exist",
        "`{command}` 输出 'is running' 并以 0 退出,且存在 Agent 进程",
    ),
    "step1.running.skip.no_script": (
        "the agent's init script is not installed",
        "未安装 Agent 的 init 脚本",
    ),
    "step1.running.found": (
        "`{command}` exited {rc} saying {said}; {processes} agent process(es)",
        "`{command}` 以 {rc} 退出,输出 {said};Agent 进程数 {processes}",
    ),
    "step1.running.found.not_run": (
        "nothing (the probe could not run it)",
        "无输出 (探测无法执行该命令)",
    ),
    "step1.running.found.timed_out": (
        "`{command}` did not answer within {seconds} s (the probe's bound stopped it); "
        "{processes} agent process(es)",
        "`{command}` 在 {seconds} 秒内没有响应 (已被探测的时间上限终止);Agent 进程数 {processes}",
    ),
    "step1.running.fix.hung": (
        "The init script's status hangs instead of answering: see where it waits with "
        "{trace_cmd}; if the agent itself hangs, restart it: {restart_cmd}",
        "init 脚本的 status 卡住而没有响应: 请用 {trace_cmd} 查看它在等待什么;如果 Agent "
        "本身卡住,请重启: {restart_cmd}",
    ),
    "step1.running.rc": (
        "{rc} ({meaning})",
        "{rc} ({meaning})",
    ),
    "step1.running.rc.running": (
        "running",
        "运行中",
    ),
    "step1.running.rc.stopped": (
        "stopped",
        "已停止",
    ),
    "step1.running.rc.abnormal": (
        "abnormal process count",
        "进程数异常",
    ),
    "step1.running.expected.process": (
        "a running {name} process",
        "正在运行的 {name} 进程",
    ),
    "step1.running.found.processes": (
        "{processes} agent process(es)",
        "Agent 进程数 {processes}",
    ),
    "step1.running.expected.service": (
        "service {service} in state Running",
        "服务 {service} 处于 Running 状态",
    ),
    "step1.running.skip.no_service": (
        "no Logtail service is installed",
        "未安装 Logtail 服务",
    ),
    "step1.running.found.service": (
        "service {service} is {state}",
        "服务 {service} 的状态为 {state}",
    ),
    "step1.running.fix.windows": (
        "Start the service: {start_cmd}; if it stops again, read the logs in {install_dir}",
        "请启动服务: {start_cmd};如果再次停止,请查看 {install_dir} 中的日志",
    ),
    "step1.running.fix": (
        "Start the agent: {start_cmd}; if it does not stay up, read {install_dir}/ilogtail.LOG "
        "(Logtail) or loongcollector.LOG",
        "请启动 Agent: {start_cmd};如果启动后又停止,请查看 {install_dir}/ilogtail.LOG (Logtail) "
        "或 loongcollector.LOG",
    ),
    "step2.skip.no_config": (
        "ilogtail_config.json is missing or unusable",
        "ilogtail_config.json 不存在或无法使用",
    ),
    "step2.config_valid.expected": (
        "{config} with a config server address",
        "包含配置服务器地址的 {config}",
    ),
    "step2.config_valid.found.ok": (
        "{format} format, config server {url}",
        "{format} 格式,配置服务器 {url}",
    ),
    "step2.config_valid.fix.reinstall": (
        "The installer writes this file: reinstall with the project's parameter: {install_cmd}",
        "该文件由安装程序生成: 请使用 Project 的参数重新安装: {install_cmd}",
    ),
    "step2.config_valid.fix.broken": (
        "{fix} (the agent does not start with a broken config)",
        "{fix} (配置文件损坏时 Agent 无法启动)",
    ),
    "step2.config_valid.found.community": (
        "{path} is the open-source LoongCollector's own config ({error}): the community edition "
        "does not heartbeat to SLS machine groups",
        "{path} 是开源版 LoongCollector 自己的配置 ({error}): 社区版不会向 SLS 机器组发送心跳",
    ),
    "step2.config_valid.fix.community": (
        "Install the SLS LoongCollector (it keeps /usr/local/ilogtail and registers with the "
        "machine group): {install_cmd}",
        "请安装 SLS 版 LoongCollector (它沿用 /usr/local/ilogtail,并会注册到机器组): {install_cmd}",
    ),
    "step2.config_loaded.expected": (
        "{config} unchanged since the agent started",
        "Agent 启动后 {config} 未被修改",
    ),
    "step2.config_loaded.skip.no_start": (
        "the agent's start time is unknown (not running?)",
        "Agent 的启动时间未知 (可能未在运行)",
    ),
    "step2.config_loaded.skip.no_mtime": (
        "the config file's modification time is unknown",
        "配置文件的修改时间未知",
    ),
    "step2.config_loaded.found": (
        "the file changed at {changed}, after the agent (PID {pid}) started at {started}",
        "该文件在 {changed} 被修改,晚于 Agent (PID {pid}) 的启动时间 {started}",
    ),
    "step2.config_loaded.fix": (
        "The agent reads its config only when it starts: restart it to load the edit: "
        "{restart_cmd}",
        "Agent 只在启动时读取配置: 请重启 Agent 以加载修改: {restart_cmd}",
    ),
    "step2.dns.expected": (
        "{name} resolves to an address on the host",
        "主机上 {name} 可以解析为地址",
    ),
    "step2.dns.found.ok": (
        "{name} resolves",
        "{name} 可以解析",
    ),
    "step2.dns.found": (
        "{name} does not resolve: {error}",
        "{name} 无法解析: {error}",
    ),
    "step2.dns.found.timed_out": (
        "resolving {name} did not answer within {seconds} s: {error}",
        "解析 {name} 在 {seconds} 秒内没有响应: {error}",
    ),
    "step2.dns.fix": (
        "Make {name} resolvable on the host (check: {check_cmd}). Intranet endpoints resolve "
        "only through Alibaba Cloud's private DNS (100.100.2.136, 100.100.2.138) on an ECS in "
        "{region}; elsewhere reinstall with {region}-internet or fix the DNS servers."
        " Then restart the agent: after failed attempts it waits longer and longer before it "
        "tries again",
        "请确保主机上可以解析 {name} (检查: {check_cmd})。内网地址只能在 {region} 的 ECS "
        "上通过阿里云内网 DNS (100.100.2.136、100.100.2.138) 解析;其他环境请使用 "
        "{region}-internet 重新安装,或修正 DNS 服务器"
        "。然后重启 Agent: 连续失败后,它再次尝试连接前等待的时间会越来越长",
    ),
    "step2.fix.config": (
        "Reinstall for region {region} over the {network} network: {install_cmd} (or correct the "
        "config server and data endpoint in {config}, then restart: {restart_cmd})",
        "请按地域 {region}、网络类型 {network} 重新安装: {install_cmd} (或修改 {config} "
        "中的配置服务器和数据服务地址,然后重启: {restart_cmd})",
    ),
    "step2.region.expected": (
        "region {region}",
        "地域 {region}",
    ),
    "step2.region.found": (
        "region {region} (config server {host})",
        "地域 {region} (配置服务器 {host})",
    ),
    "step2.network.expected": (
        "network type {network}",
        "网络类型 {network}",
    ),
    "step2.network.found": (
        "network type {network} (config server {host}, data endpoint {endpoints})",
        "网络类型 {network} (配置服务器 {host},数据服务地址 {endpoints})",
    ),
    "step2.endpoint.expected.short": (
        "an SLS answer from the config server",
        "配置服务器返回 SLS 的响应",
    ),
    "step2.endpoint.expected": (
        "`curl {url}` on the host returns an SLS error body such as OLSInvalidMethod",
        "在主机上执行 `curl {url}` 返回 OLSInvalidMethod 等 SLS 错误内容",
    ),
    "step2.endpoint.skip.not_requested": (
        "the probe did not request {url} (unusual characters?)",
        "探测未请求 {url} (可能含有特殊字符)",
    ),
    "step2.endpoint.skip.no_curl": (
        "curl is not installed on the host",
        "主机上未安装 curl",
    ),
    "step2.endpoint.found.no_answer": (
        "no HTTP answer: {error}",
        "没有 HTTP 响应: {error}",
    ),
    "step2.endpoint.found.timed_out": (
        "{url} did not answer within {seconds} s: {error}",
        "{url} 在 {seconds} 秒内没有响应: {error}",
    ),
    "step2.endpoint.found.not_sls": (
        "HTTP {status} from something that is not SLS: {body}",
        "非 SLS 的服务返回了 HTTP {status}: {body}",
    ),
    "step2.endpoint.found.ok": (
        "HTTP {status} with SLS error code {code}",
        "HTTP {status},SLS 错误码 {code}",
    ),
    "step2.endpoint.found.tcp": (
        "TCP port 80 on {name} accepts connections",
        "{name} 的 TCP 80 端口可以建立连接",
    ),
    "step2.endpoint.fix.windows": (
        "From this host, `{curl_cmd}` must connect: check that {name} resolves to the SLS "
        "endpoint (DNS, C:\\Windows\\System32\\drivers\\etc\\hosts), that outbound TCP 80 and "
        "443 are open (Windows Firewall, security group) and that no proxy intercepts it. An "
        "intranet endpoint works only from an ECS in {region}; elsewhere reinstall with "
        "{region}-internet."
        " Then restart the agent: after failed attempts it waits longer and longer before it "
        "tries again",
        "在这台主机上执行 `{curl_cmd}` 必须能够连接: 请确认 {name} 解析到 SLS 的服务地址 "
        "(DNS、C:\\Windows\\System32\\drivers\\etc\\hosts),出方向 TCP 80 和 443 已放行 (Windows "
        "防火墙、安全组),并且没有代理拦截请求。内网地址只能从 {region} 的 ECS "
        "访问;其他环境请使用 {region}-internet 重新安装"
        "。然后重启 Agent: 连续失败后,它再次尝试连接前等待的时间会越来越长",
    ),
    "step2.https.expected": (
        "an answer over HTTPS from {url}",
        "{url} 通过 HTTPS 返回的响应",
    ),
    "step2.https.found.ok": (
        "{status} over HTTPS",
        "HTTPS 有响应 ({status})",
    ),
    "step2.https.skip.http_fails": (
        "plain HTTP fails too (see step2.endpoint)",
        "普通 HTTP 也失败 (参见 step2.endpoint)",
    ),
    "step2.https.found": (
        "no HTTPS answer while HTTP works: {error}",
        "HTTP 正常,但 HTTPS 没有响应: {error}",
    ),
    "step2.https.found.timed_out": (
        "{url} did not answer within {seconds} s while HTTP works: {error}",
        "HTTP 正常,但 {url} 在 {seconds} 秒内没有响应: {error}",
    ),
    "step2.https.fix": (
        "Open outbound TCP 443 to {name} (firewall, security group, proxy): the agent "
        "authenticates over HTTPS even when it sends over HTTP. Test: {test_cmd}."
        " Then restart the agent: after failed attempts it waits longer and longer before it "
        "tries again",
        "请放行到 {name} 的出方向 TCP 443 (防火墙、安全组、代理): 即使 Agent 通过 HTTP "
        "发送数据,鉴权也通过 HTTPS 进行。测试: {test_cmd}"
        "。然后重启 Agent: 连续失败后,它再次尝试连接前等待的时间会越来越长",
    ),
    "step2.proxy.expected": (
        "HTTP(S)_PROXY and ALL_PROXY, when set, of the form [scheme://][user:password@]host[:port]",
        "HTTP(S)_PROXY 和 ALL_PROXY 如已设置,格式为 [scheme://][user:password@]host[:port]",
    ),
    "step2.proxy.skip.windows": (
        "the service's environment is not read on Windows",
        "Windows 上不读取服务的环境变量",
    ),
    "step2.proxy.skip.no_env": (
        "the agent's environment could not be read (not running, or not root)",
        "无法读取 Agent 的环境变量 (未在运行,或不是 root)",
    ),
    "step2.proxy.found.none": (
        "no proxy variables: the agent connects directly",
        "未设置代理环境变量: Agent 直接连接",
    ),
    "step2.proxy.found.ok": (
        "{variables}",
        "{variables}",
    ),
    "step2.proxy.found": (
        "{variables} is not a valid proxy URL ({shown}): the agent ignores it and connects "
        "directly",
        "{variables} 不是有效的代理 URL ({shown}): Agent 会忽略它并直接连接",
    ),
    "step2.proxy.fix": (
        "Set {variables} to http://[user:password@]host:port in the agent's environment (its "
        "service unit or init script), then restart: {restart_cmd}",
        "请在 Agent 的运行环境 (其服务单元或 init 脚本) 中将 {variables} 设置为 "
        "http://[user:password@]host:port,然后重启: {restart_cmd}",
    ),
    "step2.agent_version.expected": (
        "an agent version that honours every setting the config turns on",
        "Agent 版本支持配置文件中启用的所有设置",
    ),
    "step2.agent_version.found.none": (
        "the config turns on no setting that needs a newer agent",
        "配置没有启用需要更新 Agent 的设置",
    ),
    "step2.agent_version.found.ok": (
        "{agent} honours {settings}",
        "{agent} 支持 {settings}",
    ),
    "step2.agent_version.found": (
        "{agent} is older than {minimum}: it ignores {settings}",
        "{agent} 早于 {minimum}, 会忽略 {settings}",
    ),
    "step2.agent_version.skip.no_version": (
        "the agent's version is not known ({path})",
        "Agent 版本未知 ({path})",
    ),
    "step2.agent_version.fix": (
        "Upgrade the agent to {minimum} or later by reinstalling it: `{install_cmd}`; until then "
        "{settings} in {config} has no effect",
        "请重新安装 Agent, 升级到 {minimum} 或更高版本: `{install_cmd}`; 在此之前 {config} 中的 "
        "{settings} 不生效",
    ),
    "step2.clock.expected": (
        "the host's clock within {minutes} minutes of SLS",
        "主机时钟与 SLS 的偏差在 {minutes} 分钟以内",
    ),
    "step2.clock.skip.no_clock": (
        "the host's time could not be read",
        "无法读取主机时间",
    ),
    "step2.clock.skip.no_reference": (
        "no reference clock (no Date from the endpoint)",
        "没有参考时间 (服务地址没有返回 Date)",
    ),
    "step2.clock.found": (
        "host {host_time}, {reference} {reference_time}: {skew}",
        "主机 {host_time},{reference} {reference_time}: 偏差 {skew}",
    ),
    "step2.clock.the_endpoint": (
        "endpoint {url}",
        "服务地址 {url}",
    ),
    "step2.clock.the_runner": (
        "this runner",
        "当前运行环境",
    ),
    "step2.clock.fix": (
        "SLS rejects requests more than 15 minutes off (RequestTimeExpired): set the clock right "
        '({sync_cmd}, and keep NTP on), or set "enable_log_time_auto_adjust": true in {config} '
        "(Logtail 1.0.19+); then restart: {restart_cmd}",
        "SLS 会拒绝时间偏差超过 15 分钟的请求 (RequestTimeExpired): 请校正时钟 "
        '({sync_cmd},并保持 NTP 开启),或在 {config} 中设置 "enable_log_time_auto_adjust": true '
        "(Logtail 1.0.19 及以上版本);然后重启: {restart_cmd}",
    ),
    "step2.endpoint.fix": (
        "From this host, `{curl_cmd}` must return SLS's OLSInvalidMethod error: check that "
        "{name} resolves to the SLS endpoint (DNS, /etc/hosts), that outbound TCP 80 and 443 are "
        "open (firewall, security group) and that no proxy intercepts it. An intranet endpoint "
        "works only from an ECS in {region}; elsewhere reinstall with {region}-internet."
        " Then restart the agent: after failed attempts it waits longer and longer before it "
        "tries again",
        "在这台主机上执行 `{curl_cmd}` 必须返回 SLS 的 OLSInvalidMethod 错误: 请确认 {name} "
        "解析到 SLS 的服务地址 (DNS、/etc/hosts),出方向 TCP 80 和 443 已放行 "
        "(防火墙、安全组),并且没有代理拦截请求。内网地址只能从 {region} 的 ECS "
        "访问;其他环境请使用 {region}-internet 重新安装"
        "。然后重启 Agent: 连续失败后,它再次尝试连接前等待的时间会越来越长",
    ),
    "step3.skip.no_ip": (
        "app_info.json records no usable IP",
        "app_info.json 中没有可用的 IP",
    ),
    "step3.ip_recorded.expected": (
        "{path} with a non-empty IPv4 in 'ip'",
        "{path} 的 'ip' 字段为非空的 IPv4",
    ),
    "step3.ip_recorded.found.empty": (
        "'ip' is empty: the agent found no IP and cannot work",
        "'ip' 为空: Agent 没有获取到 IP,无法工作",
    ),
    "step3.ip_recorded.found.not_ipv4": (
        "'ip' is {ip}, not an IPv4 address",
        "'ip' 为 {ip},不是 IPv4 地址",
    ),
    "step3.ip_recorded.found.ok": (
        "ip {ip}",
        "ip {ip}",
    ),
    "step3.ip_recorded.fix.writes": (
        "The agent writes it when it starts: {restart_cmd}",
        "该文件在 Agent 启动时生成: {restart_cmd}",
    ),
    "step3.ip_recorded.fix.rewrites": (
        "The agent rewrites it when it starts: {restart_cmd}",
        "该文件在 Agent 启动时重新生成: {restart_cmd}",
    ),
    "step3.ip_recorded.fix.set_ip": (
        'Tell the agent its IP: set "working_ip": "{ip}" (or "working_interface": '
        '"{nic}") in {config}, then restart: {restart_cmd}',
        '请为 Agent 指定 IP: 在 {config} 中设置 "working_ip": "{ip}" (或 '
        '"working_interface": "{nic}"),然后重启: {restart_cmd}',
    ),
    "step3.ip_recorded.this_hosts_ip": (
        "<this host's IP>",
        "<本机 IP>",
    ),
    "step3.custom_id.expected.none": (
        "no custom identifier (an IP-based machine group)",
        "无需用户自定义标识 (IP 地址机器组)",
    ),
    "step3.custom_id.found.by_ip": (
        "not needed: the host's machine group identifies it by IP",
        "无需设置: 该主机的机器组按 IP 地址识别机器",
    ),
    "step3.custom_id.expected": (
        "a line of {path} holding {ids} (machine group {group})",
        "{path} 中有一行为 {ids} 之一 (机器组 {group})",
    ),
    "step3.custom_id.found.ok": (
        "{id}",
        "{id}",
    ),
    "step3.custom_id.found": (
        "{path} holds {held}",
        "{path} 中的内容: {held}",
    ),
    "step3.custom_id.fix": (
        "Add the identifier on a line of its own: {write_cmd} (the agent reads it within a "
        "minute; machine group {group} then sees the host)",
        "请将该标识单独写成一行: {write_cmd} (Agent 会在一分钟内读取,之后机器组 {group} "
        "即可识别该主机)",
    ),
    "step3.found.custom_group": (
        "not needed: machine group {group} identifies machines by custom identifier",
        "无需检查: 机器组 {group} 按用户自定义标识识别机器",
    ),
    "step3.ip_in_group.expected": (
        "the agent's IP listed in machine group {groups}",
        "Agent 的 IP 在机器组 {groups} 中",
    ),
    "step3.ip_in_group.found.ok": (
        "{ip} is in {groups}",
        "{ip} 在 {groups} 中",
    ),
    "step3.ip_in_group.found": (
        "{ip} is not in {groups} (which lists {listed})",
        "{ip} 不在 {groups} 中 (其中包含 {listed})",
    ),
    "step3.ip_in_group.the_hosts_group": (
        "the host's machine group",
        "该主机的机器组",
    ),
    "step3.ip_in_group.fix": (
        "In the SLS console, project {project}, machine group {group}: add {ip} (the IP this "
        "agent reports), save, wait one minute and check the heartbeat",
        "在 SLS 控制台中打开 Project {project} 的机器组 {group}: 添加 {ip} (该 Agent 上报的 "
        "IP),保存后等待一分钟,再查看心跳",
    ),
    "step3.ip_current.expected": (
        "the IP the agent would take now: {candidates} ({rule})",
        "Agent 当前会获取的 IP: {candidates} ({rule})",
    ),
    "step3.ip_current.found.ok": (
        "app_info.json ip {ip}",
        "app_info.json 中的 ip {ip}",
    ),
    "step3.ip_current.found": (
        "app_info.json ip {ip}: the network changed since the agent started",
        "app_info.json 中的 ip {ip}: Agent 启动后网络发生了变化",
    ),
    "step3.ip_current.found.resolve_timed_out": (
        "`{command}` did not answer within {seconds} s: the host cannot resolve its own name "
        "{hostname} in time, and the agent resolves it the same way when it starts",
        "`{command}` 在 {seconds} 秒内没有响应: 主机无法及时解析自己的主机名 {hostname},而 Agent "
        "启动时也以同样方式解析",
    ),
    "step3.ip_current.fix.resolve": (
        "Make the host's own name resolve at once: add the line '{ip} {hostname}' to "
        "{hosts_path} (or fix the DNS servers the host uses); check: {check_cmd}; then restart "
        "the agent so it takes its IP again: {restart_cmd}",
        "请让主机能立即解析自己的主机名: 在 {hosts_path} 中添加一行 '{ip} {hostname}' "
        "(或修正主机使用的 DNS 服务器);检查: {check_cmd};然后重启 Agent 以重新获取 IP: "
        "{restart_cmd}",
    ),
    "step3.ip_current.the_new_ip": (
        "the new IP",
        "新的 IP",
    ),
    "step3.ip_current.its_group": (
        "(its group)",
        "(其所属机器组)",
    ),
    "step3.ip_current.fix.restart": (
        "Restart the agent so it takes the current IP: {restart_cmd}; then put {ip} (the new "
        "app_info.json ip) in machine group {group} in the SLS console",
        "请重启 Agent 以获取当前 IP: {restart_cmd};然后在 SLS 控制台中将 {ip} (新的 "
        "app_info.json ip) 加入机器组 {group}",
    ),
    "step3.ip_current.fix.stale_hosts": (
        "First correct the stale line for {hostname} in /etc/hosts (it points to {ip}, which no "
        'NIC of this host has), or set "working_ip" in {config}; then restart the agent: '
        "{restart_cmd}, and check that machine group {group} lists the ip app_info.json then "
        "shows",
        "请先修正 /etc/hosts 中 {hostname} 的过期记录 (它指向 {ip},而本机没有任何网卡使用该 "
        'IP),或在 {config} 中设置 "working_ip";然后重启 Agent: {restart_cmd},并确认机器组 '
        "{group} 包含届时 app_info.json 中显示的 ip",
    ),
    "step4.user_id.expected": (
        "{users_dir}/<account ID> for one of {ids}",
        "{users_dir}/<账号 ID>,账号为 {ids} 之一",
    ),
    "step4.user_id.expected.same_account": (
        "no user identifier (an ECS of the project's own account)",
        "无需用户标识 (Project 所属账号自己的 ECS)",
    ),
    "step4.user_id.found.same_account": (
        "not needed: same_account_ecs is true in the targets file",
        "无需设置: 目标文件中 same_account_ecs 为 true",
    ),
    "step4.user_id.found.no_dir": (
        "{users_dir} does not exist",
        "{users_dir} 不存在",
    ),
    "step4.user_id.found.holds": (
        "{users_dir} holds {listed}",
        "{users_dir} 中的内容: {listed}",
    ),
    "step4.user_id.a_directory": (
        "{name}/ (a directory)",
        "{name}/ (目录)",
    ),
    "step4.user_id.fix": (
        "Create the identifier file: {create_cmd} (the ID of the Alibaba Cloud account that owns "
        "project {project}, not a RAM user's)",
        "请创建用户标识文件: {create_cmd} (使用拥有 Project {project} 的阿里云账号 ID,而不是 RAM "
        "用户的 ID)",
    ),
    "waiver.active": (
        "waived until {expires}: {justification}",
        "已豁免,有效期至 {expires}: {justification}",
    ),
    "waiver.expired": (
        "the waiver expired on {expires}: {justification}",
        "豁免已于 {expires} 过期: {justification}",
    ),
    "report.title": (
        "logtail-doctor: machine group heartbeat diagnosis",
        "logtail-doctor: 机器组心跳诊断",
    ),
    "report.what": (
        "What was checked",
        "检查内容",
    ),
    "report.targets_file": (
        "Targets file",
        "目标文件",
    ),
    "report.project": (
        "Project",
        "Project",
    ),
    "report.region": (
        "Region",
        "地域",
    ),
    "report.network": (
        "Network type",
        "网络类型",
    ),
    "report.account_ids": (
        "Account IDs",
        "账号 ID",
    ),
    "report.started": (
        "Started",
        "开始时间",
    ),
    "report.duration": (
        "Duration",
        "耗时",
    ),
    "report.seconds": (
        "{seconds} s",
        "{seconds} 秒",
    ),
    "report.version": (
        "Suite version",
        "工具版本",
    ),
    "report.revision": (
        "Git revision",
        "Git 版本",
    ),
    "report.waivers_file": (
        "Waivers file",
        "豁免文件",
    ),
    "report.none": (
        "(none)",
        "(无)",
    ),
    "report.hosts": (
        "Hosts",
        "主机",
    ),
    "report.matrix": (
        "Hosts by guide step",
        "各主机按排查步骤的结果",
    ),
    "report.show": (
        "Show",
        "显示",
    ),
    "report.sort_by": (
        "Sort by",
        "排序",
    ),
    "report.sort.host": (
        "host",
        "主机",
    ),
    "report.sort.root_cause": (
        "root cause",
        "根本原因",
    ),
    "report.sort.status": (
        "status",
        "状态",
    ),
    "report.shown": (
        "{shown} of {total} hosts shown",
        "显示 {shown} / {total} 台主机",
    ),
    "report.col.host": (
        "Host",
        "主机",
    ),
    "report.col.status": (
        "Status",
        "状态",
    ),
    "report.col.root_cause": (
        "Root cause",
        "根本原因",
    ),
    "report.col.agent": (
        "Agent",
        "Agent",
    ),
    "report.details": (
        "details",
        "详情",
    ),
    "report.open_hint": (
        "Click a host for its failed checks, what the probe saw and the fix.",
        "点击主机可查看失败的检查项、探测到的内容以及修复方法。",
    ),
    "report.expected": (
        "Expected",
        "预期",
    ),
    "report.found": (
        "Found",
        "实际",
    ),
    "report.fix": (
        "Fix",
        "修复",
    ),
    "report.commands": (
        "Commands (copy and run on the host)",
        "命令 (复制后在主机上执行)",
    ),
    "report.copy": (
        "Copy",
        "复制",
    ),
    "report.copied": (
        "Copied",
        "已复制",
    ),
    "report.evidence": (
        "What the probe saw",
        "探测到的内容",
    ),
    "report.all_passed": (
        "Every check passed.",
        "所有检查均已通过。",
    ),
    "report.other_checks": (
        "Other checks",
        "其他检查",
    ),
    "report.legend": (
        "Cell colour: the worst outcome of the step's checks.",
        "单元格颜色: 该步骤中各检查的最差结果。",
    ),
    "report.noscript": (
        "Filtering, sorting and host details need JavaScript.",
        "筛选、排序和查看主机详情需要 JavaScript。",
    ),
    "report.causes.automatable": (
        "fix in remediation.yml",
        "可用 remediation.yml 修复",
    ),
    "report.causes.manual": (
        "manual fix",
        "需手动修复",
    ),
    "report.plan.title": (
        "Machine-group plan",
        "机器组修改计划",
    ),
    "report.plan.col.group": (
        "Machine group",
        "机器组",
    ),
    "report.plan.col.add": (
        "Add (recorded by agents, not in the group)",
        "添加 (Agent 已记录, 机器组中没有)",
    ),
    "report.plan.col.stale": (
        "Remove (no agent records them any more)",
        "删除 (已没有 Agent 记录)",
    ),
    "report.plan.col.new": (
        "The new list, ready to paste",
        "新列表 (可直接粘贴)",
    ),
    "report.plan.action": (
        "SLS console, project {project}: Machine Groups > {group} > Modify, paste the new list",
        "SLS 控制台, 项目 {project}: 机器组 > {group} > 修改, 粘贴新列表",
    ),
    "report.plan.none": (
        "Every machine group already lists what the agents of this run record.",
        "所有机器组已包含本次运行的 Agent 所记录的内容。",
    ),
    "report.change.broke": (
        "new failure since {baseline}",
        "自 {baseline} 以来的新故障",
    ),
    "report.change.fixed": (
        "fixed since {baseline}",
        "自 {baseline} 以来已修复",
    ),
    "report.change.cause_changed": (
        "root cause changed since {baseline}: was {before}",
        "自 {baseline} 以来根本原因已变化: 之前为 {before}",
    ),
    "report.changes": (
        "Since {baseline}: {broke} broke, {fixed} fixed, {changed} changed root cause",
        "自 {baseline} 以来: 新故障 {broke}, 已修复 {fixed}, 根本原因变化 {changed}",
    ),
    "report.causes": (
        "Hosts per root cause",
        "按根本原因统计的主机数",
    ),
    "report.causes.hint": (
        "Click a bar to show only its hosts; click it again to show all.",
        "点击条形只显示对应主机, 再次点击显示全部。",
    ),
    "report.causes.all": (
        "Show all causes",
        "显示全部原因",
    ),
    "report.causes.none": (
        "No host has a root cause: nothing to fix.",
        "没有主机存在根本原因: 无需修复。",
    ),
    "status.healthy": (
        "healthy",
        "正常",
    ),
    "status.unhealthy": (
        "unhealthy",
        "异常",
    ),
    "status.unreachable": (
        "unreachable",
        "不可达",
    ),
    "status.partial": (
        "partial",
        "部分",
    ),
    "outcome.passed": (
        "passed",
        "通过",
    ),
    "outcome.failed": (
        "failed",
        "失败",
    ),
    "outcome.skipped": (
        "not judged",
        "未判断",
    ),
    "outcome.waived": (
        "waived",
        "已豁免",
    ),
    "outcome.not_run": (
        "not run",
        "未运行",
    ),
    "outcome.error": (
        "error",
        "错误",
    ),
    "step.host": (
        "Reachable",
        "可达性",
    ),
    "step.step1": (
        "1 Agent",
        "1 Agent",
    ),
    "step.step2": (
        "2 Install parameters",
        "2 安装参数",
    ),
    "step.step3": (
        "3 Machine group IP",
        "3 机器组 IP",
    ),
    "step.step4": (
        "4 User ID",
        "4 用户标识",
    ),
    "step.server": (
        "Server view (SLS API)",
        "服务端视图 (SLS API)",
    ),
    "server.heartbeat.expected.any": (
        "a heartbeat within {limit}",
        "{limit} 内的心跳",
    ),
    "server.heartbeat.expected": (
        "a heartbeat to machine group {group} within the last {limit}",
        "最近 {limit} 内发往机器组 {group} 的心跳",
    ),
    "server.heartbeat.skip.no_group": (
        "the host's machine group is unknown (give machine_group in the targets file)",
        "主机的机器组未知 (请在目标文件中填写 machine_group)",
    ),
    "server.heartbeat.skip.not_read": (
        "ListMachines was not read",
        "未能读取 ListMachines",
    ),
    "server.heartbeat.skip.no_custom_id": (
        "the host has no {path} to match",
        "主机上没有可用于匹配的 {path}",
    ),
    "server.heartbeat.skip.no_ip": (
        "no IP to match (app_info.json records none and the host spec has no address)",
        "没有可匹配的 IP (app_info.json 中没有记录,主机地址中也没有 IP)",
    ),
    "server.heartbeat.who.custom_id": (
        "custom identifier {ident}",
        "用户自定义标识 {ident}",
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
        "主机地址",
    ),
    "server.heartbeat.source.none": (
        "none",
        "无",
    ),
    "server.heartbeat.found.none": (
        "no heartbeat from {who}: not among the {count} machine(s) heartbeating to {group}",
        "没有来自 {who} 的心跳: 不在向 {group} 发送心跳的 {count} 台机器之中",
    ),
    "server.heartbeat.found.none_unlisted": (
        "no heartbeat from {who}: not among the {count} machine(s) heartbeating to {group}, and "
        "{group} does not list it",
        "没有来自 {who} 的心跳: 不在向 {group} 发送心跳的 {count} 台机器之中,且 {group} "
        "的机器列表中也没有它",
    ),
    "server.heartbeat.found.last": (
        "last heartbeat from {who} {age} ago ({at})",
        "来自 {who} 的最后一次心跳在 {age} 前 ({at})",
    ),
    "server.heartbeat.fix.unreachable": (
        "The host could not be checked over SSH, so the host-side steps cannot say why: {fix}",
        "无法通过 SSH 检查该主机,因此主机侧步骤无法说明原因: {fix}",
    ),
    "server.heartbeat.fix.reach_default": (
        "make it reachable and run again",
        "请确保主机可连接后重新运行",
    ),
    "server.heartbeat.fix.host_side": (
        "The host-side diagnosis explains it ({cause}): {fix}",
        "主机侧诊断已说明原因 ({cause}): {fix}",
    ),
    "server.heartbeat.fix.see_check": (
        "see that check",
        "请查看该检查项",
    ),
    "server.heartbeat.fix.add": (
        "Add {ident} to machine group {group} in the SLS console, then check the heartbeat again "
        "after about a minute",
        "请在 SLS 控制台将 {ident} 添加到机器组 {group},约一分钟后再检查心跳",
    ),
    "server.heartbeat.fix.backoff": (
        "with no collection config applied to machine group {group} the agent slows its "
        "heartbeat to up to {minutes} minutes: apply a config to the group, or restart the agent",
        "机器组 {group} 未应用任何采集配置时,Agent 会将心跳间隔放慢到最多 {minutes} 分钟: "
        "请为该机器组应用配置,或重启 Agent",
    ),
    "server.heartbeat.fix.log": (
        "read the agent's log ({path}, or {alt}) for errors talking to the config server",
        "查看 Agent 日志 ({path} 或 {alt}),检查与配置服务器通信的错误",
    ),
    "server.heartbeat.fix.clock": (
        "the host's clock must be within {minutes} minutes of the real time",
        "主机时钟与真实时间的偏差必须在 {minutes} 分钟以内",
    ),
    "server.heartbeat.fix.no_heartbeat": (
        "The host-side checks pass but Log Service lists no heartbeat from it: a new agent's "
        "first heartbeat takes about {minutes} minutes; else {log}; {clock}; {backoff}",
        "主机侧检查均已通过,但日志服务中没有该主机的心跳: 新 Agent 的首次心跳约需 {minutes} "
        "分钟;否则请{log};{clock};{backoff}",
    ),
    "server.heartbeat.fix.backing_off": (
        "The host-side checks pass: {backoff}; {clock}",
        "主机侧检查均已通过: {backoff};{clock}",
    ),
    "server.heartbeat.fix.stopped": (
        "The host-side checks pass now, but the heartbeats stopped {age} ago (longer than the "
        "{minutes}-minute back-off): {log}; {clock}",
        "主机侧检查目前均已通过,但心跳已在 {age} 前停止 (超过 {minutes} 分钟的退避时间): "
        "请{log};{clock}",
    ),
    "report.groups.title": (
        "Machine groups (from SLS)",
        "机器组 (来自 SLS)",
    ),
    "report.groups.col.group": (
        "Machine group",
        "机器组",
    ),
    "report.groups.col.identify_type": (
        "Identify type",
        "标识类型",
    ),
    "report.groups.col.not_checked": (
        "Not checked (no host in this run covers them)",
        "未检查 (本次运行中没有主机对应)",
    ),
    "report.groups.col.unexpected": (
        "Heartbeating but not in the group",
        "有心跳但不在机器组中的机器",
    ),
    "report.groups.type.ip": (
        "IP address",
        "IP 地址",
    ),
    "report.groups.type.userdefined": (
        "custom identifier",
        "用户自定义标识",
    ),
    "report.groups.from_targets": (
        "(targets file; SLS not read)",
        "(目标文件;未能读取 SLS)",
    ),
    "report.groups.more": (
        "(+{count} more)",
        "(另有 {count} 项)",
    ),
    "step1.installed.found.none.short": (
        "no agent installed",
        "未安装 Agent",
    ),
    "step1.installed.found.partial.short": (
        "agent partly installed (missing {missing})",
        "Agent 安装不完整 (缺少 {missing})",
    ),
    "step1.installed.found.no_service.short": (
        "no agent service",
        "没有 Agent 服务",
    ),
    "step1.instances.found.short": (
        "{daemons} agent daemons running",
        "{daemons} 个 Agent 守护进程在运行",
    ),
    "step1.running.found.short": (
        "agent not running (status exit {rc})",
        "Agent 未运行 (status 退出码 {rc})",
    ),
    "step1.running.found.not_run.short": (
        "agent status unknown (script could not run)",
        "Agent 状态未知 (脚本无法运行)",
    ),
    "step1.running.found.timed_out.short": (
        "agent status hangs (no answer in {seconds} s)",
        "Agent status 无响应 ({seconds} 秒)",
    ),
    "step1.running.found.processes.short": (
        "agent not running ({processes} processes)",
        "Agent 未运行 ({processes} 个进程)",
    ),
    "step1.running.found.service.short": (
        "service {service} is {state}",
        "服务 {service} 为 {state}",
    ),
    "step2.config_valid.found.community.short": (
        "community edition: no heartbeat to SLS",
        "社区版: 不向 SLS 发送心跳",
    ),
    "step2.config_loaded.found.short": (
        "config changed after the agent started",
        "Agent 启动后配置文件被修改",
    ),
    "step2.dns.found.short": (
        "{name} does not resolve",
        "{name} 无法解析",
    ),
    "step2.dns.found.timed_out.short": (
        "resolving {name} hangs",
        "解析 {name} 无响应",
    ),
    "step2.region.found.short": (
        "agent installed for region {region}",
        "Agent 按地域 {region} 安装",
    ),
    "step2.network.found.short": (
        "agent installed for network type {network}",
        "Agent 按网络类型 {network} 安装",
    ),
    "step2.endpoint.found.no_answer.short": (
        "config server does not answer over HTTP",
        "配置服务器不响应 HTTP",
    ),
    "step2.endpoint.found.timed_out.short": (
        "config server silent for {seconds} s",
        "配置服务器 {seconds} 秒无响应",
    ),
    "step2.endpoint.found.not_sls.short": (
        "HTTP {status} from a server that is not SLS",
        "来自非 SLS 服务器的 HTTP {status}",
    ),
    "step2.https.found.short": (
        "HTTPS 443 fails while HTTP works",
        "HTTP 正常但 HTTPS 443 失败",
    ),
    "step2.https.found.timed_out.short": (
        "HTTPS 443 silent for {seconds} s",
        "HTTPS 443 {seconds} 秒无响应",
    ),
    "step2.proxy.found.short": (
        "invalid proxy {variables}",
        "无效的代理 {variables}",
    ),
    "step2.agent_version.found.short": (
        "{agent} too old for {settings}",
        "{agent} 版本过旧, 不支持 {settings}",
    ),
    "step2.clock.found.short": (
        "clock off by {skew}",
        "时钟偏差 {skew}",
    ),
    "step3.ip_recorded.found.empty.short": (
        "agent recorded no IP",
        "Agent 未记录 IP",
    ),
    "step3.ip_recorded.found.not_ipv4.short": (
        "recorded IP {ip} is not IPv4",
        "记录的 IP {ip} 不是 IPv4",
    ),
    "step3.custom_id.found.short": (
        "custom identifier missing in {path}",
        "{path} 中缺少自定义标识",
    ),
    "step3.ip_in_group.found.short": (
        "IP {ip} not in group {groups}",
        "IP {ip} 不在机器组 {groups} 中",
    ),
    "step3.ip_current.found.short": (
        "recorded IP {ip} is stale (network changed)",
        "记录的 IP {ip} 已过期 (网络已变更)",
    ),
    "step3.ip_current.found.resolve_timed_out.short": (
        "own hostname {hostname} does not resolve in time",
        "本机主机名 {hostname} 无法及时解析",
    ),
    "step4.user_id.found.no_dir.short": (
        "no account ID file ({users_dir} missing)",
        "没有账号 ID 文件 ({users_dir} 不存在)",
    ),
    "step4.user_id.found.holds.short": (
        "account ID file missing in {users_dir}",
        "{users_dir} 中缺少账号 ID 文件",
    ),
    "server.heartbeat.found.none.short": (
        "no heartbeat in {group}",
        "{group} 中没有心跳",
    ),
    "server.heartbeat.found.none_unlisted.short": (
        "no heartbeat, not listed in {group}",
        "没有心跳, 未列在 {group} 中",
    ),
    "server.heartbeat.found.last.short": (
        "last heartbeat {age} ago",
        "最后一次心跳在 {age} 前",
    ),
    "file.unusable.short": (
        "{path} unusable",
        "{path} 无法使用",
    ),
    "file.state.short": (
        "{path} is {state}",
        "{path} {state}",
    ),
    "outcome.error.found.short": (
        "the test broke: {error}",
        "测试中断: {error}",
    ),
    "title.step4.configs_received": (
        "Collection configs from SLS have reached the agent",
        "Agent 已收到 SLS 的采集配置",
    ),
    "step4.configs_received.fix": (
        "Apply a collection config of project {project} to machine group {group} in the SLS "
        "console (a Logtail configuration, then Manage machine groups): with none applied the "
        "agent backs off its heartbeat to up to 12 minutes. If one is applied already, the "
        "checks before this one pass and it still has none, restart the agent so that it asks "
        "again now: {restart_cmd}",
        "请在 SLS 控制台将项目 {project} 的采集配置应用到机器组 {group} (Logtail 配置 → "
        "管理机器组): 没有应用任何配置时, Agent 会把心跳间隔延长到最多 12 "
        "分钟。若已应用配置、此前的检查都通过但仍未收到, 请重启 Agent 让它立即重新获取: "
        "{restart_cmd}",
    ),
    "step4.configs_received.expected": (
        "{path} lists a collection config of project {project}",
        "{path} 中有项目 {project} 的采集配置",
    ),
    "step4.configs_received.skip.windows": (
        "received configs are not read on Windows",
        "Windows 上不读取已接收的配置",
    ),
    "step4.configs_received.skip.elsewhere": (
        "this agent keeps received configs elsewhere",
        "此 Agent 将接收的配置保存在其他位置",
    ),
    "step4.configs_received.skip.not_probed": (
        "the probe did not read {path}",
        "探测未读取 {path}",
    ),
    "step4.configs_received.skip.not_running": (
        "the agent does not run (see step 1)",
        "Agent 未运行 (参见第 1 步)",
    ),
    "step4.configs_received.skip.young": (
        "the agent started {seconds} s ago: its configs may still be on the way",
        "Agent 在 {seconds} 秒前刚启动: 配置可能仍在下发途中",
    ),
    "step4.configs_received.skip.truncated": (
        "{path} is larger than the probe reads; its first part lists only {projects}",
        "{path} 超过探测读取的大小; 其开头部分只列出了 {projects}",
    ),
    "step4.configs_received.found.absent": (
        "no {path}: the agent has received no collection config since it was installed",
        "没有 {path}: 自安装以来 Agent 未收到任何采集配置",
    ),
    "step4.configs_received.found.none": (
        "{path} lists no collection config",
        "{path} 中没有任何采集配置",
    ),
    "step4.configs_received.found.other": (
        "{path} lists configs of other projects only: {projects}",
        "{path} 中只有其他项目的配置: {projects}",
    ),
    "step4.configs_received.found.ok": (
        "{path} lists {count} collection config(s) of project {project}",
        "{path} 中有项目 {project} 的 {count} 个采集配置",
    ),
    "step4.configs_received.found.absent.short": (
        "no collection config received",
        "未收到采集配置",
    ),
    "step4.configs_received.found.none.short": (
        "no collection config received",
        "未收到采集配置",
    ),
    "step4.configs_received.found.other.short": (
        "no collection config of project {project}",
        "没有项目 {project} 的采集配置",
    ),
    "host.reachable.skip.pod": (
        "the pod's agent container gave no answer ({error}): its cause is the pod's",
        ("Pod 的 agent 容器没有应答 ({error}): 原因在于 Pod 的状态"),
    ),
    "step1.installed.expected.container": (
        "{install_dir}/ilogtail or {install_dir}/loongcollector in the image",
        ("镜像中的 {install_dir}/ilogtail 或 {install_dir}/loongcollector"),
    ),
    "step1.installed.fix.container": (
        (
            "Run the agent's image in {name} (the Logtail or LoongCollector image of region "
            "{region}), or point this target at the agent's container"
        ),
        (
            "在 {name} 中运行 agent 镜像 (地域 {region} "
            "的 Logtail 或 LoongCollector 镜像), "
            "或将此目标指向 agent 的容器"
        ),
    ),
    "step1.installed.found.container": (
        "container agent {agent} in {engine} {name}: {paths} present",
        ("容器 agent {agent} ({engine} {name}): {paths} 存在"),
    ),
    "step1.installed.found.container.none": (
        (
            "container {name} ({engine}) has neither {install_dir}/ilogtail nor "
            "{install_dir}/loongcollector: not an agent image"
        ),
        (
            "容器 {name} ({engine}) 中既没有 "
            "{install_dir}/ilogtail 也没有 "
            "{install_dir}/loongcollector: 不是 "
            "agent 镜像"
        ),
    ),
    "step1.installed.found.container.none.short": (
        "no agent in the container",
        "容器中没有 agent",
    ),
    "title.step1.pod": (
        "The agent's pod runs and is ready (Kubernetes)",
        "agent 的 Pod 正在运行且就绪 (Kubernetes)",
    ),
    "step1.pod.expected": (
        "pod {pod} in phase Running, its agent container ready",
        ("Pod {pod} 处于 Running 阶段, 其 agent 容器已就绪"),
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
            "agent 容器反复崩溃: 用 {logs_cmd} "
            "查看上次运行结束的原因. 常见原因: agent 无法使用的配置路径 "
            "(ALIYUN_LOGTAIL_CONFIG) 或 endpoint, "
            "内存上限过低 (OOMKilled), 无法挂载的主机路径. 修正 "
            "ConfigMap "
            "{namespace}/alibaba-log-configuratio"
            "n 或 DaemonSet 后执行: {restart_cmd}"
        ),
    ),
    "step1.pod.fix.not_ready": (
        (
            "See why the pod is not running and ready: {describe_cmd} (its events: image "
            "pull, scheduling, probes) and {logs_cmd}; after fixing the cause: {restart_cmd}"
        ),
        (
            "查看 Pod 未运行或未就绪的原因: {describe_cmd} (事件: "
            "拉取镜像, 调度, 探针) 以及 {logs_cmd}; "
            "修复原因后执行: {restart_cmd}"
        ),
    ),
    "step1.pod.found": (
        (
            "phase {phase}, container {state}, {restarts} restart(s){last_exit} (node "
            "{node}, DaemonSet {daemonset})"
        ),
        (
            "阶段 {phase}, 容器 {state}, 重启 "
            "{restarts} 次{last_exit} (节点 {node}, "
            "DaemonSet {daemonset})"
        ),
    ),
    "step1.pod.found.short": (
        "pod {state}",
        "Pod {state}",
    ),
    "step1.pod.last_exit": (
        "; last run ended: {last_exit}",
        "; 上次结束: {last_exit}",
    ),
    "step1.pod.expected.not_pod": (
        "nothing to judge (not a Kubernetes pod)",
        "无需判定 (不是 Kubernetes Pod)",
    ),
    "step1.pod.found.not_pod": (
        "not needed: the agent does not run in a Kubernetes pod",
        "不需要: agent 不在 Kubernetes Pod 中运行",
    ),
    "step1.pod.skip.unknown": (
        "the pod's status could not be read: {error}",
        "无法读取 Pod 的状态: {error}",
    ),
    "step1.pod.state.not_ready": (
        "not ready",
        "未就绪",
    ),
    "step1.pod.state.ready": (
        "ready",
        "已就绪",
    ),
    "step1.pod.state.waiting": (
        "waiting: {reason}",
        "等待中: {reason}",
    ),
    "step1.running.expected.container": (
        "agent processes running in {engine} {name}",
        "{engine} {name} 中有 agent 进程在运行",
    ),
    "step1.running.fix.container": (
        (
            "The agent does not run in its container: read what it printed with {logs_cmd}, "
            "then restart it: {restart_cmd}"
        ),
        ("agent 没有在其容器中运行: 用 {logs_cmd} 查看它的输出, 然后重启: {restart_cmd}"),
    ),
    "host.reachable.fix.container": (
        (
            "Check that the agent's container {host} runs and has /bin/sh (the probe needs a "
            "POSIX shell in it), and that this runner may use its engine: {check_cmd}"
        ),
        (
            "确认 agent 的容器 {host} 正在运行且有 /bin/sh "
            "(探测需要容器中有 POSIX shell), "
            "并且本运行机可以使用其容器引擎: {check_cmd}"
        ),
    ),
    "host.reachable.fix.program": (
        "Install {program} on this runner (Debian/Ubuntu: apt-get install {package}), then run "
        "again",
        "请在本运行机上安装 {program} (Debian/Ubuntu: apt-get install {package}), 然后重新运行",
    ),
    "step4.user_id.fix.link": (
        "{users_dir} is a symbolic link to {target}, which cannot be followed: see what i"
        "t was meant for (ls -l {users_dir}), then replace it by a folder holding the ide"
        "ntifier file: sudo rm {users_dir} && {create_cmd}",
        "{users_dir} 是指向 {target} 的符号链接, 无法跟随: 先确认它的用途 (ls -l {users_dir}"
        "), 再把它换成存放标识文件的目录: sudo rm {users_dir} && {create_cmd}",
    ),
    "step4.user_id.found.holds_many": (
        "{users_dir} holds {count} entries, none for these accounts in the first {read} r"
        "ead: {listed}",
        "{users_dir} 中有 {count} 个条目, 已读取的前 {read} 个中没有这些账号的文件: {listed}",
    ),
    "step4.user_id.found.holds_many.short": (
        "account ID file missing in {users_dir}",
        "{users_dir} 中缺少账号 ID 文件",
    ),
    "step4.user_id.found.link_dangling": (
        "{users_dir} is a symbolic link to {target}, which does not exist",
        "{users_dir} 是指向 {target} 的符号链接, 但目标不存在",
    ),
    "step4.user_id.found.link_dangling.short": (
        "{users_dir} is a dangling symbolic link",
        "{users_dir} 是目标不存在的符号链接",
    ),
    "step4.user_id.found.link_loop": (
        "{users_dir} is a symbolic link to {target} that loops (ELOOP)",
        "{users_dir} 是指向 {target} 的符号链接, 形成循环 (ELOOP)",
    ),
    "step4.user_id.found.link_loop.short": (
        "{users_dir} is a symbolic link loop",
        "{users_dir} 是循环的符号链接",
    ),
    "value.more": (
        "(+{count} more)",
        "(另有 {count} 个)",
    ),
    "step1.running.fix.flood": (
        "The init script's status should print one line: see what it prints with {peek_cmd}"
        "; repair or reinstall the agent's init script, then restart it: {restart_cmd}",
        "init 脚本的 status 应只输出一行: 用 {peek_cmd} 查看它输出了什么; 修复或重新安装 "
        "Agent 的 init 脚本, 然后重启: {restart_cmd}",
    ),
    "step1.running.found.too_long": (
        "`{command}` printed more than {kib} KiB (the probe kept the first {kib} KiB); {processes} "
        "agent process(es)",
        "`{command}` 输出超过 {kib} KiB (探测只保留前 {kib} KiB); Agent 进程 {processes} 个",
    ),
    "step1.running.found.too_long.short": (
        "agent status prints more than {kib} KiB",
        "Agent 的 status 输出超过 {kib} KiB",
    ),
    "step2.config_loaded.found.ok": (
        "the file last changed at {changed} and the agent (PID {pid}) started at {started}"
        ": it runs with this version",
        "文件最后修改于 {changed}, Agent (PID {pid}) 启动于 {started}: 它运行的是这个版本",
    ),
    "report.run_error": (
        "Run error (exit 1)",
        "运行错误 (退出码 1)",
    ),
    "step1.instances.container": (
        "{pid} (PID namespace {ns})",
        "{pid} (PID 命名空间 {ns})",
    ),
    "step1.instances.found.containers": (
        (
            "{daemons} daemon(s) and {workers} worker(s): {pids}; not counted, in "
            "containers (PID namespaces of their own): {others}"
        ),
        (
            "{daemons} 个守护进程和 {workers} 个工作进程: {pids}; "
            "未计入的容器内进程 (各自的 PID 命名空间): {others}"
        ),
    ),
    "step3.custom_id.found.env": (
        "{id} (from {variable} in the agent's environment)",
        "{id} (来自 Agent 环境变量 {variable})",
    ),
    "step3.custom_id.found.and_env": (
        "{found}; {variable} in the agent's environment holds {held}",
        "{found}; Agent 环境变量 {variable} 中的内容: {held}",
    ),
    "step4.user_id.found.env": (
        "{id} (from {variable} in the agent's environment)",
        "{id} (来自 Agent 环境变量 {variable})",
    ),
    "step4.user_id.found.and_env": (
        "{found}; {variable} in the agent's environment holds {held}",
        "{found}; Agent 环境变量 {variable} 中的内容: {held}",
    ),
    "agent.from_env": (
        "{variable} in the agent's environment",
        "Agent 环境变量 {variable}",
    ),
    "agent.from_config": (
        "{setting} in {config}",
        "{config} 中的 {setting}",
    ),
    "agent.folder_moved": (
        "{found} (the agent's folder is {folder}, set by {source})",
        "{found} (Agent 的目录为 {folder}, 由 {source} 指定)",
    ),
    "step2.config_valid.skip.override_unread": (
        (
            "{variable} in the agent's environment names {path} as its config, a "
            "path the probe does not read (not absolute, or of other than plain "
            "characters)"
        ),
        (
            "Agent 环境变量 {variable} 指定的配置文件为 {path}, 探针不读取该路径 "
            "(不是绝对路径, 或含有普通字符以外的字符)"
        ),
    ),
    "step2.config_valid.found.config_d_skipped": (
        "{file} is not valid JSON ({error}): the agent skips it, so what it sets is not applied",
        "{file} 不是有效的 JSON ({error}): Agent 会跳过该文件, 其中的设置不会生效",
    ),
    "step2.config_valid.fix.config_d": (
        (
            "Correct {file} (the agent merges each config.d/*.json that is one JSON "
            "object over its config, when it starts) or remove it, then restart: "
            "{restart_cmd}"
        ),
        (
            "修正或删除 {file}, 然后重启: {restart_cmd} (Agent "
            "启动时会把每个内容为一个 JSON 对象的 config.d/*.json 合并到其配置之上)"
        ),
    ),
    "step2.config_valid.found.config_d_problem": (
        "config.d ({folder}) {problem}",
        "config.d ({folder}): {problem}",
    ),
    "step2.config_valid.found.config_d_skipped.short": (
        "config.d file {file} ignored by the agent",
        "config.d 文件 {file} 被 Agent 忽略",
    ),
    "agent.config_named": (
        "{found} (the agent loads {path}: {variable} names it)",
        "{found} (Agent 加载的是 {path}: 由 {variable} 指定)",
    ),
    "agent.config_d_merged": (
        "{found}; merged over it from config.d: {files}",
        "{found}; 从 config.d 合并: {files}",
    ),
    "agent.set_in": (
        "{found}; {setting} set in {file}",
        "{found}; {setting} 由 {file} 设置",
    ),
    "agent.and": (
        "{first}; {second}",
        "{first}; {second}",
    ),
    "step2.fix.container": (
        ("Point the container agent at region {region}'s config: {variable}={value}: {how}"),
        ("让容器 agent 使用地域 {region} 的配置: {variable}={value}: {how}"),
    ),
    "step3.custom_id.fix.container": (
        (
            "Give the container agent the identifier in its environment, {variable}={value} "
            "(a line written to the container's file is lost when it is re-created): {how}"
        ),
        (
            "通过环境变量把标识交给容器 agent, "
            "{variable}={value} "
            "(写入容器内文件的行在重建容器时会丢失): {how}"
        ),
    ),
    "step4.user_id.fix.container": (
        (
            "Give the container agent the account ID in its environment, {variable}={value} "
            "(the ID of the Alibaba Cloud account that owns project {project}, not a RAM "
            "user's): {how}"
        ),
        (
            "通过环境变量把账号 ID 交给容器 agent, "
            "{variable}={value} (拥有项目 {project} "
            "的阿里云账号的 ID, 不是 RAM 用户的): {how}"
        ),
    ),
    "title.step1.stable": (
        "The agent has not restarted itself in the last hour",
        "Agent 在最近 1 小时内没有自行重启",
    ),
    "step1.stable.expected": (
        "no self-restart in {log} in the last hour",
        "{log} 中最近 1 小时没有自行重启",
    ),
    "step1.stable.found.ok": (
        "no self-restart in the last hour ({lines} lines of {log} since {since})",
        "最近 1 小时没有自行重启 ({log} 自 {since} 起的 {lines} 行)",
    ),
    "step1.stable.found.quiet": (
        "{log} has no line from the last hour",
        "{log} 中没有最近 1 小时的日志行",
    ),
    "step1.stable.found": (
        "{count} self-restart(s) in the last hour, the last at {time}: {line}",
        "最近 1 小时自行重启 {count} 次,最后一次在 {time}: {line}",
    ),
    "step1.stable.found.short": (
        "agent restarted itself at {time}",
        "Agent 在 {time} 自行重启",
    ),
    "step1.stable.skip.not_read": (
        "the agent's log was not read (an older probe or another OS)",
        "未读取 Agent 的日志 (旧版探针或其他操作系统)",
    ),
    "step1.stable.skip.absent": (
        "no {log}",
        "没有 {log}",
    ),
    "step1.stable.skip.not_regular": (
        "{log} is not a regular file (a directory, a FIFO, or a symlink that leads to no file, "
        "e.g. a loop): not read",
        "{log} 不是普通文件 (目录、FIFO,或无法指向文件的符号链接,例如循环链接): 未读取",
    ),
    "step1.stable.skip.unreadable": (
        "{log} cannot be read by the probe's user",
        "探针的用户无法读取 {log}",
    ),
    "step1.stable.skip.no_clock": (
        "the host's clock or time zone is unknown: the log's times cannot be placed",
        "主机的时钟或时区未知: 无法确定日志行的时间",
    ),
    "step1.stable.skip.no_lines": (
        "the last 64 KiB of {log} hold no line in the agent's format ({other} other lines)",
        "{log} 的最后 64 KiB 中没有 Agent 格式的日志行 (其他行: {other})",
    ),
    "step1.stable.fix.resource_limit": (
        "The agent went over its own CPU or memory limit for minutes and restarted itself: "
        "raise cpu_usage_limit (cores, default 0.4) and mem_usage_limit (MB, default 384) in "
        "{config}, or collect less on this host; then restart the agent: {restart_cmd}",
        "Agent 在数分钟内超出了自身的 CPU 或内存上限,因此自行重启: 请在 {config} 中调高 "
        "cpu_usage_limit (核数,默认 0.4) 和 mem_usage_limit (MB,默认 "
        "384),或减少这台主机上的采集量;然后重启 Agent: {restart_cmd}",
    ),
    "step1.stable.fix.ip_changed": (
        "The host's IP address changed under the running agent, which restarted itself and now "
        "reports the new one: give the host a stable address (a static IP, a DHCP reservation) "
        "or pin the agent's with working_ip in {config}, and list the address the agent "
        "reports in the machine group",
        "Agent 运行期间主机的 IP 地址发生变化,Agent 已自行重启并上报新地址: "
        "请为主机分配稳定的地址 (静态 IP、DHCP 保留),或在 {config} 中用 working_ip 固定 Agent "
        "的地址,并在机器组中登记 Agent 上报的地址",
    ),
    "step1.stable.fix.config_watchdog": (
        "The agent could not fetch its config for over an hour and forced itself to exit: make "
        "the config server reachable from this host (see the step 2 checks), then restart the "
        "agent: {restart_cmd}",
        "Agent 超过 1 小时无法获取配置,已强制退出: 请让这台主机能够访问配置服务器 (参见第 2 "
        "步的检查),然后重启 Agent: {restart_cmd}",
    ),
    "title.step2.tls": (
        "TLS to the config server verifies with the agent's own CA bundle",
        "到配置服务器的 TLS 能用 Agent 自带的 CA 证书包验证",
    ),
    "step2.tls.expected": (
        "`curl --cacert {bundle} {url}` verifies the config server's certificate",
        "`curl --cacert {bundle} {url}` 能验证配置服务器的证书",
    ),
    "step2.tls.found.ok": (
        "HTTP {status}, the certificate verified with {bundle}",
        "HTTP {status},证书已用 {bundle} 验证",
    ),
    "step2.tls.found": (
        "HTTPS answers without verification (-k), but verifying with {bundle} fails: {error}",
        "不验证 (-k) 时 HTTPS 有响应,但用 {bundle} 验证失败: {error}",
    ),
    "step2.tls.found.short": (
        "TLS fails with the agent's CA bundle",
        "用 Agent 的 CA 证书包验证 TLS 失败",
    ),
    "step2.tls.skip.not_probed": (
        "the probe did not verify TLS with the agent's bundle: it does with --agent-tls "
        "(not on Windows, for the community edition or without an https URL)",
        "探针未用 Agent 的证书包验证 TLS: 加上 --agent-tls 即会"
        "验证 (Windows、社区版或没有 https 地址时除外)",
    ),
    "step2.tls.skip.no_bundle": (
        "no {bundle}: this agent carries no CA bundle of its own",
        "没有 {bundle}: 此 Agent 不带自己的 CA 证书包",
    ),
    "step2.tls.skip.bundle_not_regular": (
        "{bundle} is not a regular file: not used",
        "{bundle} 不是普通文件: 不会被使用",
    ),
    "step2.tls.skip.bundle_unreadable": (
        "{bundle} cannot be read by the probe's user",
        "探针的用户无法读取 {bundle}",
    ),
    "step2.tls.skip.https_fails": (
        "HTTPS fails even without verification (see step2.https)",
        "即使不验证,HTTPS 也失败 (参见 step2.https)",
    ),
    "step2.tls.fix": (
        "Something between this host and {name} presents a certificate that the agent's own CA "
        "bundle ({bundle}) does not trust, such as a TLS-inspecting proxy or firewall: exempt "
        "the SLS endpoints (*.log.aliyuncs.com) from TLS inspection, or append the inspecting "
        "CA's certificate to {bundle} (an upgrade of the agent replaces the bundle); then "
        "restart the agent: {restart_cmd}. Test: {test_cmd}",
        "这台主机与 {name} 之间的某个设备 (例如做 TLS 检查的代理或防火墙) 出示了 Agent 自带的 "
        "CA 证书包 ({bundle}) 不信任的证书: 请将 SLS 的服务地址 (*.log.aliyuncs.com) 排除在 "
        "TLS 检查之外,或将检查设备的 CA 证书追加到 {bundle} (升级 Agent "
        "会替换该证书包);然后重启 Agent: {restart_cmd}。测试: {test_cmd}",
    ),
    "server.heartbeat.fix.no_configs": (
        "Machine group {group} has no collection config applied (Log Service lists none), so "
        "the agent slows its heartbeat to up to {minutes} minutes: apply a collection config "
        "to the group (SLS console > Logtail Configurations > Apply to Machine Group), then "
        "restart the agent",
        "机器组 {group} 没有应用任何采集配置 (Log Service 中没有), 因此 Agent "
        "会把心跳间隔放慢到最多 {minutes} 分钟: 请为该机器组应用一个采集配置 (SLS 控制台 > "
        "Logtail 配置 > 应用到机器组), 然后重启 Agent",
    ),
    "report.col.site": (
        "Site checks",
        "站点自定义检查",
    ),
    "report.change.site_broke": (
        "a site check broke since {baseline} (root cause: {before})",
        "自 {baseline} 以来有站点自定义检查失败 (根本原因: {before})",
    ),
    "report.groups.col.configs": (
        "Collection configs applied",
        "已应用的采集配置",
    ),
    "report.groups.configs.none": (
        "none: its agents slow their heartbeat to up to 12 minutes until one is applied",
        "无: 在应用采集配置之前, Agent 会把心跳间隔放慢到最多 12 分钟",
    ),
    "report.groups.configs.not_read": (
        "not read",
        "未能读取",
    ),
    "title.step4.ecs_metadata": (
        "ECS metadata reachable when the host relies on it",
        "主机依赖 ECS 元数据时可以访问该服务",
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
            "没有 users 文件时, Agent 从元数据服务获取拥有此 ECS 的账号, "
            "但这里该服务没有应答: 创建标识文件 ({create_cmd}), 或让主机能访问 "
            "100.100.100.200 (防火墙规则; 如设置了代理, 把 100.100.100.200 加入 "
            "NO_PROXY), 然后重启 Agent: {restart_cmd}"
        ),
    ),
    "step4.ecs_metadata.fix.other_account": (
        (
            "This ECS belongs to account {owner}, not to one of the project's: "
            "create the identifier file of the project's account: {create_cmd}"
        ),
        (
            "此 ECS 属于账号 {owner}, 而不是 Project 的账号: 创建 Project "
            "所属账号的标识文件: {create_cmd}"
        ),
    ),
    "step4.ecs_metadata.expected": (
        "the account that owns this ECS known to the agent ({ids})",
        "Agent 知道拥有此 ECS 的账号 ({ids})",
    ),
    "step4.ecs_metadata.skip.windows": (
        "the metadata service is not probed on Windows",
        "Windows 上不探测元数据服务",
    ),
    "step4.ecs_metadata.found.not_relied": (
        "not relied on: the host is not declared a same-account ECS",
        "不依赖: 该主机未声明为同账号 ECS",
    ),
    "step4.ecs_metadata.found.named": (
        "not relied on: {source} names the account",
        "不依赖: {source} 指定了账号",
    ),
    "step4.ecs_metadata.found.cache": (
        "{path} (the agent's cache of the metadata) says owner-account-id {owner}",
        "{path} (Agent 的元数据缓存) 中 owner-account-id 为 {owner}",
    ),
    "step4.ecs_metadata.found.answer": (
        "{url} answered: owner-account-id {owner}",
        "{url} 的应答: owner-account-id {owner}",
    ),
    "step4.ecs_metadata.found.reachable": (
        "{url} answered HTTP {status}",
        "{url} 以 HTTP {status} 应答",
    ),
    "step4.ecs_metadata.found.unreachable": (
        "{url} did not answer ({error}) and there is no cache at {path}",
        "{url} 没有应答 ({error}), {path} 也没有缓存",
    ),
    "step4.ecs_metadata.found.not_probed": (
        "the probe did not ask the metadata service",
        "探针没有访问元数据服务",
    ),
    "step4.ecs_metadata.found.unreachable.short": (
        "ECS metadata unreachable, no users file",
        "无法访问 ECS 元数据且没有 users 文件",
    ),
    "step4.ecs_metadata.found.other_account.short": (
        "ECS owned by another account than the project's",
        "ECS 不属于 Project 的账号",
    ),
    "step4.ecs_metadata.found.other_account": (
        "{said}: not one of the project's accounts",
        "{said}: 不是 Project 的账号",
    ),
}
