"""A link check of a built static site: every internal link and anchor resolves. No network.

A link is internal when it is relative, absolute to the site ("/x/"), or starts
with the site's own URL (site_url: canonical links, the language switcher, the
checks' stable addresses); other schemes (https://elsewhere, mailto:) are not
followed. A link resolves when the file it names exists in the site folder (a
folder means its index.html) and, with a #fragment, when that page has an
element with that id (or an <a name=...>).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

_LINK_ATTRS = {"a": "href", "link": "href", "img": "src", "script": "src", "iframe": "src"}


@dataclass
class _Page:
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = _Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if ident := values.get("id"):
            self.page.ids.add(ident)
        if tag == "a" and (name := values.get("name")):
            self.page.ids.add(name)
        wanted = _LINK_ATTRS.get(tag)
        if wanted and (link := values.get(wanted)) is not None:
            if tag == "link" and values.get("rel") in ("preconnect", "dns-prefetch"):
                return
            self.page.links.append(link)


def _parse(path: Path) -> _Page:
    parser = _Parser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.page


def page_url(site: Path, page: Path) -> str:
    """The site-absolute URL path of a built page: site/a/b/index.html -> /a/b/index.html."""
    return "/" + page.relative_to(site).as_posix()


def resolve(site: Path, url_path: str) -> Path | None:
    """The file a site-absolute URL path names, or None when the site has no such file."""
    relative = PurePosixPath(unquote(url_path).lstrip("/"))
    target = site.joinpath(*relative.parts)
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def internal_path(link: str, base: str, site_url: str) -> str | None:
    """The site-absolute path (with #fragment) a link on the page at `base` points to.

    None for links off the site.
    """
    if link.startswith(site_url):
        link = "/" + link[len(site_url) :]
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None
    joined = urljoin(base, link)
    split = urlsplit(joined)
    return split.path + (f"#{split.fragment}" if split.fragment else "")


def check_site(site: Path, site_url: str) -> list[str]:
    """Every broken internal link of the site, one line each: page, link, what is wrong."""
    problems: list[str] = []
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    for path, page in pages.items():
        base = page_url(site, path)
        for link in page.links:
            target = internal_path(link, base, site_url)
            if target is None:
                continue
            url_path, _, fragment = target.partition("#")
            found = resolve(site, url_path)
            where = f"{path.relative_to(site)}: {link}"
            if found is None:
                problems.append(f"{where}: no such file in the site")
            elif fragment and found.suffix == ".html":
                ids = pages[found].ids if found in pages else _parse(found).ids
                if unquote(fragment) not in ids:
                    problems.append(f"{where}: no anchor #{fragment} on that page")
    return problems
