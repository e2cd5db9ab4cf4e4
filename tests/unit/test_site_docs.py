"""docs/site-checks.md shows the examples of examples/site_checks/ as they are.

The examples themselves run against the lab in tests/e2e/test_site_checks.py.
"""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGE = REPO / "docs" / "site-checks.md"
# "`examples/site_checks/NAME.py`:" then a python code block: the file, shown whole.
_SHOWN = re.compile(r"^`(examples/site_checks/[a-z_]+\.py)`:\n\n```python\n(.*?)^```$", re.M | re.S)


def test_the_page_shows_every_example_file_as_it_is() -> None:
    shown = dict(_SHOWN.findall(PAGE.read_text(encoding="utf-8")))
    files = sorted(
        str(p.relative_to(REPO)) for p in (REPO / "examples" / "site_checks").glob("*.py")
    )
    assert sorted(shown) == files
    for name, code in shown.items():
        assert code == (REPO / name).read_text(encoding="utf-8"), name


def test_the_page_is_in_the_docs_nav_and_the_readme_points_there() -> None:
    assert "site-checks.md" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Writing your own checks" in readme
    assert "docs/site-checks.md" in readme
