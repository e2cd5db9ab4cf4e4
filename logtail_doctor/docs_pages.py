"""The check reference of the docs site: one page per check, made from the check registry.

Nothing here is written twice: a page's ID, guide step, facts, messages,
fixes, when it passes (the judge's docstring) and its sources in the agent's
code come from the check's declaration (logtail_doctor.checks.registry), its
words from the same message catalogues the report renders (logtail_doctor.i18n),
and its examples are its case files judged (tests/data/checks/). The docs
site's build hook (docs_hooks/check_pages.py) calls ``generated_pages`` and
writes the result next to the hand-written pages; the pages are never
committed. Where a page is published: logtail_doctor.doc_links (``doc_url``).
The one place that reads a declaration is ``_describe``.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS
from logtail_doctor.checks.cases import load_cases
from logtail_doctor.checks.registry import AGENT_SOURCES, Source
from logtail_doctor.doc_links import CHECKS_FOLDER, DEFAULT_DOCS_LANGUAGE, doc_url
from logtail_doctor.i18n import CATALOGUES, DEFAULT_LANGUAGE, LANGUAGES, Msg
from logtail_doctor.outcome import Outcome

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "checks"


def page_path(check_id: str, lang: str = DEFAULT_DOCS_LANGUAGE) -> str:
    """The page's source path in docs/ (mkdocs-static-i18n's suffix layout: x.md, x.ja.md)."""
    return _suffixed(f"{CHECKS_FOLDER}/{check_id}", lang)


@dataclass(frozen=True)
class Example:
    """One real finding of a check: the case it came from and the outcome the check gave."""

    case: str
    outcome: Outcome


def example_outcomes(check_id: str) -> tuple[Example, ...]:
    """The check's example findings: each of its case files judged (a page shows real outputs).

    The cases live in the repository (tests/data/checks/<check_id>/*.json); where they
    are not (an installed package), a page has no examples.
    """
    spec = next(s for s in CATALOGUE if s.check_id == check_id)
    if not CASES.is_dir() or spec.judge is None:
        return ()
    return tuple(Example(case.name, spec.judge(case.host)) for case in load_cases(CASES, check_id))


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
    passes_when: str  # the judge's docstring (its declaration's doc)
    sources: tuple[tuple[str, str], ...]  # (label, address) of the agent's source it cites


def _describe(check_id: str) -> CheckDoc:
    """The adapter to the check's declaration: the one place to re-point."""
    spec = next(s for s in CATALOGUE if s.check_id == check_id)
    own = [spec.key(relative) for relative in spec.texts if not relative.endswith(".short")]

    def kind(word: str) -> tuple[str, ...]:
        return tuple(k for k in own if k.removeprefix(f"{check_id}.").split(".")[0] == word)

    return CheckDoc(
        check_id=check_id,
        step=spec.step,
        position=CHECK_IDS.index(check_id) + 1,
        title_key=spec.title_key,
        needs=spec.needs,
        expected=kind("expected"),
        found=kind("found"),
        skips=kind("skip"),
        fixes=spec.fix_ids,
        automatable=spec.automatable,
        passes_when=spec.doc,
        sources=tuple(_source_link(source) for source in spec.sources),
    )


def check_docs() -> tuple[CheckDoc, ...]:
    return tuple(_describe(check_id) for check_id in CHECK_IDS)


# --- what the page says beyond the declarations -----------------------------------------
# In English: the docs' own words. tests/unit/test_docs_site.py fails while a fact a
# check reads has none.

# What the probe reads on the host for each HostFacts field a check needs.
FACT_READS: Mapping[str, str] = {
    "hostname": "the host's name (`/proc/sys/kernel/hostname`)",
    "epoch": "the host's clock (`date '+%s %z'`)",
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
    "user_ids_total": "how many entries that folder holds, when there are more than 4096 "
    "(the probe sends the first 4096 names)",
    "users_link": "what a symbolic link at that folder's path points to, when it cannot be "
    "followed (a loop, or nothing there)",
    "resolve_over_limit": "whether `getent ahostsv4` of the host's name printed more than "
    "64 KiB (its first 64 KiB are read)",
    "user_defined_id": "`/etc/ilogtail/user_defined_id` (Windows "
    "`C:\\LogtailData\\user_defined_id`)",
    "layout": "which agent layout is installed (Logtail, LoongCollector, community edition, "
    "Windows)",
    "services": "on Windows, the `LogtailDaemon` / `LogtailWorker` services and their state",
    "config_mtime": "the config file's modification time (`stat`)",
    "agent_env": "the variables the agent reads from its daemon's environment "
    "(`/proc/<pid>/environ`: proxies, `LOONG_CONFIG`, `ALIYUN_LOGTAIL_CONFIG`, "
    "`ALIYUN_LOGTAIL_USER_ID`, `ALIYUN_LOGTAIL_USER_DEFINED_ID`, `ALIYUN_LOGTAIL_SYS_CONF_DIR`, "
    "`ALIYUN_LOGTAIL_WORKING_IP` and their aliases; nothing else of it leaves the host)",
    "runner_epoch": "the runner's clock when the probe answered (not read on the host)",
    "user_log_config": "`user_log_config.json` in the install folder (the collection configs "
    "SLS sent the agent; its first 64 KiB)",
    "agent_pid_ns": "the PID namespace of each agent process (`stat -L /proc/<pid>/ns/pid`)",
    "own_pid_ns": "the host's own PID namespace (the probe's, `stat -L /proc/self/ns/pid`)",
    "config_override": "which variable of the agent's environment named its config file "
    "(`LOONG_CONFIG`, else `ALIYUN_LOGTAIL_CONFIG`)",
    "sys_conf_dir": "the agent's folder of `users/`, `user_defined_id`, `config.d/` "
    "(`/etc/ilogtail`, or as `ALIYUN_LOGTAIL_SYS_CONF_DIR` or `logtail_sys_conf_dir` move it)",
    "sys_conf_from": "what set that folder (the default, a variable, the config's setting)",
    "config_d": "`config.d/*.json` in that folder, in sorted order (at most 32 files, 64 KiB "
    "in all)",
    "config_d_problem": "what kept `config.d` from being read whole",
    "instance_identity": "`checkpoint/instance_identity` in that folder (the agent's cache of "
    "the ECS metadata)",
    "ecs_metadata": "`curl` of the ECS metadata service "
    "(`http://100.100.100.200/latest/dynamic/instance-identity/document`, 2 s), only where "
    "no users file, no `ALIYUN_LOGTAIL_USER_ID` and no cache name the account",
    "agent_log": "the agent's own log, `ilogtail.LOG` or `loongcollector.LOG` in the install "
    "folder (the newer of the two; its last 64 KiB, `tail -c`; lines of the last hour are judged)",
    "utc_offset": "the host's offset from UTC (`date +%z`: the agent logs local times)",
    "ca_bundle": "whether the agent's own CA bundle, `ca-bundle.crt` in the install folder, is "
    "a readable file (not its content)",
    "agent_tls": "`curl --cacert <the agent's ca-bundle.crt>` of the config server over HTTPS, "
    "in the same curl run as the other requests",
    "container": "the host spec's container engine and name (`podman://`, `docker://`, "
    "`kubectl://`) and, for a pod, `kubectl get pod -o json` run on the runner (phase, "
    "readiness, restarts, waiting reason); not read on the host",
}

_GUIDE = "https://www.alibabacloud.com/help/doc-detail/48851.htm"


def _source_link(source: Source) -> tuple[str, str]:
    """A line of the agent's source a check cites: its label and its address."""
    tree, path, lines = source
    first, _, last = lines.partition("-")
    anchor = f"#L{first}-L{last}" if last else f"#L{first}"
    return (f"{tree} `{path}:{lines}`", f"{AGENT_SOURCES[tree]}{path}{anchor}")


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
        doc.passes_when,
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
    lines += [f"- [{text}]({url})" for text, url in doc.sources]
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
