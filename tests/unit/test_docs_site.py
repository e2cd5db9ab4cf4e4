"""The docs site: a strict offline build, its links, and one page per registered check.

The site is built once per module into a temporary folder with the pinned
mkdocs (`mkdocs build --strict`, as `make docs` does), then read as files.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from logtail_doctor import cli, docs_pages
from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS
from logtail_doctor.checks.reachable import unreachable
from logtail_doctor.doc_links import CHECKS_FOLDER, DOCS_BASE_URL, doc_url
from logtail_doctor.facts import HostFacts
from logtail_doctor.i18n import CATALOGUES, LANGUAGES, text
from logtail_doctor.outputs.html import render_report
from logtail_doctor.outputs.summary_file import to_json
from tests.support.site_links import check_site, internal_path, resolve
from tests.unit.test_html_report import fleet

REPO = Path(__file__).resolve().parents[2]
OTHER_LANGUAGES = [lang for lang in LANGUAGES if lang != "en"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    return out


def mkdocs_config() -> dict[str, object]:
    loaded = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def built_check_ids(site: Path, lang: str) -> set[str]:
    folder = site / CHECKS_FOLDER if lang == "en" else site / lang / CHECKS_FOLDER
    return {p.parent.name for p in folder.glob("*/index.html")}


def test_the_site_url_is_the_one_reports_link_to() -> None:
    assert mkdocs_config()["site_url"] == DOCS_BASE_URL


def test_the_build_fetches_nothing() -> None:
    config = mkdocs_config()
    theme = config["theme"]
    assert isinstance(theme, dict)
    assert theme.get("font") is False, "material would link Google Fonts"
    plugins = config["plugins"]
    assert isinstance(plugins, list)
    names = {p if isinstance(p, str) else next(iter(p)) for p in plugins}
    assert not names & {"social", "privacy", "material/social", "material/privacy"}


def test_the_strict_build_links_and_anchors_resolve(site: Path) -> None:
    assert (site / "index.html").is_file()
    assert check_site(site, DOCS_BASE_URL) == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_registered_check_has_its_page_and_every_page_a_check(site: Path, lang: str) -> None:
    assert built_check_ids(site, lang) == {spec.check_id for spec in CATALOGUE}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_checks_stable_address_is_its_built_page(site: Path, lang: str) -> None:
    for check_id in CHECK_IDS:
        target = internal_path(doc_url(check_id, lang), "/", DOCS_BASE_URL)
        assert target is not None
        page = resolve(site, target)
        assert page is not None, doc_url(check_id, lang)
        assert check_id in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", OTHER_LANGUAGES)
def test_translated_pages_say_the_catalogues_words(site: Path, lang: str) -> None:
    """The ja/zh pages carry the same titles and fixes the report renders in that language."""
    for spec in CATALOGUE:
        page = (site / lang / CHECKS_FOLDER / spec.check_id / "index.html").read_text("utf-8")
        assert CATALOGUES[lang][spec.title_key] in page
        for fix in spec.fix_ids:
            first_words = re.split(r"[{`<>&'\"]", CATALOGUES[lang][fix])[0].strip()
            assert first_words in page, (spec.check_id, fix)


def test_the_reference_is_generated_not_committed() -> None:
    committed = subprocess.run(
        ["git", "ls-files", "docs/checks"], cwd=REPO, capture_output=True, text=True, check=True
    )
    assert committed.stdout == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_reports_links_resolve_to_built_pages(site: Path, lang: str) -> None:
    page = render_report(fleet(), lang)
    links = re.findall(r'href="(https?://[^"]+)"', page)
    assert links, "the root-cause cells link to the checks' pages"
    data_links = re.findall(r'"url":\s*"([^"]+)"', page)
    assert data_links, "a host's failed checks carry their page for the details"
    for link in links + data_links:
        target = internal_path(link, "/", DOCS_BASE_URL)
        assert target is not None, link
        assert resolve(site, target) is not None, link


def test_summary_json_carries_the_page_of_each_failing_check() -> None:
    document = to_json(fleet())
    hosts = document["hosts"]
    assert isinstance(hosts, dict)
    failing = 0
    for host in hosts.values():
        for check_id, check in host["checks"].items():
            if check["outcome"] in ("failed", "error"):
                failing += 1
                assert check["doc_url"] == doc_url(check_id)
            else:
                assert "doc_url" not in check
    assert failing
    for cause in document["causes"]:
        assert cause["doc_url"] == doc_url(cause["check"])


# --- the generator, without a build -----------------------------------------------------


def test_every_check_has_its_words_and_every_fact_its_description() -> None:
    # When it passes: the judge's docstring (or declare's doc), said with the check.
    assert [spec.check_id for spec in CATALOGUE if len(spec.doc) < 40] == []
    needed = {fact for spec in CATALOGUE for fact in spec.needs}
    assert needed <= set(docs_pages.FACT_READS)
    assert set(docs_pages.FACT_READS) <= {f.name for f in dataclasses.fields(HostFacts)}
    for lang in LANGUAGES:
        assert set(docs_pages.LABELS[lang]) == set(docs_pages.LABELS["en"]), lang


def test_a_page_shows_its_checks_cases_as_real_findings() -> None:
    examples = docs_pages.example_outcomes("step1.running")
    assert {e.case for e in examples} >= {"running_fails_when_stopped"}
    page = docs_pages.check_page(
        next(d for d in docs_pages.check_docs() if d.check_id == "step1.running"), "en"
    )
    assert "running_fails_when_stopped" in page
    assert "sudo /etc/init.d/ilogtaild start" in page  # the fix as the check gave it
    assert docs_pages.LABELS["en"]["no_examples"] not in page


def test_a_page_lists_the_checks_own_messages_and_fixes() -> None:
    doc = next(d for d in docs_pages.check_docs() if d.check_id == "step4.user_id")
    page = docs_pages.check_page(doc, "en")
    assert page.startswith("# step4.user_id: The account ID is set as user identifier\n")
    assert "<code>step4.user_id.fix</code> <small>(in the fix plan)</small>" in page
    assert "<var>create_cmd</var>" in page  # a placeholder, not a value
    assert "step4.user_id.expected" in page
    assert "step4.user_id.found.short" not in page
    assert doc_url("step4.user_id") in page


def test_message_markup_is_escaped() -> None:
    doc = next(d for d in docs_pages.check_docs() if d.check_id == "step1.running")
    page = docs_pages.check_page(doc, "en")
    # "`{command}` exits 0 ..." in the catalogue: code around a placeholder.
    assert "<code><var>command</var></code> exits 0" in page


def test_example_outcomes_are_rendered_when_a_check_has_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcome = unreachable("ssh: <refused>", text("Check SSH"))["host.reachable"]
    example = docs_pages.Example("refused.json", outcome)
    monkeypatch.setattr(docs_pages, "example_outcomes", lambda check_id: (example,))
    doc = next(d for d in docs_pages.check_docs() if d.check_id == "host.reachable")
    page = docs_pages.check_page(doc, "en")
    assert "<code>refused.json</code>: failed" in page
    assert "ssh: &lt;refused&gt;" in page


def test_the_link_checker_finds_a_broken_link_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<h1 id="top">x</h1><a href="a/">ok</a><a href="#top">ok</a>'
        '<a href="a/#nowhere">bad anchor</a><a href="missing/">bad file</a>'
        f'<a href="{DOCS_BASE_URL}gone/">bad own URL</a><a href="https://elsewhere/">not ours</a>',
        encoding="utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<p id="here">a</p>', encoding="utf-8")
    assert check_site(tmp_path, DOCS_BASE_URL) == [
        "index.html: a/#nowhere: no anchor #nowhere on that page",
        "index.html: missing/: no such file in the site",
        f"index.html: {DOCS_BASE_URL}gone/: no such file in the site",
    ]


def test_help_points_to_the_docs() -> None:
    assert f" {DOCS_BASE_URL} " in cli.help_text()


def test_the_readme_fits_on_a_screen_or_two_and_points_to_the_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    for command in ("make demo", "make test", "make docs"):
        assert command in readme, command
    assert DOCS_BASE_URL in readme
    linked = re.findall(r"\]\((docs/[^)#]+)", readme)
    assert linked
    for path in linked:
        assert (REPO / path).is_file(), path
