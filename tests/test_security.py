"""Security: production settings pass ``check --deploy``; headers (CSP without inline script, nosniff,
Referrer-Policy, no framing); imported text is escaped on every page and feeds stay well-formed XML; the admin
needs a login, throttles failed logins, and loads its JavaScript by src only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from newsroom import auth
from tests.factories import make_article, make_draft, make_person, make_reporter, make_topic

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "q" * 20 + "W3x9-_Zk" * 5,
    "DJANGO_ALLOWED_HOSTS": "news.example.cn",
    "DJANGO_HSTS_SECONDS": "31536000",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS": "1",
    "DJANGO_HSTS_PRELOAD": "1",
}


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(args, cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120)


# -- settings -------------------------------------------------------------------------------------------------


def test_check_deploy_passes_with_the_documented_production_variables():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


SHOW = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
    "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
)


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "False False False True 0 None"),
        (PRODUCTION, "True True True True 31536000 None"),
        ({**PRODUCTION, "DJANGO_SECURE_PROXY_SSL_HEADER": "1", "DJANGO_HSTS_SECONDS": "0"},
         "True True True True 0 ('HTTP_X_FORWARDED_PROTO', 'https')"),
        ({**PRODUCTION, "DJANGO_SECURE_SSL_REDIRECT": "0", "DJANGO_SECURE_COOKIES": "0"},
         "False False False True 31536000 None"),
    ],
    ids=["development", "production", "behind-a-tls-proxy", "plain-http-smoke-test"],
)
def test_https_settings_follow_the_environment(env, expected):
    result = run([sys.executable, "-c", SHOW], DJANGO_SETTINGS_MODULE="newsroom.settings", **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected


def test_a_bad_hsts_value_is_refused():
    result = run([sys.executable, "-c", SHOW], DJANGO_SETTINGS_MODULE="newsroom.settings",
                 **{**PRODUCTION, "DJANGO_HSTS_SECONDS": "a year"})
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr


# -- headers --------------------------------------------------------------------------------------------------


# The policy the hand-written middleware sent before django-csp (issue 14): no inline script or style.
CSP_DIRECTIVES = {
    "default-src": "'self'", "script-src": "'self'", "style-src": "'self'", "img-src": "'self' data:",
    "font-src": "'self'", "object-src": "'none'", "base-uri": "'self'", "form-action": "'self'",
    "frame-ancestors": "'none'",
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/feed/", "/sitemap.xml", "/admin/login/", "/no-such-page/"])
def test_security_headers_on_every_response(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives == CSP_DIRECTIVES and "unsafe" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


# -- escaping and well-formed XML -----------------------------------------------------------------------------

EVIL_TITLE = "<script>alert('标题')</script>张红军\x0b调研"
EVIL_BODY = "本报讯 <img src=x onerror=alert(1)>2月12日，\x0b\x01区领导<script>alert(2)</script>调研。\n\n&lt;b&gt; ]]> 第二段"


@pytest.fixture
def evil(db):
    topic = make_topic("安全<b>专题</b>")
    person = make_person("张红军")
    article = make_article(EVIL_TITLE, kicker="<i>引题</i>", subtitle="<svg onload=alert(3)>", body=EVIL_BODY)
    article.topics.add(topic)
    from tests.factories import make_mention

    make_mention(article, person, title_printed="<b>书记</b>")
    return article


def assert_escaped(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html and "<svg onload" not in html and "<i>引题</i>" not in html
    assert "&lt;script&gt;alert(" in html or "&lt;img src=x" in html


@pytest.mark.django_db
def test_imported_text_is_shown_as_text(client, evil):
    for url in [evil.get_absolute_url(), "/", "/articles/", "/search/?q=张红军", "/2023/02/",
                "/articles/?q=%3Cscript%3E"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_escaped(response.content.decode())
    detail = client.get(evil.get_absolute_url()).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in detail


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/sitemap.xml", "topic", "person"])
def test_feeds_and_sitemap_are_well_formed_xml_whatever_the_text(client, evil, url):
    if url == "topic":
        url = reverse("articles:topic_feed", kwargs={"slug": evil.topics.get().slug})
    elif url == "person":
        url = reverse("people:person_feed", kwargs={"slug": evil.mentions.get().person.slug})
    response = client.get(url)
    assert response.status_code == 200
    content = response.content
    assert b"\x0b" not in content and b"\x01" not in content
    root = ET.fromstring(content)  # raises on anything that is not well-formed XML 1.0
    text = "".join(root.itertext())
    if "feed" in url:
        assert "<script>alert('标题')</script>张红军调研" in text  # the title as text, only the control gone
        assert "<script>" not in content.decode()


# -- the admin ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_admin_page_without_login(client):
    urls = [reverse("admin:index")]
    for model in admin.site._registry:
        opts = model._meta
        for view in ("changelist", "add"):
            try:
                urls.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}"))
            except Exception:  # noqa: BLE001 - a model admin without that view
                continue
    draft = make_draft("草稿")
    urls.append(reverse("admin:articles_article_change", args=[draft.pk]))
    assert len(urls) > 10
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
        assert client.post(url, {"title": "x"}).status_code in (302, 403), url
    assert "草稿" not in client.get(reverse("admin:articles_article_changelist"), follow=True).content.decode()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the logins below, not hashing


def login(client, username, password, address="10.0.0.1", **headers):
    return client.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"},
                       REMOTE_ADDR=address, **headers)


LOCKED = "登录失败次数过多"


@pytest.mark.django_db
def test_login_is_locked_at_the_fifth_failure_for_that_name_and_address(client, django_user_model, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    django_user_model.objects.create_superuser("editor", "e@example.com", "pw-editor-123")
    for _ in range(4):
        response = login(client, "editor", "wrong")
        assert response.status_code == 200 and LOCKED not in response.content.decode()
    fifth = login(client, "editor", "wrong")  # the fifth password checked, then the pair is locked
    assert fifth.status_code == 429 and LOCKED in fifth.content.decode()
    locked = login(client, "editor", "pw-editor-123")  # even the right password, while locked
    assert locked.status_code == 429
    assert settings.AXES_COOLOFF_MESSAGE in locked.content.decode()
    assert 'name="password"' in locked.content.decode()  # the admin's login page, not a bare message
    assert "_auth_user_id" not in client.session
    # another address, or another name from this one, is not locked
    assert login(client, "editor", "pw-editor-123", address="10.0.0.2").status_code == 302
    client.logout()
    assert LOCKED not in login(client, "other", "x").content.decode()


@pytest.mark.django_db
def test_the_count_is_kept_in_the_database_shared_by_every_worker(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.com", "pw-editor-123")
    for _ in range(3):
        login(client, "editor", "wrong")
    # One row per name and address in a table every process reads, not a number in this process's memory.
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("editor", "10.0.0.1", 3)
    # Another worker: no memory of this one's requests (empty cache, a new client), the same database.
    cache.clear()
    other_worker = Client()
    for _ in range(2):
        login(other_worker, "editor", "wrong")
    assert AccessAttempt.objects.get().failures_since_start == 5
    assert login(Client(), "editor", "pw-editor-123").status_code == 429


@pytest.mark.django_db
def test_a_successful_login_clears_the_count(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.com", "pw-editor-123")
    for _ in range(4):
        login(client, "editor", "wrong")
    assert login(client, "editor", "pw-editor-123").status_code == 302
    assert not AccessAttempt.objects.exists()
    client.logout()
    for _ in range(4):
        login(client, "editor", "wrong")
    assert login(client, "editor", "pw-editor-123").status_code == 302


@pytest.mark.django_db
def test_lock_expires_fifteen_minutes_after_the_last_failure(client, django_user_model):
    django_user_model.objects.create_superuser("editor", "e@example.com", "pw-editor-123")
    for _ in range(5):
        login(client, "editor", "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert login(client, "editor", "pw-editor-123").status_code == 429  # refused, and not counted
    assert AccessAttempt.objects.get().failures_since_start == 5
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))
    assert login(client, "editor", "pw-editor-123").status_code == 302


@pytest.mark.django_db
def test_behind_the_tls_proxy_the_address_is_the_one_the_proxy_appended(client, django_user_model, settings):
    settings.LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR = True
    django_user_model.objects.create_superuser("editor", "e@example.com", "pw-editor-123")
    for _ in range(5):  # the client's own X-Forwarded-For entry (first) changes every time; ours does not
        login(client, "editor", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.1.1.{_}, 203.0.113.7")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
    assert login(client, "editor", "pw-editor-123", address="127.0.0.1",
                 HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert login(client, "editor", "pw-editor-123", address="127.0.0.1",
                 HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302


def test_client_address():
    def request(**meta):
        return RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", **meta)

    with override_settings(LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR=False):
        assert auth.client_address(request(HTTP_X_FORWARDED_FOR="203.0.113.7")) == "127.0.0.1"
    with override_settings(LOGIN_THROTTLE_TRUST_X_FORWARDED_FOR=True):
        assert auth.client_address(request(HTTP_X_FORWARDED_FOR="10.0.0.9, 203.0.113.7")) == "203.0.113.7"
        assert auth.client_address(request(HTTP_X_FORWARDED_FOR="not-an-address")) == "127.0.0.1"
        assert auth.client_address(request()) == "127.0.0.1"


SCRIPT_TAG_RE = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
INLINE_HANDLER_RE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.mark.django_db
def test_admin_pages_load_their_javascript_by_src_only(staff_client):
    reporter = make_reporter("sun")
    article = make_draft("草稿", created_by=reporter)
    person = make_person("张红军")
    pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:people_person_change", args=[person.pk]),
        reverse("admin:articles_article_history", args=[article.pk]),
    ]
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        scripts = SCRIPT_TAG_RE.findall(html)
        assert scripts, url
        for attributes, body in scripts:
            assert "src=" in attributes and not body.strip(), f"{url}: inline script {body[:80]!r}"
        assert not INLINE_HANDLER_RE.search(html), f"{url}: inline event handler"
        assert "javascript:" not in html.lower(), url


def test_no_template_has_an_inline_style_the_csp_would_block():
    """style-src is the site only: a <style> block or a style="…" attribute would be ignored by browsers."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "templates"
    inline = [str(p.relative_to(root)) for p in root.rglob("*.html")
              if "<style" in (text := p.read_text(encoding="utf-8")) or ' style="' in text]
    assert inline == []
