"""The article's publication time (and place on its page), copied by database triggers onto the rows that are
read in its order from their own index: the search documents (a search takes its newest matches from them
alone) and the mentions (a person's page walks their newest articles, not all of them). One definition.

Like every trigger of ours they belong to no migration (``articles.apps.drop_triggers``): after every
``migrate`` and ``flush`` they are created again and the times copied once, for writes made while they were away.
"""

from __future__ import annotations

from django.db import transaction

from .counting import drop_named

#: The tables holding a copy of their article's reading-order key (each row's article in ``article_id``), and
#: the columns copied: a search takes the newest documents; a person's list is in the full order of the lists.
DOCUMENTS, MENTIONS = "articles_articlesearchdocument", "articles_mention"
COPIES = {DOCUMENTS: ("published_at",), MENTIONS: ("published_at", "position_on_page")}

#: What a mention holds while its article is not there yet (a fixture may load it first): NOT NULL columns.
_MISSING = {"position_on_page": "0"}

#: Every trigger's name; on PostgreSQL each calls the function of its name (an article's insert, that of its
#: update).
NAMES = {"sqlite": ("articles_copy_published_at", "articles_copy_article_insert", "articles_copy_mention_insert",
                    "articles_copy_mention_update"),
         "postgresql": ("articles_copy_published_at", "articles_copy_article_insert", "articles_copy_mention")}

#: The trigger of migrations 0006-0021, which copied the time to the search documents alone.
_FORMER = "articles_search_published_at"


def _differs(vendor: str) -> str:
    """The comparison that holds when two values differ, NULLs included, in ``vendor``'s SQL."""
    return "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"


def trigger_sql(vendor: str, copies: dict[str, tuple[str, ...]] = COPIES) -> list[str]:
    """The statements creating the triggers that keep ``copies`` (table: columns). A mention takes the key when
    it is written (a person added to a published article; a save that wrote an old copy), and every copy
    follows its article's when that changes, or when the article is inserted after its rows (in one
    transaction, the foreign keys checked at its end)."""
    columns = sorted({column for kept in copies.values() for column in kept})
    differs = " OR ".join(f"OLD.{c} {_differs(vendor)} NEW.{c}" for c in columns)
    follow = " ".join(f"UPDATE {table} SET {', '.join(f'{c} = NEW.{c}' for c in kept)} WHERE article_id = NEW.id;"
                      for table, kept in copies.items())
    on_article = f"AFTER UPDATE OF {', '.join(columns)} ON articles_article FOR EACH ROW WHEN ({differs})"
    mention = copies.get(MENTIONS, ())
    of_article = {c: f"(SELECT {c} FROM articles_article WHERE id = NEW.article_id)" for c in mention}
    of_article = {c: f"COALESCE({sql}, {_MISSING[c]})" if c in _MISSING else sql for c, sql in of_article.items()}
    if vendor == "sqlite":
        statements = [f"CREATE TRIGGER articles_copy_published_at {on_article} BEGIN {follow} END",
                      f"CREATE TRIGGER articles_copy_article_insert AFTER INSERT ON articles_article FOR EACH ROW"
                      f" BEGIN {follow} END"]
        statements += [
            f"""CREATE TRIGGER articles_copy_mention_{event} AFTER {on} ON {MENTIONS} FOR EACH ROW
                WHEN {" OR ".join(f"NEW.{c} IS NOT {of_article[c]}" for c in mention)}
                BEGIN UPDATE {MENTIONS} SET {", ".join(f"{c} = {of_article[c]}" for c in mention)}
                WHERE id = NEW.id; END"""
            for event, on in (("insert", "INSERT"), ("update", f"UPDATE OF article_id, {', '.join(mention)}"))
        ] if mention else []
        return statements
    statements = [
        f"""CREATE OR REPLACE FUNCTION articles_copy_published_at() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN {follow} RETURN NULL; END $$""",
        f"CREATE TRIGGER articles_copy_published_at {on_article} EXECUTE FUNCTION articles_copy_published_at()",
        "CREATE TRIGGER articles_copy_article_insert AFTER INSERT ON articles_article FOR EACH ROW"
        " EXECUTE FUNCTION articles_copy_published_at()",
    ]
    if mention:
        statements += [
            f"""CREATE OR REPLACE FUNCTION articles_copy_mention() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN SELECT {", ".join(mention)} INTO {", ".join(f"NEW.{c}" for c in mention)}
                FROM articles_article WHERE id = NEW.article_id;
                {" ".join(f"NEW.{c} := COALESCE(NEW.{c}, {_MISSING[c]});" for c in mention if c in _MISSING)}
                RETURN NEW; END $$""",
            f"""CREATE TRIGGER articles_copy_mention BEFORE INSERT OR UPDATE OF article_id, {", ".join(mention)}
                ON {MENTIONS} FOR EACH ROW EXECUTE FUNCTION articles_copy_mention()""",
        ]
    return statements


def drop_triggers(connection) -> None:
    """Remove every copying trigger (PostgreSQL: with its function), the former one too."""
    if connection.vendor in NAMES:
        drop_named(connection, [*NAMES[connection.vendor], _FORMER])


def install_triggers(connection, copies: dict[str, tuple[str, ...]] = COPIES) -> None:
    """Create the triggers keeping ``copies`` afresh on ``connection``'s database."""
    if connection.vendor not in NAMES:
        return
    drop_triggers(connection)
    with connection.cursor() as cursor:
        for sql in trigger_sql(connection.vendor, copies):
            cursor.execute(sql)


def install_after_migrate(sender=None, using: str = "default", apps=None, **kwargs) -> None:
    """post_migrate: the triggers again, for the tables the migrations have given the column (``apps``: the
    models as the migrations left them), and the times copied once."""
    from django.db import connections

    if apps is None:
        from django.apps import apps
    try:
        models = {DOCUMENTS: apps.get_model("articles", "ArticleSearchDocument"),
                  MENTIONS: apps.get_model("articles", "Mention")}
    except LookupError:
        return
    copies = {table: COPIES[table] for table, model in models.items() if hasattr(model, "published_at")}
    if not copies:
        return  # migrated back before migration 0006: what that time had, its migrations made
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        install_triggers(connection, copies)
        for table, columns in copies.items():  # only the rows that differ: a migrate must not rewrite them all
            cursor.execute(f"UPDATE {table} SET {', '.join(f'{c} = a.{c}' for c in columns)}"
                           f" FROM articles_article a WHERE a.id = {table}.article_id"
                           f" AND ({' OR '.join(f'{table}.{c} {_differs(connection.vendor)} a.{c}' for c in columns)})")
