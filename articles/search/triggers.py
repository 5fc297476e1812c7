"""The search's database triggers: the document's publication time follows its article's, and on SQLite the
FTS5 index follows the document table. One definition, installed after every ``migrate`` and ``flush``.

Like the counting triggers (``articles.counting``), they belong to no migration: on SQLite a migration that
rebuilds a table drops its triggers silently (a column altered on the article table took the publication-time
trigger with it), and a rebuild fails while a trigger on another table names the one rebuilt. So every
``migrate`` drops them first (``pre_migrate``) and creates them again after (``post_migrate``), then copies
the publication times once, for any write made while they were away.
"""

from __future__ import annotations

from django.db.models import OuterRef, Subquery

DOCUMENTS = "articles_articlesearchdocument"
FTS = "articles_search_fts"

_FTS_DELETE_OLD = (f"INSERT INTO {FTS}({FTS}, rowid, title, secondary, body)"
                   " VALUES ('delete', old.article_id, old.title, old.secondary, old.body);")
_FTS_INSERT_NEW = (f"INSERT INTO {FTS}(rowid, title, secondary, body)"
                   " VALUES (new.article_id, new.title, new.secondary, new.body);")

#: name -> CREATE statement, per backend (PostgreSQL's trigger calls a function of the same name).
TRIGGERS = {
    "sqlite": {
        "articles_search_published_at": f"""CREATE TRIGGER articles_search_published_at
            AFTER UPDATE OF published_at ON articles_article FOR EACH ROW
            WHEN old.published_at IS NOT new.published_at BEGIN
                UPDATE {DOCUMENTS} SET published_at = new.published_at WHERE article_id = new.id;
            END""",
        "articles_search_fts_insert": f"""CREATE TRIGGER articles_search_fts_insert
            AFTER INSERT ON {DOCUMENTS} BEGIN {_FTS_INSERT_NEW} END""",
        "articles_search_fts_delete": f"""CREATE TRIGGER articles_search_fts_delete
            AFTER DELETE ON {DOCUMENTS} BEGIN {_FTS_DELETE_OLD} END""",
        # Only when the words change: a new publication time is no reason to re-index the row.
        "articles_search_fts_update": f"""CREATE TRIGGER articles_search_fts_update
            AFTER UPDATE OF title, secondary, body ON {DOCUMENTS} BEGIN {_FTS_DELETE_OLD} {_FTS_INSERT_NEW} END""",
    },
    "postgresql": {
        "articles_search_published_at": """CREATE TRIGGER articles_search_published_at
            AFTER UPDATE OF published_at ON articles_article FOR EACH ROW
            WHEN (OLD.published_at IS DISTINCT FROM NEW.published_at)
            EXECUTE FUNCTION articles_search_published_at()""",
    },
}

POSTGRES_FUNCTION = f"""CREATE OR REPLACE FUNCTION articles_search_published_at() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE {DOCUMENTS} SET published_at = NEW.published_at WHERE article_id = NEW.id;
        RETURN NULL;
    END $$"""


def drop_triggers(connection) -> None:
    """Remove every search trigger (PostgreSQL: the function too, with its trigger)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in TRIGGERS["sqlite"]:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS articles_search_published_at() CASCADE")


def install_triggers(connection) -> None:
    """Create every search trigger afresh on ``connection``'s database (its tables must exist)."""
    if connection.vendor not in TRIGGERS:
        return
    drop_triggers(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for sql in TRIGGERS[connection.vendor].values():
            cursor.execute(sql)


def drop_before_migrate(sender=None, using: str = "default", **kwargs) -> None:
    """pre_migrate: no search trigger in the way of a migration (:func:`install_after_migrate` puts them back)."""
    from django.db import connections

    drop_triggers(connections[using])


def install_after_migrate(sender=None, using: str = "default", apps=None, **kwargs) -> None:
    """post_migrate: the triggers again, when the migrations have made the tables they watch (``apps``: the
    models as the migrations left them), and the publication times copied once."""
    from django.db import connections, transaction

    if apps is None:
        from django.apps import apps
    try:
        Article = apps.get_model("articles", "Article")
        Document = apps.get_model("articles", "ArticleSearchDocument")
    except LookupError:
        return
    connection = connections[using]
    if not hasattr(Document, "published_at"):
        return  # migrated back before migration 0006: what that time had, its migrations made
    if connection.vendor == "sqlite" and FTS not in connection.introspection.table_names():
        return
    with transaction.atomic(using=using):
        install_triggers(connection)
        published_at = Article.objects.using(using).filter(pk=OuterRef("article_id")).values("published_at")[:1]
        Document.objects.using(using).update(published_at=Subquery(published_at))
