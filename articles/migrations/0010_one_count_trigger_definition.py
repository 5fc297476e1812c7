# Written by hand: the counting triggers of migration 0007 (and PostgreSQL's day function) removed. From here
# on articles.counting keeps them: one definition for both backends, an article's day read from its
# display_date column, dropped before every migrate and created again, with the counts, after it.

import importlib

from django.db import migrations

COUNTS_0007 = importlib.import_module("articles.migrations.0007_published_counts")


def drop(apps, schema_editor):
    COUNTS_0007.drop_triggers(apps, schema_editor)


def restore_0007(apps, schema_editor):
    COUNTS_0007.drop_triggers(apps, schema_editor)
    COUNTS_0007.create_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_display_date")]

    operations = [migrations.RunPython(drop, restore_0007, elidable=False)]
