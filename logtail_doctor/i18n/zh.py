"""简体中文 (Simplified Chinese). Same ids and placeholders as en.py; values stay untranslated."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "outcome.message": "预期: {expected}; 实际: {found}",
    "outcome.not_judged": "无法判断: {found}",
    "title.host.reachable": "主机可以连接并有响应",
    "title.step1.installed": "已安装 Agent",
    "title.step1.running": "Agent 正在运行",
    "title.step2.config_valid": "ilogtail_config.json 存在且可以解析",
    "title.step2.region": "Agent 的地域与 Project 的地域一致",
    "title.step2.network": "Agent 的网络类型与 Project 一致",
    "title.step2.endpoint": "从主机访问配置服务器时返回 SLS 的响应",
    "title.step3.ip_recorded": "app_info.json 记录了 Agent 的 IPv4",
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
    "step1.running.expected": ("`{command}` 输出 'is running' 并以 0 退出,且存在 Agent 进程"),
    "step1.running.skip.no_script": "未安装 Agent 的 init 脚本",
    "step1.running.found": ("`{command}` 以 {rc} 退出,输出 {said};Agent 进程数 {processes}"),
    "step1.running.found.not_run": "无输出 (探测无法执行该命令)",
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
    "step2.endpoint.found.not_sls": "非 SLS 的服务返回了 HTTP {status}: {body}",
    "step2.endpoint.found.ok": "HTTP {status},SLS 错误码 {code}",
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
        '请在 {config} 中设置 "working_ip": "<本机 IP>",然后重启: {restart_cmd}'
    ),
    "step3.ip_recorded.fix.set_ipv4": (
        '请将 {config} 中的 "working_ip" 设置为本机的 IPv4,然后重启: {restart_cmd}'
    ),
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
    "status.healthy": "正常",
    "status.unhealthy": "异常",
    "status.unreachable": "不可达",
    "outcome.passed": "通过",
    "outcome.failed": "失败",
    "outcome.skipped": "未判断",
    "outcome.waived": "已豁免",
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
    "server.heartbeat.who.custom_id": "自定义标识 {ident}",
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
}
