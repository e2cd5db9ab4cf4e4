"""The check reference of the docs site: one page per check, made from the check registry.

Nothing here is written twice: a page's ID, guide step, facts, messages and
fixes come from the check's declaration (logtail_doctor.checks.registry) and
the same message catalogues the report renders (logtail_doctor.i18n). The
docs site's build hook (docs/hooks/check_pages.py) calls ``generated_pages``
and writes the result next to the hand-written pages; the pages are never
committed. Where a page is published: logtail_doctor.doc_links (``doc_url``).

Where a check's texts come from is said in one function, ``_describe``: when
the declaration changes shape (checks carrying their own texts, case files of
facts in and outcome out), re-point it and ``example_outcomes`` and nothing
else.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS
from logtail_doctor.doc_links import CHECKS_FOLDER, DEFAULT_DOCS_LANGUAGE, doc_url
from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE, LANGUAGES, Msg
from logtail_doctor.outcome import Outcome


def page_path(check_id: str, lang: str = DEFAULT_DOCS_LANGUAGE) -> str:
    """The page's source path in docs/ (mkdocs-static-i18n's suffix layout: x.md, x.ja.md)."""
    return _suffixed(f"{CHECKS_FOLDER}/{check_id}", lang)


@dataclass(frozen=True)
class Example:
    """One real finding of a check: the case it came from and the outcome the check gave."""

    case: str
    outcome: Outcome


def example_outcomes(check_id: str) -> tuple[Example, ...]:
    """The check's example findings, rendered on its page.

    Empty until checks carry case files (tests/data/checks/<check_id>/*.json:
    facts in, outcome out); then this returns each case's outcome as the
    check judged it, so a page shows real outputs only.
    """
    del check_id
    return ()


@dataclass(frozen=True)
class CheckDoc:
    """What a check's page says, in the words of its declaration and the catalogues."""

    check_id: str
    step: str
    position: int  # 1-based, in the order of diagnosis
    title_key: str
    needs: tuple[str, ...]
    expected: tuple[str, ...]  # message ids of what it expects
    found: tuple[str, ...]  # message ids of what it can find (pass or fail)
    skips: tuple[str, ...]  # message ids of why it can be left unjudged
    fixes: tuple[str, ...]
    automatable: tuple[str, ...]


def _describe(check_id: str) -> CheckDoc:
    """The adapter to the check's declaration: the one place to re-point."""
    spec = next(s for s in CATALOGUE if s.check_id == check_id)
    own = [key for key in CATALOGUES[DEFAULT_LANGUAGE] if key.startswith(f"{check_id}.")]
    own = [key for key in own if not key.endswith(".short") and key not in spec.fixes]

    def kind(word: str) -> tuple[str, ...]:
        return tuple(k for k in own if k.split(".")[2] == word)

    return CheckDoc(
        check_id=check_id,
        step=spec.step,
        position=CHECK_IDS.index(check_id) + 1,
        title_key=spec.title_key,
        needs=spec.needs,
        expected=kind("expected"),
        found=kind("found"),
        skips=kind("skip"),
        fixes=spec.fixes,
        automatable=spec.automatable,
    )


def check_docs() -> tuple[CheckDoc, ...]:
    return tuple(_describe(check_id) for check_id in CHECK_IDS)


# --- what the page says beyond the catalogues --------------------------------------------
# In English: the docs' own words, reviewed with the checks. tests/unit/test_docs_site.py
# fails while a registered check or a fact it reads has none.

PASSES_WHEN: Mapping[str, str] = {
    "host.reachable": "The host answers the probe within the bound (connect timeout + command "
    "timeout). An unreachable host gets this one failure and its other checks are skipped; the "
    "other hosts are unaffected. It cannot be waived.",
    "step1.installed": "The agent is installed: `/usr/local/ilogtail/`, the binary and its init "
    "script (Logtail `ilogtaild`, LoongCollector `loongcollectord`); the community edition's "
    "`/opt/loongcollector/loongcollector`; on Windows the `LogtailDaemon` (1.x) or "
    "`LogtailWorker` (0.x) service.",
    "step1.instances": "Exactly one daemon and one worker process run (community edition: one "
    "process); two installs or a copy started by hand fight over the same files. Not judged on "
    "Windows.",
    "step1.running": "`/etc/init.d/<script> status` exits 0 saying `... is running`, and the "
    "agent's processes exist (exit 3 = stopped, 1 = abnormal process count, as `loongcollectord` "
    "documents); on Windows the service is `Running`. A `status` that does not answer within an "
    "eighth of the command timeout is a failure of its own (the probe cut it).",
    "step2.config_valid": "The agent's config (`ilogtail_config.json`, either format; community: "
    "`conf/instance_config/local/loongcollector_config.json`) exists, parses and names an SLS "
    "config server.",
    "step2.config_loaded": "The config file has not changed since the agent's daemon started "
    "(the agent reads it only at start: restart it).",
    "step2.region": "The region in the config server's name is the project's region.",
    "step2.network": "The network type the config says (intranet, including LoongCollector's "
    "`-internal`; internet; acceleration) is the project's.",
    "step2.dns": "The config server's name resolves on the host (intranet names need Alibaba "
    "Cloud's private DNS).",
    "step2.endpoint": "`curl <config server>` on the host returns an SLS error body such as "
    "`OLSInvalidMethod` (a TCP connect or another web server is not enough; on Windows, where "
    "PowerShell cannot fetch, a TCP connect to port 80 as the guide's telnet test).",
    "step2.https": "The config server answers over HTTPS (443) too: the agent authenticates over "
    "443 even when it sends over HTTP (any answer counts, the certificate is not judged: "
    "`curl -k` on Linux; on Windows a TCP connect is enough).",
    "step2.proxy": "The proxy variables in the agent daemon's environment (`HTTP(S)_PROXY`, "
    "`ALL_PROXY`, either case) are `[scheme://][user:password@]host[:port]`; an invalid one is "
    "ignored by the agent. Passwords are shown as `***`. Not judged on Windows.",
    "step2.clock": "The host's clock is within 15 minutes of the config server's `Date` (or of "
    "the runner's clock when no answer came); SLS rejects requests beyond that "
    "(`RequestTimeExpired`).",
    "step2.agent_version": "The agent's version (`app_info.json`) honours every version-dependent "
    "setting its config turns on: `enable_log_time_auto_adjust` (the guide's clock fix) needs "
    "Logtail 1.0.19 or later, and an older agent ignores it without a word.",
    "step3.ip_recorded": "`app_info.json` records a non-empty IPv4 `ip`; if not, the fix suggests "
    "`working_ip` with this host's address.",
    "step3.custom_id": "For a machine group with `custom_ids`: `user_defined_id` "
    "(`/etc/ilogtail/user_defined_id`, Windows `C:\\LogtailData\\user_defined_id`) holds one of "
    "them on a line of its own. IP-based groups: not needed.",
    "step3.ip_in_group": "That IP is listed in the host's machine group (custom-identifier "
    "groups: not needed). With `--sls` and a group without `ips` in the targets file, the list "
    "is the one Log Service has.",
    "step3.ip_current": "That IP is the one the agent would take now (`working_ip`, "
    "`working_interface`, hostname resolution, then `bind_interface` or `eth0`/`bond0`, as the "
    "agent's source does); otherwise the network changed since it started: restart it "
    "(custom-identifier groups: not needed).",
    "step4.user_id": "Unless `same_account_ecs`, `/etc/ilogtail/users/<account id>` (Windows "
    "`C:\\LogtailData\\users\\<account id>`) exists for one of `account_ids`.",
    "server.heartbeat": "Only with `--sls`: Log Service lists a heartbeat from the host in its "
    "machine group within the threshold (`--heartbeat-threshold`, 300 s). It comes last, so a "
    "host-side failure stays the root cause.",
}

# What the probe reads on the host for each HostFacts field a check needs.
FACT_READS: Mapping[str, str] = {
    "hostname": "the host's name (`/proc/sys/kernel/hostname`)",
    "epoch": "the host's clock (`date +%s`)",
    "install_paths": "the agent's install paths (`/usr/local/ilogtail/`, its binary, "
    "`/etc/init.d/ilogtaild` or `loongcollectord`, `/opt/loongcollector/`)",
    "status": "the init script's `status` (output and exit code, cut at an eighth of the "
    "command timeout)",
    "processes": "the agent's processes (from `/proc`: PID, parent, start time)",
    "config": "`ilogtail_config.json` (or the community edition's config)",
    "http": "`curl -i` of the configured config server over HTTP and HTTPS (`-k`); on Windows "
    "name resolution, a TCP connect and an HTTP GET",
    "app_info": "`app_info.json` (the IP and version the agent recorded at start)",
    "etc_hosts": "`/etc/hosts`",
    "resolved": "`getent ahostsv4` of the host's own name",
    "resolve_rc": "the exit code of that `getent`",
    "resolve_limit": "whether the probe's bound cut that `getent`",
    "nics": "the IPv4 addresses of the network interfaces (`ip -4 -o addr`)",
    "user_ids": "the files in `/etc/ilogtail/users/` (Windows `C:\\LogtailData\\users`)",
    "user_id_other_entries": "the other entries there (directories and the like)",
    "user_defined_id": "`/etc/ilogtail/user_defined_id` (Windows "
    "`C:\\LogtailData\\user_defined_id`)",
    "layout": "which agent layout is installed (Logtail, LoongCollector, community edition, "
    "Windows)",
    "services": "on Windows, the `LogtailDaemon` / `LogtailWorker` services and their state",
    "config_mtime": "the config file's modification time (`stat`)",
    "agent_env": "the proxy variables of the agent daemon's environment "
    "(`/proc/<pid>/environ`; nothing else of it leaves the host)",
    "runner_epoch": "the runner's clock when the probe answered (not read on the host)",
}

# The guide's step, and the agent's source where the mission's research gives file and
# line: LC = alibaba/loongcollector @ f02d9808578e, IL = alibaba/ilogtail v1.8.8.
_GUIDE = "https://www.alibabacloud.com/help/doc-detail/48851.htm"
_LC = "https://github.com/alibaba/loongcollector/blob/f02d9808578e/"
_IL = "https://github.com/alibaba/ilogtail/blob/v1.8.8/"


def _src(base: str, path: str, lines: str) -> tuple[str, str]:
    first, _, last = lines.partition("-")
    anchor = f"#L{first}-L{last}" if last else f"#L{first}"
    repo = "loongcollector" if base == _LC else "ilogtail v1.8.8"
    return (f"{repo} `{path}:{lines}`", f"{base}{path}{anchor}")


SOURCES: Mapping[str, tuple[tuple[str, str], ...]] = {
    "host.reachable": (),
    "step1.installed": (),
    "step1.instances": (),
    "step1.running": (),
    "step2.config_valid": (
        _src(_LC, "core/app_config/AppConfig.cpp", "764-768"),
        _src(_LC, "core/app_config/AppConfig.cpp", "779-780"),
    ),
    "step2.config_loaded": (
        _src(_LC, "core/app_config/AppConfig.cpp", "779-780"),
        _src(_IL, "core/app_config/AppConfigBase.cpp", "289-290"),
    ),
    "step2.region": (),
    "step2.network": (),
    "step2.dns": (),
    "step2.endpoint": (),
    "step2.https": (),
    "step2.proxy": (_src(_LC, "core/app_config/AppConfig.cpp", "1215-1308"),),
    "step2.clock": (),
    "step2.agent_version": (),
    "step3.ip_recorded": (_src(_LC, "core/application/Application.cpp", "157-221"),),
    "step3.custom_id": (),
    "step3.ip_in_group": (),
    "step3.ip_current": (
        _src(_LC, "core/common/MachineInfoUtil.cpp", "229-305"),
        _src(_LC, "core/monitor/Monitor.cpp", "407-425"),
    ),
    "step4.user_id": (_src(_IL, "core/config_manager/ConfigManagerBase.cpp", "113-131"),),
    "server.heartbeat": (),
}

# The page's own headings and labels (the docs' chrome; the checks' words come from
# the catalogues).
LABELS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "id": "ID",
        "step": "Guide step",
        "order": "Order of diagnosis",
        "order_of": "{position} of {total}",
        "reads": "What it reads on the host",
        "automated": "Automated by the fix plan",
        "address": "Stable address",
        "yes": "yes",
        "no": "no: a person applies the fix",
        "passes": "When it passes",
        "expects": "What it expects",
        "finds": "What it can find",
        "skips": "When it is not judged",
        "fixes": "Fixes it gives",
        "examples": "Example findings",
        "no_examples": "No recorded example yet.",
        "sources": "Sources",
        "guide": "The troubleshooting guide, step {step}",
        "guide_none": "Not a step of the guide: the suite's own check.",
        "placeholder_note": "Words in <var>italics</var> are the host's real values, filled in "
        "per finding.",
        "in_english": "",
        "index_title": "Checks",
        "index_intro": "IDs are stable: never renumbered, never reused. A host's root cause is "
        "its first failing check in this order. Each check has a page at a stable address, "
        "which report.html and summary.json link to.",
        "col_step": "step",
        "col_title": "check",
        "expected": "Expected",
        "found": "Found",
        "fix": "Fix",
        "auto_fix": "in the fix plan",
    },
    "ja": {
        "id": "ID",
        "step": "ガイドの手順",
        "order": "診断の順序",
        "order_of": "{total} 件中 {position} 番目",
        "reads": "ホストで読み取る情報",
        "automated": "修正プレイブックでの自動化",
        "address": "固定アドレス",
        "yes": "あり",
        "no": "なし: 人が修正を適用します",
        "passes": "合格の条件",
        "expects": "期待する状態",
        "finds": "検出しうる結果",
        "skips": "判定しない場合",
        "fixes": "修正方法",
        "examples": "検出例",
        "no_examples": "記録された例はまだありません。",
        "sources": "出典",
        "guide": "トラブルシューティングガイドの手順 {step}",
        "guide_none": "ガイドの手順ではなく、このスイート独自のチェックです。",
        "placeholder_note": "<var>斜体</var>の語は、検出ごとにホストの実際の値が入ります。",
        "in_english": "(英語)",
        "index_title": "チェック一覧",
        "index_intro": "ID は変わりません (番号の振り直しも再利用もしません)。ホストの根本原因は、"
        "この順序で最初に失敗したチェックです。各チェックには固定のアドレスのページがあり、"
        "report.html と summary.json からリンクされます。",
        "col_step": "手順",
        "col_title": "チェック",
        "expected": "期待値",
        "found": "検出内容",
        "fix": "修正方法",
        "auto_fix": "修正プレイブックに含まれる",
    },
    "zh": {
        "id": "ID",
        "step": "指南步骤",
        "order": "诊断顺序",
        "order_of": "第 {position} 项, 共 {total} 项",
        "reads": "在主机上读取的内容",
        "automated": "修复剧本是否自动执行",
        "address": "固定地址",
        "yes": "是",
        "no": "否: 需由人工执行修复",
        "passes": "通过条件",
        "expects": "期望的状态",
        "finds": "可能的检查结果",
        "skips": "不判定的情况",
        "fixes": "修复方法",
        "examples": "检查结果示例",
        "no_examples": "尚无记录的示例。",
        "sources": "来源",
        "guide": "故障排查指南第 {step} 步",
        "guide_none": "不属于指南的步骤: 本套件自己的检查。",
        "placeholder_note": "<var>斜体</var>的词是主机的实际值, 每次检查时填入。",
        "in_english": "(英文)",
        "index_title": "检查项",
        "index_intro": "ID 保持不变: 不会重新编号, 也不会重复使用。主机的根本原因是按此顺序"
        "第一个失败的检查。每个检查都有一个固定地址的页面, "
        "report.html 和 summary.json 会链接到它。",
        "col_step": "步骤",
        "col_title": "检查",
        "expected": "期望",
        "found": "发现",
        "fix": "修复",
        "auto_fix": "包含在修复剧本中",
    },
}


# --- rendering ---------------------------------------------------------------------------


def generated_pages() -> dict[str, str]:
    """Every generated page of the site: its path in docs/ -> its Markdown."""
    pages: dict[str, str] = {}
    docs = check_docs()
    for lang in LANGUAGES:
        pages[_suffixed(f"{CHECKS_FOLDER}/index", lang)] = index_page(docs, lang)
        for doc in docs:
            pages[page_path(doc.check_id, lang)] = check_page(doc, lang)
    return pages


def index_page(docs: tuple[CheckDoc, ...], lang: str) -> str:
    label = LABELS[lang]
    lines = [f"# {label['index_title']}", "", label["index_intro"], ""]
    lines += [f"| {label['id']} | {label['col_step']} | {label['col_title']} |", "|---|---|---|"]
    for doc in docs:
        title = _plain(_template(doc.title_key, lang))
        step = _plain(_template(f"step.{doc.step}", lang))
        lines.append(f"| [`{doc.check_id}`]({doc.check_id}.md) | {step} | {title} |")
    return "\n".join(lines) + "\n"


def check_page(doc: CheckDoc, lang: str) -> str:
    label = LABELS[lang]
    title = _template(doc.title_key, lang)
    automated = (
        label["yes"] + ": " + ", ".join(f"`{key}`" for key in doc.automatable)
        if doc.automatable
        else label["no"]
    )
    reads = "<br>".join(f"`{fact}`: {FACT_READS[fact]}" for fact in doc.needs) or "-"
    lines = [
        f"# {doc.check_id}: {_plain(title)}",
        "",
        f"| {label['id']} | `{doc.check_id}` |",
        "|---|---|",
        f"| {label['step']} | {_plain(_template(f'step.{doc.step}', lang))} |",
        f"| {label['order']} | "
        + label["order_of"].format(position=doc.position, total=len(CHECK_IDS))
        + " |",
        f"| {label['reads']} | {reads} |",
        f"| {label['automated']} | {automated} |",
        f"| {label['address']} | <{doc_url(doc.check_id, lang)}> |",
        "",
        f"## {label['passes']} {label['in_english']}".rstrip(),
        "",
        PASSES_WHEN[doc.check_id],
        "",
        f"<p><small>{label['placeholder_note']}</small></p>",
        "",
    ]
    for heading, keys in (
        ("expects", doc.expected),
        ("finds", doc.found),
        ("skips", doc.skips),
    ):
        if keys:
            lines += [f"## {label[heading]}", "", _html_list(keys, lang), ""]
    if doc.fixes:
        lines += [f"## {label['fixes']}", ""]
        items = []
        for key in doc.fixes:
            mark = (
                f" <small>({html.escape(label['auto_fix'])})</small>"
                if (key in doc.automatable)
                else ""
            )
            items.append(f"<li><code>{html.escape(key)}</code>{mark}: {_html(key, lang)}</li>")
        lines += ["<ul>", *items, "</ul>", ""]
    lines += [f"## {label['examples']}", ""]
    examples = example_outcomes(doc.check_id)
    if examples:
        for example in examples:
            lines += [_example(example, lang), ""]
    else:
        lines += [label["no_examples"], ""]
    lines += [f"## {label['sources']}", ""]
    if doc.step.startswith("step"):
        step_number = doc.step.removeprefix("step")
        lines.append(f"- [{label['guide'].format(step=step_number)}]({_GUIDE})")
    else:
        lines.append(f"- {label['guide_none']}")
    lines += [f"- [{text}]({url})" for text, url in SOURCES[doc.check_id]]
    return "\n".join(lines) + "\n"


def _example(example: Example, lang: str) -> str:
    label = LABELS[lang]
    outcome = example.outcome
    rows = [
        (label["expected"], outcome.expected),
        (label["found"], outcome.found),
        *([(label["fix"], outcome.fix)] if outcome.fix is not None else []),
    ]
    body = "".join(
        f"<dt>{html.escape(name)}</dt><dd>{html.escape(_rendered(msg, lang))}</dd>"
        for name, msg in rows
    )
    return (
        f"<p><code>{html.escape(example.case)}</code>: {html.escape(outcome.status.value)}</p>"
        f"<dl>{body}</dl>"
    )


def _rendered(msg: Msg, lang: str) -> str:
    return msg.render(lang)


def _suffixed(stem: str, lang: str) -> str:
    return f"{stem}.md" if lang == DEFAULT_DOCS_LANGUAGE else f"{stem}.{lang}.md"


def _template(key: str, lang: str) -> str:
    catalogue = CATALOGUES.get(lang, CATALOGUES[DEFAULT_LANGUAGE])
    return catalogue.get(key) or CATALOGUES[DEFAULT_LANGUAGE][key]


_CODE = re.compile(r"`([^`]+)`")


def _html(key: str, lang: str) -> str:
    """A message template as HTML: placeholders as <var>name</var>, `code` as <code>."""
    parts = []
    for literal, field, _spec, _conversion in string.Formatter().parse(_template(key, lang)):
        parts.append(html.escape(literal, quote=False))
        if field:
            parts.append(f"<var>{html.escape(field)}</var>")
    return _CODE.sub(r"<code>\1</code>", "".join(parts))


def _html_list(keys: tuple[str, ...], lang: str) -> str:
    items = [f"<li>{_html(key, lang)} <small><code>{key}</code></small></li>" for key in keys]
    return "\n".join(["<ul>", *items, "</ul>"])


def _plain(template: str) -> str:
    """A title for a Markdown heading or table cell: no pipes, no line breaks."""
    return template.replace("|", "/").replace("\n", " ")
