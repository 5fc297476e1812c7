"""The published-article counts (``PublishedCount``): the database triggers that keep them, and a recount.

Counting over the articles on every reader page costs what the paper weighs, so the counts are kept: each
write to the article table or to a watched table of its rows (topics, organizations, people named and
credited, the sources of a position) adds its changes, whatever wrote it (a save, an ``update()``, a bulk
import, a merge). The people's and positions' counts are what readers may see of them (``people.selectors``). :data:`DELTAS` says once what each write changes; the two
backends differ only in how a trigger reaches the rows written (:func:`trigger_sql`). An article's day is its
``display_date`` column, so the triggers hold no date rule of their own.

The triggers belong to no migration (``articles.apps.drop_triggers`` removes them before each): after every
``migrate`` and ``flush`` (``post_migrate``) :func:`install_and_recount` creates them and counts afresh (a flush
on SQLite empties the tables in no set order, and the triggers would write counts for articles already gone).
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Count

#: The counts kept per related row: (scope, through table, the related id's column), each row of a live
#: article adding one. A person is counted once per live article naming them and once per credit (文 and 图 on
#: one article: twice), a position once per live article it was printed in: those counts say whether readers
#: may see the person or the title (more than 0), not how many articles there are. ``named`` is how many live
#: articles name the person (a mention is unique per article and person): the length of their page's list.
THROUGH = (
    ("topic", "articles_article_topics", "topic_id"),
    ("organization", "articles_article_organizations", "organization_id"),
    ("person", "articles_mention", "person_id"),
    ("named", "articles_mention", "person_id"),
    ("person", "articles_credit", "person_id"),
    ("position", "people_position_sources", "position_id"),
)
TABLE = "articles_publishedcount"

#: The columns of each watched table that the changes below read. ``live`` is what readers may see now, stored
#: (``Article.live``): a scheduled article is counted when its time comes and ``live`` is set, not before.
COLUMNS = {"articles_article": ("id", "live", "display_date"),
           **{table: ("article_id", column) for _scope, table, column in THROUGH}}

#: A display date as the key of its day (yyyymmdd), in each backend's words.
DAY_KEY = {"sqlite": "CAST(strftime('%Y%m%d', {date}) AS INTEGER)",
           "postgresql": "CAST(to_char({date}, 'YYYYMMDD') AS BIGINT)"}


def _article_side(rows: str, sign: str) -> str:
    """What the live articles among ``rows`` add (sign "") or take away (sign "-"): all, and their day."""
    return (f"SELECT 'all' AS scope, 0 AS key, {sign}1 AS n FROM {rows} WHERE live"
            f" UNION ALL SELECT 'day', {{day_key}}, {sign}1 FROM {rows}"
            " WHERE live AND display_date IS NOT NULL")


def _relation_side(table: str, rows: str, sign: str) -> str:
    """What the rows ``rows`` of ``table`` (a through table) of a live article add or take away, in each of its
    scopes."""
    return " UNION ALL ".join(
        f"SELECT '{scope}' AS scope, r.{column} AS key, {sign}1 AS n FROM {rows} r"
        " JOIN articles_article a ON a.id = r.article_id AND a.live"
        for scope, through, column in THROUGH if through == table
    )


#: What each write changes in the counts: (table, event) -> rows of (scope, key, n) over the rows written,
#: ``{new}`` and ``{old}``, summed per count. An article updated takes its old self away and adds its new self
#: (the two cancel when neither its status nor its day changed); published or unpublished, it takes its topics
#: and organizations with it. An article's own through rows go before it is deleted (Django deletes them
#: first), so deleting an article changes only all and its day.
DELTAS = {
    ("articles_article", "INSERT"): _article_side("{new}", ""),
    ("articles_article", "DELETE"): _article_side("{old}", "-"),
    ("articles_article", "UPDATE"): " UNION ALL ".join([
        _article_side("{old}", "-"),
        _article_side("{new}", ""),
        *(f"SELECT '{scope}', t.{column}, CASE WHEN nw.live THEN 1 ELSE -1 END"
          " FROM {old} o JOIN {new} nw ON nw.id = o.id"
          f" JOIN {table} t ON t.article_id = nw.id WHERE o.live <> nw.live"
          for scope, table, column in THROUGH),
    ]),
    **{key: value for table in dict.fromkeys(table for _scope, table, _column in THROUGH) for key, value in {
        (table, "INSERT"): _relation_side(table, "{new}", ""),
        (table, "DELETE"): _relation_side(table, "{old}", "-"),
        (table, "UPDATE"): _relation_side(table, "{old}", "-") + " UNION ALL " + _relation_side(table, "{new}", ""),
    }.items()},
}

#: The part of each trigger's name that names its table.
NAMES = {"articles_article": "article", "articles_article_topics": "topic",
         "articles_article_organizations": "organization", "articles_mention": "mention",
         "articles_credit": "credit", "people_position_sources": "position_source"}


def trigger_name(table: str, event: str) -> str:
    return f"articles_count_{NAMES[table]}_{event.lower()}"


def _upsert(deltas: str) -> str:
    return (f"INSERT INTO {TABLE} (scope, key, n) SELECT scope, key, sum(n) FROM ({deltas}) AS deltas"
            f" WHERE true GROUP BY scope, key HAVING sum(n) <> 0"
            f" ON CONFLICT (scope, key) DO UPDATE SET n = {TABLE}.n + excluded.n")


def trigger_sql(vendor: str, tables=None) -> list[str]:
    """The statements that (re)create every counting trigger on ``vendor`` (of the watched tables among
    ``tables``, or all), replacing any of the same name.

    SQLite fires a trigger per row and names the row ``new``/``old``: the rows written are that one row.
    PostgreSQL fires once per statement with the rows written as transition tables (one upsert per count that
    changed, not one per article: a bulk insert of 100,000 articles in one transaction would otherwise leave a
    chain of 100,000 versions of the row of ``all``).
    """
    statements = []
    for (table, event), deltas in DELTAS.items():
        if tables is not None and table not in tables:
            continue
        name = trigger_name(table, event)
        if vendor == "sqlite":
            rows = {side: "(SELECT {})".format(", ".join(f"{side}.{c} AS {c}" for c in COLUMNS[table]))
                    for side in ("new", "old")}
        else:
            rows = {"new": "new_rows", "old": "old_rows"}
        body = _upsert(deltas.format(**rows, day_key=DAY_KEY[vendor].format(date="display_date")))
        if vendor == "sqlite":
            on = f"UPDATE OF {', '.join(COLUMNS[table])}" if event == "UPDATE" else event  # other columns: no change
            statements += [f"DROP TRIGGER IF EXISTS {name}",
                           f"CREATE TRIGGER {name} AFTER {on} ON {table} FOR EACH ROW BEGIN {body}; END"]
        else:
            transitions = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows",
                           "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows"}[event]
            statements += [
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$"
                f" BEGIN {body}; RETURN NULL; END $$",
                f"DROP TRIGGER IF EXISTS {name} ON {table}",
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {transitions}"
                f" FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
            ]
    return statements


def install_triggers(connection) -> None:
    """Create (or replace) every counting trigger on ``connection``'s database (SQLite or PostgreSQL)."""
    if connection.vendor not in DAY_KEY:
        return
    tables = set(connection.introspection.table_names())  # a table not made yet (migrated back) is skipped
    with connection.cursor() as cursor:
        for sql in trigger_sql(connection.vendor, tables):
            cursor.execute(sql)


def drop_named(connection, names) -> None:
    """Drop the triggers ``names`` on SQLite; on PostgreSQL the function of each name, with its trigger."""
    with connection.cursor() as cursor:
        for name in names:
            if connection.vendor == "sqlite":
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            elif connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")


def drop_triggers(connection) -> None:
    """Remove every counting trigger (and, on PostgreSQL, its function); those of migration 0007 too."""
    drop_named(connection, [trigger_name(table, event) for table, event in DELTAS])
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP FUNCTION IF EXISTS articles_count_day(date, timestamptz)")


def day_key(day) -> int:
    return day.year * 10000 + day.month * 100 + day.day


def recount(using: str = "default", apps=None) -> None:
    """Every count computed again from the live articles, in one transaction (``apps``: a migration's models);
    the related counts read the through tables by name."""
    from django.db import connections

    if apps is None:
        from django.apps import apps
    Article, PublishedCount = apps.get_model("articles", "Article"), apps.get_model("articles", "PublishedCount")
    with transaction.atomic(using=using):
        published = Article.objects.using(using).filter(live=True)
        rows = [PublishedCount(scope="all", key=0, n=published.count())]
        for day, n in published.exclude(display_date=None).order_by().values_list("display_date").annotate(n=Count("pk")):
            rows.append(PublishedCount(scope="day", key=day_key(day), n=n))
        totals: dict[tuple[str, int], int] = {}
        connection = connections[using]
        tables = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            for scope, table, column in THROUGH:
                if table not in tables:  # migrated back before it
                    continue
                cursor.execute(f"SELECT r.{column}, COUNT(*) FROM {table} r JOIN articles_article a"
                               f" ON a.id = r.article_id AND a.live GROUP BY r.{column}")
                for key, n in cursor.fetchall():
                    totals[scope, key] = totals.get((scope, key), 0) + n
        rows += [PublishedCount(scope=scope, key=key, n=n) for (scope, key), n in totals.items()]
        PublishedCount.objects.using(using).all().delete()
        PublishedCount.objects.using(using).bulk_create(rows, batch_size=1000)


def install_and_recount(sender=None, using: str = "default", apps=None, **kwargs) -> None:
    """post_migrate (after ``migrate``, and after ``flush``, which sends it too): the triggers created again
    and the counts computed afresh, when the database has the counts and the display date (``apps``: the
    models as the migrations left them)."""
    from django.db import connections

    if apps is None:
        from django.apps import apps
    try:
        article = apps.get_model("articles", "Article")
        apps.get_model("articles", "PublishedCount")
    except LookupError:
        return
    connection = connections[using]
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if hasattr(article, "live"):
            install_triggers(connection)
            recount(using, apps)
        else:  # migrated back before the columns: the triggers and counts of that time (migration 0007)
            counts_0007 = importlib.import_module("articles.migrations.0007_published_counts")
            editor = SimpleNamespace(connection=connection, execute=cursor.execute)
            counts_0007.drop_triggers(apps, editor)
            counts_0007.create_triggers(apps, editor)
            apps.get_model("articles", "PublishedCount").objects.using(using).all().delete()
            counts_0007.fill_counts(apps, editor)
