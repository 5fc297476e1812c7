"""PostgreSQL: an index on the display date (the date the archive files an article under), for date-archive
pages and date-filtered lists that stay as fast for a day three years back as for yesterday.

The expression is ``selectors.DISPLAY_DATE`` as Django writes it for PostgreSQL, with the project's time zone
(settings.TIME_ZONE, Asia/Shanghai): if that setting ever changes, run this migration again (backwards, then
forwards) or the index is no longer used — the pages stay right, only slower. SQLite finds the same rows
through the dateline and undated indexes (``selectors.on_days``).
"""

from django.conf import settings
from django.db import migrations

INDEX = "article_display_day"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    zone = settings.TIME_ZONE.replace("'", "''")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON articles_article "
        f"((COALESCE(dateline_date, (published_at AT TIME ZONE '{zone}')::date)) DESC, "
        "published_at DESC, position_on_page, id) WHERE status = 'published'"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_search_document")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
