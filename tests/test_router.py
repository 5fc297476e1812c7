"""Reads on streaming replicas (newsroom.routers), against a real primary and a hot standby made with
pg_basebackup on loopback sockets: a reader's page reads the standby, writes and the admin use the primary,
and the standby really is one (it refuses writes). Skips when the PostgreSQL binaries are missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from newsroom.routers import PrimaryReplicaRouter
from tests import pg_cluster

ROOT = Path(__file__).resolve().parent.parent


def test_without_replicas_everything_uses_the_primary(settings):
    router = PrimaryReplicaRouter()
    assert router.db_for_read(None) == "default"
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica1", "articles")


SCRIPT = textwrap.dedent(
    """
    import json, time
    import django
    django.setup()
    from wsgiref.util import setup_testing_defaults
    from django.contrib.auth import get_user_model
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.db import connections, DatabaseError
    from django.test.utils import override_settings
    from people.models import Organization

    call_command("migrate", verbosity=0)  # on the primary only: the standby gets the schema by replication
    seen = {"aliases": sorted(connections.settings)}

    used = []
    def recorder(alias):
        def record(execute, sql, params, many, context):
            used.append(alias)
            return execute(sql, params, many, context)
        return record

    # a write, outside any request: the primary
    org = Organization.objects.create(name="郑州高新区管委会", slug="zheng-zhou-gao-xin-qu-guan-wei-hui", confirmed=True)
    seen["write_db"] = org._state.db
    seen["read_outside_request"] = Organization.objects.all().db

    # the standby catches up within a second or two
    deadline = time.monotonic() + 20
    replicated = False
    while time.monotonic() < deadline and not replicated:
        with connections["replica1"].cursor() as cursor:
            cursor.execute("SELECT count(*) FROM people_organization WHERE slug = %s", [org.slug])
            replicated = cursor.fetchone()[0] == 1
        time.sleep(0.1)
    seen["replicated"] = replicated
    with connections["replica1"].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        seen["replica_in_recovery"] = cursor.fetchone()[0]
    try:
        Organization.objects.using("replica1").create(name="只读", slug="du")
        seen["replica_refuses_writes"] = False
    except DatabaseError as exc:
        seen["replica_refuses_writes"] = "read-only" in str(exc)

    app = WSGIHandler()
    def request(path, method="GET", cookie=""):
        environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "HTTP_HOST": "testserver", "HTTP_COOKIE": cookie}
        setup_testing_defaults(environ)
        status = {}
        used.clear()
        body = app(environ, lambda code, headers: status.update(code=int(code.split()[0]), headers=dict(headers)))
        content = b"".join(body)
        body.close()
        request.cache = status["headers"].get("X-Page-Cache", "")
        return status["code"], sorted(set(used)), content.decode()

    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    with override_settings(STORAGES=static, PAGE_CACHE_SECONDS=0), \\
            connections["default"].execute_wrapper(recorder("default")), \\
            connections["replica1"].execute_wrapper(recorder("replica1")):
        code, dbs, html = request("/organizations/")
        seen["reader_page"] = [code, dbs]
        # what a reader's request reads comes from the standby, and is what the primary wrote
        from newsroom.routers import _replica
        token = _replica.set("replica1")
        read = Organization.objects.get(slug=org.slug)
        _replica.reset(token)
        seen["reader_read"] = [read._state.db, read.name]
        seen["reader_post"] = request("/organizations/", method="POST")[1]
        # an editor in the admin: a session on the primary, every read there
        user = get_user_model().objects.create_superuser("editor", "e@example.com", "pw-editor-123")
        from django.contrib.sessions.backends.db import SessionStore
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        code, dbs, _ = request("/admin/people/organization/", cookie=f"sessionid={session.session_key}")
        seen["admin_page"] = [code, dbs]

    # The page cache on: a standby that lags files what it shows under the generation it has replayed, so
    # once it catches up its readers get the new page, not its old rows kept under the newer number.
    from articles.models import Article
    from newsroom.cache import GENERATION_SECONDS
    from newsroom.models import Generation

    def replayed():
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if Generation.objects.using("replica1").get(pk=1).number == Generation.objects.get(pk=1).number:
                return True
            time.sleep(0.05)
        return False

    from django.utils import timezone
    article = Article.objects.create(
        title="高新区召开安全生产会议", body="本报讯 安全生产。", status="published", published_at=timezone.now()
    )
    with override_settings(STORAGES=static, PAGE_CACHE_SECONDS=300), \\
            connections["default"].execute_wrapper(recorder("default")), \\
            connections["replica1"].execute_wrapper(recorder("replica1")):
        url = article.get_absolute_url()
        seen["caught_up_before"] = replayed()
        code, dbs, html = request(url)
        seen["cached_first"] = [code, dbs, request.cache, "安全生产会议" in html]
        with connections["replica1"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_pause()")
        article.title = "高新区召开安全生产工作会议"
        article.save()  # autocommit: the primary's generation moves on; the standby has not replayed it
        code, dbs, html = request(url)
        seen["lagging"] = [code, request.cache, "安全生产工作会议" in html]
        with connections["replica1"].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
        seen["caught_up_after"] = replayed()
        time.sleep(GENERATION_SECONDS)  # the generation this process read from the standby, trusted that long
        code, dbs, html = request(url)
        seen["after"] = [code, request.cache, "安全生产工作会议" in html]
    print(json.dumps(seen))
    """
)


@pg_cluster.needs_own_servers
def test_reader_pages_read_the_standby_and_everything_else_the_primary():
    with pg_cluster.temp_root() as root:
        primary = pg_cluster.Server(root, "primary", 5433)
        standby = pg_cluster.Server(root, "standby", 5434)
        primary.initdb()
        primary.start()
        try:
            primary.createdb()
            standby.base_backup_of(primary)
            standby.start()
            env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
            env.update(
                DATABASE_URL=primary.url, DATABASE_REPLICA_URLS=standby.url, DJANGO_DEBUG="0",
                DJANGO_SECRET_KEY="s" * 50, DJANGO_ALLOWED_HOSTS="testserver", DJANGO_SECURE_SSL_REDIRECT="0",
                DJANGO_SECURE_COOKIES="0", DJANGO_SETTINGS_MODULE="newsroom.settings", PYTHONPATH=str(ROOT),
                NEWSROOM_PAGE_CACHE_DIR=str(Path(root) / "cache"),
            )
            result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True,
                                    text=True, timeout=300)
            assert result.returncode == 0, result.stderr[-3000:]
            seen = json.loads(result.stdout.strip().splitlines()[-1])
        finally:
            standby.stop("immediate")
            primary.stop("immediate")
    assert seen["aliases"] == ["default", "replica1"]
    assert seen["write_db"] == "default"
    assert seen["read_outside_request"] == "default"  # commands such as import_page read what they write
    assert seen["replicated"] and seen["replica_in_recovery"] and seen["replica_refuses_writes"]
    assert seen["reader_page"] == [200, ["replica1"]]
    assert seen["reader_read"] == ["replica1", "郑州高新区管委会"]
    assert "replica1" not in seen["reader_post"]
    assert seen["admin_page"] == [200, ["default"]]
    # with the page cache on, a lagging standby's page is never kept as the newer generation's
    assert seen["caught_up_before"] and seen["caught_up_after"]
    assert seen["cached_first"] == [200, ["replica1"], "miss", True]
    assert seen["lagging"] == [200, "hit", False]  # the standby's own (older) generation: its own page
    assert seen["after"] == [200, "miss", True]
