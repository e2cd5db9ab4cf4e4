"""mkdocs hook: the check reference pages, generated at build time (never committed).

mkdocs-static-i18n reads pages from docs_dir only (a page added in memory by a
hook or mkdocs-gen-files is dropped by its language split), so the build works
on a copy of docs/ in a temporary folder with the generated pages written into
it: logtail_doctor.docs_pages.generated_pages() says what they are. The copy
goes away when the build ends.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from logtail_doctor.doc_links import CHECKS_FOLDER
from logtail_doctor.docs_pages import check_docs, generated_pages, page_path

_COPIES: list[Path] = []


@event_priority(100)  # before mkdocs-static-i18n (-100) sees docs_dir
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    docs = Path(config.docs_dir)
    if any(docs.is_relative_to(copy) for copy in _COPIES):
        return config  # mkdocs-static-i18n's build of another language: already generated
    work = Path(tempfile.mkdtemp(prefix="ltd-docs-"))
    if not _COPIES:
        atexit.register(on_shutdown)  # a build that fails never reaches on_shutdown
    _COPIES.append(work)
    copy = work / "docs"
    shutil.copytree(docs, copy)
    for relative, text in generated_pages().items():
        target = copy / relative
        if target.exists():
            raise PluginError(f"docs/{relative} is generated from the check registry: remove it")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    config.docs_dir = str(copy)
    _list_checks_in_nav(config)
    return config


def _list_checks_in_nav(config: MkDocsConfig) -> None:
    """The nav's "Checks" entry (checks/index.md) becomes a section: the index, then every check."""
    index = f"{CHECKS_FOLDER}/index.md"
    pages = [index, *(page_path(doc.check_id) for doc in check_docs())]
    for entry in config.nav or []:
        if isinstance(entry, dict):
            for title, target in entry.items():
                if target == index:
                    entry[title] = pages


def on_shutdown() -> None:
    while _COPIES:
        shutil.rmtree(_COPIES.pop(), ignore_errors=True)
