"""SQLite's search triggers: the FTS5 index follows the document table. They belong to no migration (one that
rebuilds a table drops its triggers silently): every ``migrate`` drops them first and creates them after.
"""

from __future__ import annotations

DOCUMENTS = "articles_articlesearchdocument"
FTS = "articles_search_fts"

_FTS_DELETE_OLD = (f"INSERT INTO {FTS}({FTS}, rowid, title, secondary, body)"
                   " VALUES ('delete', old.article_id, old.title, old.secondary, old.body);")
_FTS_INSERT_NEW = (f"INSERT INTO {FTS}(rowid, title, secondary, body)"
                   " VALUES (new.article_id, new.title, new.secondary, new.body);")

#: name -> CREATE statement.
TRIGGERS = {
    "articles_search_fts_insert": f"""CREATE TRIGGER articles_search_fts_insert
        AFTER INSERT ON {DOCUMENTS} BEGIN {_FTS_INSERT_NEW} END""",
    "articles_search_fts_delete": f"""CREATE TRIGGER articles_search_fts_delete
        AFTER DELETE ON {DOCUMENTS} BEGIN {_FTS_DELETE_OLD} END""",
    # Only when the words change: a new publication time is no reason to re-index the row.
    "articles_search_fts_update": f"""CREATE TRIGGER articles_search_fts_update
        AFTER UPDATE OF title, secondary, body ON {DOCUMENTS} BEGIN {_FTS_DELETE_OLD} {_FTS_INSERT_NEW} END""",
}


def drop_triggers(connection) -> None:
    """Remove every search trigger."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_triggers(connection) -> None:
    """Create every search trigger afresh on ``connection``'s database (its tables must exist)."""
    if connection.vendor != "sqlite":
        return
    drop_triggers(connection)
    with connection.cursor() as cursor:
        for sql in TRIGGERS.values():
            cursor.execute(sql)



def install_after_migrate(sender=None, using: str = "default", apps=None, **kwargs) -> None:
    """post_migrate: the triggers again, when the migrations have made the tables they watch (``apps``: the
    models as the migrations left them)."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if apps is None:
        from django.apps import apps
    try:
        Document = apps.get_model("articles", "ArticleSearchDocument")
    except LookupError:
        return
    # Migrated back before 0006 (no published_at), the triggers are its migrations'.
    if hasattr(Document, "published_at") and FTS in connection.introspection.table_names():
        install_triggers(connection)
