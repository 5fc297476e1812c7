"""No English left in the admin: every page a superuser can open, crawled, its visible text and the labels of its
controls (title, placeholder, aria-label, alt, button values) checked for common English UI words; and the
JavaScript catalog translates the two-column pick-list's strings that Django 5.2's own zh-Hans catalog lacks."""

from __future__ import annotations

import datetime as dt
import gettext
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import (
    make_article,
    make_credit,
    make_meeting,
    make_mention,
    make_organization,
    make_person,
    make_position,
    make_reporter,
    make_source_page,
    make_topic,
)

pytestmark = pytest.mark.django_db

#: Words of Django's admin UI in English. A page's own data (names, slugs, usernames) holds none of them.
_WORDS = """
    add added another action actions active all and any are available cancel change changed changes choose chosen
    clear click close confirm content currently date dates delete deleted documentation edit email filter filters
    first go group groups hide history home important info last log logout name navigation new next no none now
    of order password permission permissions personal previous recent remove required run save search select
    selected show site skip staff status superuser the theme this time to today toggle unknown user username
    users view welcome with yes you your object relationship article topic person organization meeting mention
    credit position page
"""
ENGLISH_WORDS = set(_WORDS.split())
#: ASCII words the pages may show: the admin's own user names, the feeds, units, programming names in URLs.
ALLOWED = {"admin", "rss", "atom", "ocr", "csv", "json", "txt", "utf", "gb", "id", "url", "email"}


class VisibleText(HTMLParser):
    """Text a user reads: text outside script/style/template, and the labels of controls."""

    LABELS = ("title", "placeholder", "aria-label", "alt", "data-placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self.hidden += 1
        for name in self.LABELS:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_in(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    words = set()
    for part in parser.parts:
        for word in re.findall(r"[A-Za-z]+", part):
            if word.lower() in ENGLISH_WORDS and word.lower() not in ALLOWED:
                words.add(word)
    return words


@pytest.fixture
def rows(db):
    org = make_organization("郑州高新区党工委")
    person = make_person("张红军")
    make_position(person, "党工委书记", org)
    page = make_source_page("本报讯 2月12日", page_number=1, issue_date=dt.date(2023, 2, 14))
    article = make_article("张红军调研", body="第一段。", source_page=page, page_number=1, review_notes="待核")
    article.topics.add(make_topic("党建"))
    article.organizations.add(org)
    make_mention(article, person, "党工委书记", "主持")
    make_credit(article, make_person("孙庆辉", kind="journalist"))
    meeting = make_meeting("述职评议会", chair=person, date=dt.date(2023, 2, 12))
    meeting.articles.add(article)
    reporter = make_reporter("reporter1")
    return {"articles.article": article, "articles.topic": article.topics.first(), "articles.meeting": meeting,
            "articles.sourcepage": page, "people.person": person, "people.organization": org,
            "people.position": person.positions.first(), "auth.user": reporter,
            "auth.group": Group.objects.get(name="记者")}


def admin_urls(rows) -> list[str]:
    urls = [reverse("admin:index"), reverse("admin:password_change"), reverse("admin:articles_review_queue"),
            reverse("admin:articles_sourcepage_import")]
    for label, obj in rows.items():
        app, model = label.split(".")
        urls += [
            reverse(f"admin:{app}_{model}_changelist"),
            reverse(f"admin:{app}_{model}_changelist") + "?q=无此词",
            reverse(f"admin:{app}_{model}_change", args=[obj.pk]),
            reverse(f"admin:{app}_{model}_history", args=[obj.pk]),
        ]
        if model != "sourcepage":  # made only by the import page, never added or deleted by hand
            urls += [reverse(f"admin:{app}_{model}_add"), reverse(f"admin:{app}_{model}_delete", args=[obj.pk])]
    urls.append(reverse("admin:auth_user_password_change", args=[rows["auth.user"].pk]))
    urls.append(reverse("admin:app_list", args=["articles"]))
    return urls


def test_no_english_on_any_admin_page(staff_client, rows):
    found = {}
    for url in admin_urls(rows):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        words = english_in(response.content.decode())
        if words:
            found[url] = sorted(words)
    assert not found, found


def test_no_english_on_the_login_page(client):
    assert not english_in(client.get(reverse("admin:login")).content.decode())


def test_the_detector_finds_english():
    assert english_in("<p>Add another item</p>") == {"Add", "another"}
    assert english_in('<input type="submit" value="Save">') == {"Save"}
    assert english_in('<a title="Show all">x</a>') == {"Show", "all"}
    assert not english_in("<script>var Add = 1;</script><p>张红军 zhang-hong-jun admin RSS</p>")


def test_delete_pages_list_what_goes_without_link_table_rows(staff_client, rows):
    article = rows["articles.article"]
    html = staff_client.get(reverse("admin:articles_article_delete", args=[article.pk])).content.decode()
    assert "提及人物" in html and "署名" in html  # the article's own rows are still listed
    assert "关系" not in html and "object (" not in html
    group = rows["auth.group"]
    html = staff_client.get(reverse("admin:auth_group_delete", args=[group.pk])).content.decode()
    assert "关系" not in html and "object (" not in html


PICK_LIST_STRINGS = [
    'Choose %s by selecting them and then select the "Choose" arrow button.',
    "Choose all %s",
    "Choose selected %s",
    "Remove selected %s",
    'Remove %s by selecting them and then select the "Remove" arrow button.',
    "(click to clear)",
    "Remove all %s",
]


def test_javascript_catalog_translates_the_pick_list(staff_client):
    catalog = staff_client.get(reverse("admin:jsi18n")).content.decode()
    for msgid in PICK_LIST_STRINGS:
        escaped = msgid.replace('"', '\\"')
        match = re.search(re.escape(f'"{escaped}": ') + r'("[^"]*")', catalog)
        assert match, msgid
        translated = json.loads(match.group(1))
        assert re.search("[\u4e00-\u9fff]", translated), (msgid, translated)


def read_po(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (singular entries; enough for the project's own catalogs)."""
    entries, key, current = {}, None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("msgid "):
            key, current = "msgid", [line[6:]]
            msgid_parts = current
        elif line.startswith("msgstr "):
            key, current = "msgstr", [line[7:]]
            msgstr_parts = current
        elif line.startswith('"') and current is not None:
            current.append(line)
        elif not line.strip() and key == "msgstr":
            unquote = lambda parts: "".join(p.strip()[1:-1] for p in parts).encode().decode("unicode_escape").encode("latin-1").decode()  # noqa: E731
            entries[unquote(msgid_parts)] = unquote(msgstr_parts)
            key, current = None, None
    return entries


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_committed_mo_files_match_their_po(domain):
    """The compiled catalogs are committed (CI needs no gettext): each .mo says what its .po says."""
    directory = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
    po = {k: v for k, v in read_po(directory / f"{domain}.po").items() if k}
    with open(directory / f"{domain}.mo", "rb") as handle:
        mo = gettext.GNUTranslations(handle)
    assert po
    assert {msgid: mo.gettext(msgid) for msgid in po} == po
