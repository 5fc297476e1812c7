# Written by hand: on PostgreSQL each search document's vector is kept in the table's row (storage MAIN), not
# in its TOAST table with the longer texts. Finding the newest matches of common words tests the newest
# documents one by one (articles.search): with the vector out of line each test read and decompressed it from
# the TOAST table, 5.6 microseconds a document at 100,000 articles; in the row, 1.4-2.2.

from django.db import migrations

TABLE = "articles_articlesearchdocument"


def vectors_in_the_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE MAIN")
    # The storage applies to values written from now on: write the existing vectors again (a new value, so
    # PostgreSQL stores it anew). About 11 s at 100,000 documents.
    schema_editor.execute(f"UPDATE {TABLE} SET vector = vector || ''::tsvector WHERE vector IS NOT NULL")


def vectors_out_of_line(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_published_counts")]

    operations = [migrations.RunPython(vectors_in_the_row, vectors_out_of_line, elidable=False)]
