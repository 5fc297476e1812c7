"""A reader starting at / reaches every public page by following links, and no link is broken.

The crawler follows every internal <a href> and <link href> from the home page with the test client, checks
each HTML page is well-formed HTML5 in Chinese with its headings in order, and checks that every published
article, person, topic, organization and date page, the search and the feeds were reached.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.reader_factories import make_many_articles, make_reader_seed

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP = ("/admin/", "/static/", "/media/")


class PageChecker(HTMLParser):
    """Collects links and finds what an HTML5 validator would: bad nesting, duplicate ids, skipped headings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.problems: list[str] = []
        self.stack: list[str] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.lang = None
        self.doctype = False

    def handle_decl(self, decl):
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "style" in attrs:
            self.problems.append(f"inline style on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.problems.append(f"duplicate id {attrs['id']}")
            self.ids.add(attrs["id"])
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            level = int(tag[1])
            if (self.headings and level > max(self.headings[-1], 1) + 1) or (not self.headings and level != 1):
                self.problems.append(f"heading h{level} after h{self.headings[-1] if self.headings else 0}")
            self.headings.append(level)
        if tag in {"a", "link"} and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "img" and "alt" not in attrs:
            self.problems.append("img without alt")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.problems.append(f"self-closing <{tag}/>")
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"end tag for void <{tag}>")
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def check(self, url: str) -> list[str]:
        problems = list(self.problems)
        if not self.doctype:
            problems.append("no <!DOCTYPE html>")
        if self.lang != "zh-Hans":
            problems.append(f"lang={self.lang!r}")
        if self.headings.count(1) != 1:
            problems.append(f"{self.headings.count(1)} <h1>")
        if self.stack:
            problems.append(f"unclosed {self.stack}")
        return [f"{url}: {p}" for p in problems]


def crawl(client, start: str = "/") -> tuple[dict[str, int], list[str]]:
    """Visit every internal URL reachable from ``start``; return {url: status} and the HTML problems found."""
    seen: dict[str, int] = {}
    problems: list[str] = []
    queue = deque([start])
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        checker = PageChecker()
        checker.feed(response.content.decode())
        problems += checker.check(url)
        path = urlsplit(url).path
        for href in checker.links:
            href = urldefrag(href)[0]
            if not href or href.startswith(("http://", "https://", "mailto:", "//")):
                continue
            if href.startswith("?"):
                href = path + href
            elif not href.startswith("/"):
                continue
            if not href.startswith(SKIP) and href not in seen:
                queue.append(href.replace("&amp;", "&"))
    return seen, problems


def test_every_public_page_is_reachable_from_home_and_no_link_is_broken(client, db):
    seed = make_reader_seed()
    extra = make_many_articles(23, topic=seed.yingji, person=seed.guo, reporter=seed.lina)  # a second page
    seen, problems = crawl(client)

    broken = {url: status for url, status in seen.items() if status >= 400}
    assert broken == {}
    assert problems == []

    must_reach = {article.get_absolute_url() for article in [*seed.articles, *extra]}
    must_reach |= {p.get_absolute_url() for p in [seed.zhang, seed.wu, seed.guo, seed.yue, seed.wang, seed.sun, seed.wangyk, seed.lina]}
    must_reach |= {t.get_absolute_url() for t in [seed.dangjian, seed.zhaoshang, seed.yingji, seed.chaoying]}
    must_reach |= {o.get_absolute_url() for o in [seed.gxq, seed.dgw, seed.gwh, seed.cumt, seed.zhongan]}
    must_reach |= {"/2023/", "/2023/02/", "/2023/02/10/", "/2023/02/12/", "/2023/02/15/", "/2023/02/20/"}
    must_reach |= {"/search/", "/feed/", "/feed/atom/", "/archive/", "/articles/", "/people/", "/organizations/", "/topics/"}
    must_reach |= {f"/topics/{seed.dangjian.slug}/feed/", f"/people/{seed.zhang.slug}/feed/"}
    must_reach |= {f"/meetings/{seed.shuzhi_meeting.pk}/", "/print/2023/02/13/1/", "/articles/?page=2"}
    visited_paths = set(seen)
    assert must_reach - visited_paths == set()

    hidden = {a.get_absolute_url() for a in seed.hidden} | {seed.secret.get_absolute_url(), seed.unused_org.get_absolute_url()}
    assert hidden & visited_paths == set()
    assert "/2023/03/" not in visited_paths and "/2023/03/01/" not in visited_paths


def test_the_checker_catches_bad_html():
    checker = PageChecker()
    checker.feed('<!DOCTYPE html><html lang="en"><body><h2 style="x">a</h2><p><b>x</p><div id="a"></div><div id="a">')
    problems = " ".join(checker.check("/x"))
    for expected in ["inline style", "duplicate id a", "heading h2 after h0", "</p> closes <b>", "lang='en'", "0 <h1>", "unclosed"]:
        assert expected in problems
