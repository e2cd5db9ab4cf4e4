"""Every message, title and fix exists in English, Japanese and Chinese, with the same slots."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from logtail_doctor.catalogue import CATALOGUE, CHECK_IDS, spec, title
from logtail_doctor.checks import unreachable
from logtail_doctor.facts import FileState
from logtail_doctor.i18n import (
    CATALOGUES,
    LANGUAGES,
    TRANSLATIONS,
    M,
    Msg,
    joined,
    placeholders,
    stale,
    text,
)
from tests.unit.test_checks import evaluate, expect, healthy

PACKAGE = Path(__file__).resolve().parents[2] / "logtail_doctor"
ENGLISH = CATALOGUES["en"]


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_every_message_exists_in_every_language(lang: str) -> None:
    missing = sorted(set(ENGLISH) - set(CATALOGUES[lang]))
    extra = sorted(set(CATALOGUES[lang]) - set(ENGLISH))
    assert not missing, f"{lang}.py lacks {missing}"
    assert not extra, f"{lang}.py has ids en.py does not: {extra}"


@pytest.mark.parametrize("lang", [lang for lang in LANGUAGES if lang != "en"])
def test_no_translation_is_stale(lang: str) -> None:
    # A check's English changed: translate the message again and store the new English
    # beside it in {lang}.py (the pair's first item).
    assert stale(lang) == {}, f"{lang}.py: translated from an English that has changed"


def test_a_stale_translation_renders_in_english(monkeypatch: pytest.MonkeyPatch) -> None:
    key = "outcome.not_judged"
    source, translation = TRANSLATIONS["ja"][key]
    assert M(key, found="x").render("ja") == translation.format(found="x")
    monkeypatch.setitem(TRANSLATIONS["ja"], key, ("an older English: {found}", translation))
    assert M(key, found="x").render("ja") == ENGLISH[key].format(found="x")
    assert stale("ja") == {key: ("an older English: {found}", ENGLISH[key])}
    assert source == ENGLISH[key]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_are_the_same_in_every_language(lang: str) -> None:
    differ = {
        key: (sorted(placeholders(ENGLISH[key])), sorted(placeholders(template)))
        for key, template in CATALOGUES[lang].items()
        if key in ENGLISH and placeholders(template) != placeholders(ENGLISH[key])
    }
    assert not differ, f"{lang}.py: placeholders differ from en.py: {differ}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_check_has_a_title_in_every_language(lang: str) -> None:
    missing = [cid for cid in CHECK_IDS if f"title.{cid}" not in CATALOGUES[lang]]
    assert not missing, f"{lang}.py has no title for {missing}"
    steps = {s.step for s in CATALOGUE}
    assert not [s for s in steps if f"step.{s}" not in CATALOGUES[lang]], lang


def test_english_titles_are_the_catalogues_own() -> None:
    assert {cid: title(cid) for cid in CHECK_IDS} == {cid: spec(cid).title for cid in CHECK_IDS}


def test_every_message_id_the_code_uses_exists() -> None:
    used: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r'\bM\(\s*"([^"]+)"', path.read_text(encoding="utf-8")))
    used |= {f"file.state.{state.name.lower()}" for state in FileState}
    used |= {f"status.{s}" for s in ("healthy", "unhealthy", "unreachable")}
    used |= {f"outcome.{o}" for o in ("passed", "failed", "skipped", "waived")}
    assert used, "the scan found no M(...) calls"
    assert not sorted(used - set(ENGLISH))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_renders(lang: str) -> None:
    for key, template in CATALOGUES[lang].items():
        values = {name: f"<{name}>" for name in placeholders(template)}
        rendered = template.format_map(values)
        assert all(f"<{name}>" in rendered for name in values), (lang, key)


def test_values_stay_untranslated_and_commands_are_listed() -> None:
    fix = M(
        "step4.user_id.fix",
        create_cmd="sudo mkdir -p /etc/ilogtail/users && sudo touch /etc/ilogtail/users/42",
        project="web-logs",
    )
    for lang in LANGUAGES:
        assert "sudo touch /etc/ilogtail/users/42" in fix.render(lang)
        assert "web-logs" in fix.render(lang)
    assert fix.render("ja") != fix.render("en") != fix.render("zh")
    assert fix.commands() == [
        "sudo mkdir -p /etc/ilogtail/users && sudo touch /etc/ilogtail/users/42"
    ]
    nested = M(
        "step2.config_valid.fix.broken", fix=M("step1.installed.fix.reinstall", install_cmd="x")
    )
    assert nested.commands() == ["x"]
    assert "再インストール" in nested.render("ja")


def test_literal_text_and_lists() -> None:
    assert text("ssh: refused").render("ja") == "ssh: refused"
    listed = joined(["111", M("step4.user_id.a_directory", name="222")])
    assert listed.render("en") == "111, 222/ (a directory)"
    assert listed.render("zh") == "111, 222/ (目录)"
    with pytest.raises(KeyError, match="unknown message id"):
        M("no.such.message()")
    assert Msg("", ()).render() == ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_real_outcomes_render_in_every_language(lang: str) -> None:
    facts = healthy(user_ids=(), status={}, processes=())
    outcomes = {**evaluate(facts, expect()), **unreachable("ssh: refused", text("Check SSH"))}
    for outcome in outcomes.values():
        assert outcome.message(lang)
        if outcome.fix is not None:
            assert outcome.remediation(lang)
    user_id = evaluate(facts, expect())["step4.user_id"]
    assert "/etc/ilogtail/users" in user_id.found.render(lang)
