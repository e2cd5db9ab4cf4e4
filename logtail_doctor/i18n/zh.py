"""简体中文 (Simplified Chinese). Same ids and placeholders as en.py; values stay untranslated."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "outcome.message": "预期: {expected}; 实际: {found}",
    "outcome.not_judged": "无法判断: {found}",
    "outcome.error.found": "测试在判断之前中断: {error}",
    "outcome.error.fix": (
        "这是 logtail-doctor 的缺陷, 不是主机的问题: 请加 -x --tb=long 重新运行并报告错误"
    ),
    "title.host.reachable": "主机可以连接并有响应",
    "title.step1.installed": "已安装 Agent",
    "title.step1.instances": "只运行一个 Agent 实例",
    "title.step1.running": "Agent 正在运行",
    "title.step2.config_valid": "ilogtail_config.json 存在且可以解析",
    "title.step2.config_loaded": "运行中的 Agent 已加载其配置文件",
    "title.step2.region": "Agent 的地域与 Project 的地域一致",
    "title.step2.network": "Agent 的网络类型与 Project 一致",
    "title.step2.dns": "主机上可以解析配置服务器的域名",
    "title.step2.endpoint": "从主机访问配置服务器时返回 SLS 的响应",
    "title.step2.https": "可以通过 HTTPS (443) 访问配置服务器",
    "title.step2.proxy": "Agent 的代理环境变量有效",
    "title.step2.clock": "主机时钟与 SLS 的偏差在 15 分钟以内",
    "title.step2.agent_version": "Agent 版本支持其配置启用的设置",
    "title.step3.ip_recorded": "app_info.json 记录了 Agent 的 IPv4",
    "title.step3.custom_id": "user_defined_id 中包含机器组的用户自定义标识",
    "title.step3.ip_in_group": "记录的 IP 在机器组中",
    "title.step3.ip_current": "记录的 IP 与 Agent 当前会获取的 IP 一致",
    "title.step4.user_id": "已将账号 ID 设置为用户标识",
    "title.server.heartbeat": "日志服务最近收到了该主机的心跳",
    "file.state": "{path} {state}",
    "file.state.present": "存在",
    "file.state.absent": "不存在",
    "file.state.not_regular": "不是普通文件",
    "file.state.unreadable": "无法读取",
    "file.state.not_probed": "未检查",
    "file.unusable": "{path} 无法使用: {error}",
    "host.reachable.expected": "对探测的响应",
    "host.reachable.found.ok": "以 {hostname} 的身份响应",
    "host.reachable.fix.auth": (
        "请检查 {host} 的 SSH 用户和密钥 (--ssh-identity-file、--ssh-config);"
        "本工具以非交互方式 (BatchMode) 登录"
    ),
    "host.reachable.fix.network": (
        "请确认 {host} 已开机,并且从当前运行环境可以访问其 SSH 端口 (可尝试: {ssh_cmd})"
    ),
    "host.reachable.fix.auth.winrm": (
        "请检查 {host} 中的 Windows 用户和密码 "
        "(NTLM 认证;用户名格式为 DOMAIN\\user 或 user@domain),"
        "并确认该用户可以使用 WinRM (属于 Administrators 或 Remote Management Users 组)"
    ),
    "host.reachable.fix.network.winrm": (
        "请确认 {host} 已开机,且其 WinRM 监听器 (HTTP 5985、HTTPS 5986) 已启用并可从当前"
        "运行环境访问 (可尝试: {check_cmd};返回 401 或 405 即表示有响应)"
    ),
    "host.skip.unreachable": "主机不可达",
    "step1.installed.expected": "{install_dir}/、Agent 二进制文件及其 init 脚本",
    "step1.installed.found.none": (
        "没有 Agent: /etc/init.d/ilogtaild、/etc/init.d/loongcollectord 和 "
        "{install_dir}/ilogtail 均不存在"
    ),
    "step1.installed.found.partial": "{agent} 安装不完整: 缺少 {missing}",
    "step1.installed.found.ok": "{agent}: {paths} 存在",
    "step1.installed.fix.install": "请为 Project 所在地域 {region} 安装 Agent: {install_cmd}",
    "step1.installed.fix.reinstall": "请重新安装 Agent: {install_cmd}",
    "step1.installed.expected.windows": "Logtail 服务 ({services})",
    "step1.installed.found.no_service": (
        "没有 LogtailDaemon 或 LogtailWorker 服务 (安装目录: {install_dir})"
    ),
    "step1.installed.found.service": "{agent}: 服务 {service}",
    "step1.instances.expected": "一个 Agent 守护进程和一个工作进程",
    "step1.instances.expected.one": "一个 loongcollector 进程",
    "step1.instances.skip.windows": "Windows 上不判断进程数",
    "step1.instances.skip.none": "未安装 Agent",
    "step1.instances.skip.not_running": "没有运行中的 Agent 进程 (参见 step1.running)",
    "step1.instances.found": "守护进程 {daemons} 个,工作进程 {workers} 个: {pids}",
    "step1.instances.fix": (
        "运行着多个 Agent 实例 (重复安装,或手动另外启动了一份): 请用 {stop_cmd} 全部停止,"
        "结束仍残留的守护进程 (PID {pids}),然后只启动一个: {start_cmd}"
    ),
    "step1.running.expected": ("`{command}` 输出 'is running' 并以 0 退出,且存在 Agent 进程"),
    "step1.running.skip.no_script": "未安装 Agent 的 init 脚本",
    "step1.running.found": ("`{command}` 以 {rc} 退出,输出 {said};Agent 进程数 {processes}"),
    "step1.running.found.not_run": "无输出 (探测无法执行该命令)",
    "step1.running.found.timed_out": (
        "`{command}` 在 {seconds} 秒内没有响应 (已被探测的时间上限终止);Agent 进程数 {processes}"
    ),
    "step1.running.fix.hung": (
        "init 脚本的 status 卡住而没有响应: 请用 {trace_cmd} 查看它在等待什么;"
        "如果 Agent 本身卡住,请重启: {restart_cmd}"
    ),
    "step1.running.rc": "{rc} ({meaning})",
    "step1.running.rc.running": "运行中",
    "step1.running.rc.stopped": "已停止",
    "step1.running.rc.abnormal": "进程数异常",
    "step1.running.expected.process": "正在运行的 {name} 进程",
    "step1.running.found.processes": "Agent 进程数 {processes}",
    "step1.running.expected.service": "服务 {service} 处于 Running 状态",
    "step1.running.skip.no_service": "未安装 Logtail 服务",
    "step1.running.found.service": "服务 {service} 的状态为 {state}",
    "step1.running.fix.windows": (
        "请启动服务: {start_cmd};如果再次停止,请查看 {install_dir} 中的日志"
    ),
    "step1.running.fix": (
        "请启动 Agent: {start_cmd};如果启动后又停止,请查看 "
        "{install_dir}/ilogtail.LOG (Logtail) 或 loongcollector.LOG"
    ),
    "step2.skip.no_config": "ilogtail_config.json 不存在或无法使用",
    "step2.config_valid.expected": "包含配置服务器地址的 {config}",
    "step2.config_valid.found.ok": "{format} 格式,配置服务器 {url}",
    "step2.config_valid.fix.reinstall": (
        "该文件由安装程序生成: 请使用 Project 的参数重新安装: {install_cmd}"
    ),
    "step2.config_valid.fix.broken": "{fix} (配置文件损坏时 Agent 无法启动)",
    "step2.config_valid.found.community": (
        "{path} 是开源版 LoongCollector 自己的配置 ({error}): 社区版不会向 SLS 机器组发送心跳"
    ),
    "step2.config_valid.fix.community": (
        "请安装 SLS 版 LoongCollector (它沿用 /usr/local/ilogtail,并会注册到机器组): {install_cmd}"
    ),
    "step2.config_loaded.expected": "Agent 启动后 {config} 未被修改",
    "step2.config_loaded.skip.no_start": "Agent 的启动时间未知 (可能未在运行)",
    "step2.config_loaded.skip.no_mtime": "配置文件的修改时间未知",
    "step2.config_loaded.found": (
        "该文件在 {changed} 被修改,晚于 Agent (PID {pid}) 的启动时间 {started}"
    ),
    "step2.config_loaded.fix": "Agent 只在启动时读取配置: 请重启 Agent 以加载修改: {restart_cmd}",
    "step2.dns.expected": "主机上 {name} 可以解析为地址",
    "step2.dns.found.ok": "{name} 可以解析",
    "step2.dns.found": "{name} 无法解析: {error}",
    "step2.dns.found.timed_out": "解析 {name} 在 {seconds} 秒内没有响应: {error}",
    "step2.dns.fix": (
        "请确保主机上可以解析 {name} (检查: {check_cmd})。内网地址只能在 {region} 的 ECS 上"
        "通过阿里云内网 DNS (100.100.2.136、100.100.2.138) 解析;其他环境请使用 "
        "{region}-internet 重新安装,或修正 DNS 服务器"
    ),
    "step2.fix.config": (
        "请按地域 {region}、网络类型 {network} 重新安装: {install_cmd} "
        "(或修改 {config} 中的配置服务器和数据服务地址,然后重启: {restart_cmd})"
    ),
    "step2.region.expected": "地域 {region}",
    "step2.region.found": "地域 {region} (配置服务器 {host})",
    "step2.network.expected": "网络类型 {network}",
    "step2.network.found": "网络类型 {network} (配置服务器 {host},数据服务地址 {endpoints})",
    "step2.endpoint.expected.short": "配置服务器返回 SLS 的响应",
    "step2.endpoint.expected": ("在主机上执行 `curl {url}` 返回 OLSInvalidMethod 等 SLS 错误内容"),
    "step2.endpoint.skip.not_requested": "探测未请求 {url} (可能含有特殊字符)",
    "step2.endpoint.skip.no_curl": "主机上未安装 curl",
    "step2.endpoint.found.no_answer": "没有 HTTP 响应: {error}",
    "step2.endpoint.found.timed_out": "{url} 在 {seconds} 秒内没有响应: {error}",
    "step2.endpoint.found.not_sls": "非 SLS 的服务返回了 HTTP {status}: {body}",
    "step2.endpoint.found.ok": "HTTP {status},SLS 错误码 {code}",
    "step2.endpoint.found.tcp": "{name} 的 TCP 80 端口可以建立连接",
    "step2.endpoint.fix.windows": (
        "在这台主机上执行 `{curl_cmd}` 必须能够连接: 请确认 {name} 解析到 SLS 的服务地址 "
        "(DNS、C:\\Windows\\System32\\drivers\\etc\\hosts),出方向 TCP 80 和 443 已放行 "
        "(Windows 防火墙、安全组),并且没有代理拦截请求。内网地址只能从 {region} 的 ECS 访问;"
        "其他环境请使用 {region}-internet 重新安装"
    ),
    "step2.https.expected": "{url} 通过 HTTPS 返回的响应",
    "step2.https.found.ok": "HTTPS 有响应 ({status})",
    "step2.https.skip.http_fails": "普通 HTTP 也失败 (参见 step2.endpoint)",
    "step2.https.found": "HTTP 正常,但 HTTPS 没有响应: {error}",
    "step2.https.found.timed_out": "HTTP 正常,但 {url} 在 {seconds} 秒内没有响应: {error}",
    "step2.https.fix": (
        "请放行到 {name} 的出方向 TCP 443 (防火墙、安全组、代理): 即使 Agent 通过 HTTP "
        "发送数据,鉴权也通过 HTTPS 进行。测试: {test_cmd}"
    ),
    "step2.proxy.expected": (
        "HTTP(S)_PROXY 和 ALL_PROXY 如已设置,格式为 [scheme://][user:password@]host[:port]"
    ),
    "step2.proxy.skip.windows": "Windows 上不读取服务的环境变量",
    "step2.proxy.skip.no_env": "无法读取 Agent 的环境变量 (未在运行,或不是 root)",
    "step2.proxy.found.none": "未设置代理环境变量: Agent 直接连接",
    "step2.proxy.found.ok": "{variables}",
    "step2.proxy.found": "{variables} 不是有效的代理 URL ({shown}): Agent 会忽略它并直接连接",
    "step2.proxy.fix": (
        "请在 Agent 的运行环境 (其服务单元或 init 脚本) 中将 {variables} 设置为 "
        "http://[user:password@]host:port,然后重启: {restart_cmd}"
    ),
    "step2.agent_version.expected": "Agent 版本支持配置文件中启用的所有设置",
    "step2.agent_version.found.none": "配置没有启用需要更新 Agent 的设置",
    "step2.agent_version.found.ok": "{agent} 支持 {settings}",
    "step2.agent_version.found": "{agent} 早于 {minimum}, 会忽略 {settings}",
    "step2.agent_version.skip.no_version": "Agent 版本未知 ({path})",
    "step2.agent_version.fix": (
        "请重新安装 Agent, 升级到 {minimum} 或更高版本: `{install_cmd}`; 在此之前 {con"
        "fig} 中的 {settings} 不生效"
    ),
    "step2.clock.expected": "主机时钟与 SLS 的偏差在 {minutes} 分钟以内",
    "step2.clock.skip.no_clock": "无法读取主机时间",
    "step2.clock.skip.no_reference": "没有参考时间 (服务地址没有返回 Date)",
    "step2.clock.found": "主机 {host_time},{reference} {reference_time}: 偏差 {skew}",
    "step2.clock.the_endpoint": "服务地址 {url}",
    "step2.clock.the_runner": "当前运行环境",
    "step2.clock.fix": (
        "SLS 会拒绝时间偏差超过 15 分钟的请求 (RequestTimeExpired): 请校正时钟 "
        '({sync_cmd},并保持 NTP 开启),或在 {config} 中设置 "enable_log_time_auto_adjust": '
        "true (Logtail 1.0.19 及以上版本);然后重启: {restart_cmd}"
    ),
    "step2.endpoint.fix": (
        "在这台主机上执行 `{curl_cmd}` 必须返回 SLS 的 OLSInvalidMethod 错误: 请确认 "
        "{name} 解析到 SLS 的服务地址 (DNS、/etc/hosts),出方向 TCP 80 和 443 已放行 "
        "(防火墙、安全组),并且没有代理拦截请求。内网地址只能从 {region} 的 ECS 访问;"
        "其他环境请使用 {region}-internet 重新安装"
    ),
    "step3.skip.no_ip": "app_info.json 中没有可用的 IP",
    "step3.ip_recorded.expected": "{path} 的 'ip' 字段为非空的 IPv4",
    "step3.ip_recorded.found.empty": "'ip' 为空: Agent 没有获取到 IP,无法工作",
    "step3.ip_recorded.found.not_ipv4": "'ip' 为 {ip},不是 IPv4 地址",
    "step3.ip_recorded.found.ok": "ip {ip}",
    "step3.ip_recorded.fix.writes": "该文件在 Agent 启动时生成: {restart_cmd}",
    "step3.ip_recorded.fix.rewrites": "该文件在 Agent 启动时重新生成: {restart_cmd}",
    "step3.ip_recorded.fix.set_ip": (
        '请为 Agent 指定 IP: 在 {config} 中设置 "working_ip": "{ip}" '
        '(或 "working_interface": "{nic}"),然后重启: {restart_cmd}'
    ),
    "step3.ip_recorded.this_hosts_ip": "<本机 IP>",
    "step3.custom_id.expected.none": "无需用户自定义标识 (IP 地址机器组)",
    "step3.custom_id.found.by_ip": "无需设置: 该主机的机器组按 IP 地址识别机器",
    "step3.custom_id.expected": "{path} 中有一行为 {ids} 之一 (机器组 {group})",
    "step3.custom_id.found.ok": "{id}",
    "step3.custom_id.found": "{path} 中的内容: {held}",
    "step3.custom_id.fix": (
        "请将该标识单独写成一行: {write_cmd} (Agent 会在一分钟内读取,之后机器组 {group} "
        "即可识别该主机)"
    ),
    "step3.found.custom_group": "无需检查: 机器组 {group} 按用户自定义标识识别机器",
    "step3.ip_in_group.expected": "Agent 的 IP 在机器组 {groups} 中",
    "step3.ip_in_group.found.ok": "{ip} 在 {groups} 中",
    "step3.ip_in_group.found": "{ip} 不在 {groups} 中 (其中包含 {listed})",
    "step3.ip_in_group.the_hosts_group": "该主机的机器组",
    "step3.ip_in_group.fix": (
        "在 SLS 控制台中打开 Project {project} 的机器组 {group}: 添加 {ip} "
        "(该 Agent 上报的 IP),保存后等待一分钟,再查看心跳"
    ),
    "step3.ip_current.expected": "Agent 当前会获取的 IP: {candidates} ({rule})",
    "step3.ip_current.found.ok": "app_info.json 中的 ip {ip}",
    "step3.ip_current.found": "app_info.json 中的 ip {ip}: Agent 启动后网络发生了变化",
    "step3.ip_current.found.resolve_timed_out": (
        "`{command}` 在 {seconds} 秒内没有响应: 主机无法及时解析自己的主机名 {hostname},"
        "而 Agent 启动时也以同样方式解析"
    ),
    "step3.ip_current.fix.resolve": (
        "请让主机能立即解析自己的主机名: 在 {hosts_path} 中添加一行 '{ip} {hostname}' "
        "(或修正主机使用的 DNS 服务器);检查: {check_cmd};然后重启 Agent 以重新获取 IP: "
        "{restart_cmd}"
    ),
    "step3.ip_current.the_new_ip": "新的 IP",
    "step3.ip_current.its_group": "(其所属机器组)",
    "step3.ip_current.fix.restart": (
        "请重启 Agent 以获取当前 IP: {restart_cmd};然后在 SLS 控制台中将 {ip} "
        "(新的 app_info.json ip) 加入机器组 {group}"
    ),
    "step3.ip_current.fix.stale_hosts": (
        "请先修正 /etc/hosts 中 {hostname} 的过期记录 (它指向 {ip},而本机没有任何网卡使用该 IP),"
        '或在 {config} 中设置 "working_ip";然后重启 Agent: {restart_cmd},'
        "并确认机器组 {group} 包含届时 app_info.json 中显示的 ip"
    ),
    "step4.user_id.expected": "{users_dir}/<账号 ID>,账号为 {ids} 之一",
    "step4.user_id.expected.same_account": "无需用户标识 (Project 所属账号自己的 ECS)",
    "step4.user_id.found.same_account": "无需设置: 目标文件中 same_account_ecs 为 true",
    "step4.user_id.found.no_dir": "{users_dir} 不存在",
    "step4.user_id.found.holds": "{users_dir} 中的内容: {listed}",
    "step4.user_id.a_directory": "{name}/ (目录)",
    "step4.user_id.nothing": "无",
    "step4.user_id.fix": (
        "请创建用户标识文件: {create_cmd} (使用拥有 Project {project} 的阿里云账号 ID,"
        "而不是 RAM 用户的 ID)"
    ),
    "waiver.active": "已豁免,有效期至 {expires}: {justification}",
    "waiver.expired": "豁免已于 {expires} 过期: {justification}",
    "report.title": "logtail-doctor: 机器组心跳诊断",
    "report.what": "检查内容",
    "report.targets_file": "目标文件",
    "report.project": "Project",
    "report.region": "地域",
    "report.network": "网络类型",
    "report.account_ids": "账号 ID",
    "report.started": "开始时间",
    "report.duration": "耗时",
    "report.seconds": "{seconds} 秒",
    "report.version": "工具版本",
    "report.revision": "Git 版本",
    "report.waivers_file": "豁免文件",
    "report.none": "(无)",
    "report.hosts": "主机",
    "report.matrix": "各主机按排查步骤的结果",
    "report.show": "显示",
    "report.sort_by": "排序",
    "report.sort.host": "主机",
    "report.sort.root_cause": "根本原因",
    "report.sort.status": "状态",
    "report.shown": "显示 {shown} / {total} 台主机",
    "report.col.host": "主机",
    "report.col.status": "状态",
    "report.col.root_cause": "根本原因",
    "report.col.agent": "Agent",
    "report.details": "详情",
    "report.open_hint": "点击主机可查看失败的检查项、探测到的内容以及修复方法。",
    "report.expected": "预期",
    "report.found": "实际",
    "report.fix": "修复",
    "report.commands": "命令 (复制后在主机上执行)",
    "report.copy": "复制",
    "report.copied": "已复制",
    "report.evidence": "探测到的内容",
    "report.all_passed": "所有检查均已通过。",
    "report.other_checks": "其他检查",
    "report.legend": "单元格颜色: 该步骤中各检查的最差结果。",
    "report.noscript": "筛选、排序和查看主机详情需要 JavaScript。",
    "report.causes.automatable": "可用 remediation.yml 修复",
    "report.causes.manual": "需手动修复",
    "report.plan.title": "机器组修改计划",
    "report.plan.col.group": "机器组",
    "report.plan.col.add": "添加 (Agent 已记录, 机器组中没有)",
    "report.plan.col.stale": "删除 (已没有 Agent 记录)",
    "report.plan.col.new": "新列表 (可直接粘贴)",
    "report.plan.action": "SLS 控制台, 项目 {project}: 机器组 > {group} > 修改, 粘贴新列表",
    "report.plan.none": "所有机器组已包含本次运行的 Agent 所记录的内容。",
    "report.change.broke": "自 {baseline} 以来的新故障",
    "report.change.fixed": "自 {baseline} 以来已修复",
    "report.change.cause_changed": "自 {baseline} 以来根本原因已变化: 之前为 {before}",
    "report.changes": "自 {baseline} 以来: 新故障 {broke}, 已修复 {fixed}, 根本原因变化 {changed}",
    "report.causes": "按根本原因统计的主机数",
    "report.causes.hint": "点击条形只显示对应主机, 再次点击显示全部。",
    "report.causes.all": "显示全部原因",
    "report.causes.none": "没有主机存在根本原因: 无需修复。",
    "status.healthy": "正常",
    "status.unhealthy": "异常",
    "status.unreachable": "不可达",
    "status.partial": "部分",
    "outcome.passed": "通过",
    "outcome.failed": "失败",
    "outcome.skipped": "未判断",
    "outcome.waived": "已豁免",
    "outcome.not_run": "未运行",
    "outcome.error": "错误",
    "step.host": "可达性",
    "step.step1": "1 Agent",
    "step.step2": "2 安装参数",
    "step.step3": "3 机器组 IP",
    "step.step4": "4 用户标识",
    "step.server": "服务端视图 (SLS API)",
    "server.heartbeat.expected.any": "{limit} 内的心跳",
    "server.heartbeat.expected": "最近 {limit} 内发往机器组 {group} 的心跳",
    "server.heartbeat.skip.no_group": "主机的机器组未知 (请在目标文件中填写 machine_group)",
    "server.heartbeat.skip.not_read": "未能读取 ListMachines",
    "server.heartbeat.skip.no_custom_id": "主机上没有可用于匹配的 {path}",
    "server.heartbeat.skip.no_ip": (
        "没有可匹配的 IP (app_info.json 中没有记录,主机地址中也没有 IP)"
    ),
    "server.heartbeat.who.custom_id": "用户自定义标识 {ident}",
    "server.heartbeat.who.ip": "IP {ident}",
    "server.heartbeat.who.ip_from": "IP {ident} ({source})",
    "server.heartbeat.source.address": "主机地址",
    "server.heartbeat.source.none": "无",
    "server.heartbeat.found.none": (
        "没有来自 {who} 的心跳: 不在向 {group} 发送心跳的 {count} 台机器之中"
    ),
    "server.heartbeat.found.none_unlisted": (
        "没有来自 {who} 的心跳: 不在向 {group} 发送心跳的 {count} 台机器之中,"
        "且 {group} 的机器列表中也没有它"
    ),
    "server.heartbeat.found.last": "来自 {who} 的最后一次心跳在 {age} 前 ({at})",
    "server.heartbeat.fix.unreachable": "无法通过 SSH 检查该主机,因此主机侧步骤无法说明原因: {fix}",
    "server.heartbeat.fix.reach_default": "请确保主机可连接后重新运行",
    "server.heartbeat.fix.host_side": "主机侧诊断已说明原因 ({cause}): {fix}",
    "server.heartbeat.fix.see_check": "请查看该检查项",
    "server.heartbeat.fix.add": (
        "请在 SLS 控制台将 {ident} 添加到机器组 {group},约一分钟后再检查心跳"
    ),
    "server.heartbeat.fix.backoff": (
        "机器组 {group} 未应用任何采集配置时,Agent 会将心跳间隔放慢到最多 {minutes} 分钟: "
        "请为该机器组应用配置,或重启 Agent"
    ),
    "server.heartbeat.fix.log": "查看 Agent 日志 ({path} 或 {alt}),检查与配置服务器通信的错误",
    "server.heartbeat.fix.clock": "主机时钟与真实时间的偏差必须在 {minutes} 分钟以内",
    "server.heartbeat.fix.no_heartbeat": (
        "主机侧检查均已通过,但日志服务中没有该主机的心跳: 新 Agent 的首次心跳约需 {minutes} 分钟;"
        "否则请{log};{clock};{backoff}"
    ),
    "server.heartbeat.fix.backing_off": "主机侧检查均已通过: {backoff};{clock}",
    "server.heartbeat.fix.stopped": (
        "主机侧检查目前均已通过,但心跳已在 {age} 前停止 (超过 {minutes} 分钟的退避时间): "
        "请{log};{clock}"
    ),
    "report.groups.title": "机器组 (来自 SLS)",
    "report.groups.col.group": "机器组",
    "report.groups.col.identify_type": "标识类型",
    "report.groups.col.not_checked": "未检查 (本次运行中没有主机对应)",
    "report.groups.col.unexpected": "有心跳但不在机器组中的机器",
    "report.groups.type.ip": "IP 地址",
    "report.groups.type.userdefined": "用户自定义标识",
    "report.groups.from_targets": "(目标文件;未能读取 SLS)",
    "report.groups.more": "(另有 {count} 项)",
    # --- a finding in short (<found id>.short): the root-cause column, the causes ---
    "step1.installed.found.none.short": "未安装 Agent",
    "step1.installed.found.partial.short": "Agent 安装不完整 (缺少 {missing})",
    "step1.installed.found.no_service.short": "没有 Agent 服务",
    "step1.instances.found.short": "{daemons} 个 Agent 守护进程在运行",
    "step1.running.found.short": "Agent 未运行 (status 退出码 {rc})",
    "step1.running.found.not_run.short": "Agent 状态未知 (脚本无法运行)",
    "step1.running.found.timed_out.short": "Agent status 无响应 ({seconds} 秒)",
    "step1.running.found.processes.short": "Agent 未运行 ({processes} 个进程)",
    "step1.running.found.service.short": "服务 {service} 为 {state}",
    "step2.config_valid.found.community.short": "社区版: 不向 SLS 发送心跳",
    "step2.config_loaded.found.short": "Agent 启动后配置文件被修改",
    "step2.dns.found.short": "{name} 无法解析",
    "step2.dns.found.timed_out.short": "解析 {name} 无响应",
    "step2.region.found.short": "Agent 按地域 {region} 安装",
    "step2.network.found.short": "Agent 按网络类型 {network} 安装",
    "step2.endpoint.found.no_answer.short": "配置服务器不响应 HTTP",
    "step2.endpoint.found.timed_out.short": "配置服务器 {seconds} 秒无响应",
    "step2.endpoint.found.not_sls.short": "来自非 SLS 服务器的 HTTP {status}",
    "step2.https.found.short": "HTTP 正常但 HTTPS 443 失败",
    "step2.https.found.timed_out.short": "HTTPS 443 {seconds} 秒无响应",
    "step2.proxy.found.short": "无效的代理 {variables}",
    "step2.agent_version.found.short": "{agent} 版本过旧, 不支持 {settings}",
    "step2.clock.found.short": "时钟偏差 {skew}",
    "step3.ip_recorded.found.empty.short": "Agent 未记录 IP",
    "step3.ip_recorded.found.not_ipv4.short": "记录的 IP {ip} 不是 IPv4",
    "step3.custom_id.found.short": "{path} 中缺少自定义标识",
    "step3.ip_in_group.found.short": "IP {ip} 不在机器组 {groups} 中",
    "step3.ip_current.found.short": "记录的 IP {ip} 已过期 (网络已变更)",
    "step3.ip_current.found.resolve_timed_out.short": "本机主机名 {hostname} 无法及时解析",
    "step4.user_id.found.no_dir.short": "没有账号 ID 文件 ({users_dir} 不存在)",
    "step4.user_id.found.holds.short": "{users_dir} 中缺少账号 ID 文件",
    "server.heartbeat.found.none.short": "{group} 中没有心跳",
    "server.heartbeat.found.none_unlisted.short": "没有心跳, 未列在 {group} 中",
    "server.heartbeat.found.last.short": "最后一次心跳在 {age} 前",
    "file.unusable.short": "{path} 无法使用",
    "file.state.short": "{path} {state}",
    "outcome.error.found.short": "测试中断: {error}",
}
