from django.db import migrations, models


def create_row(apps, schema_editor):
    apps.get_model("newsroom", "Generation").objects.using(schema_editor.connection.alias).get_or_create(pk=1)


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveBigIntegerField(default=0, verbose_name="版本号")),
                ("next_publication", models.DateTimeField(blank=True, null=True, verbose_name="下一篇定时稿件的发布时间")),
                ("changed_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
            ],
            options={"verbose_name": "站点版本", "verbose_name_plural": "站点版本", "ordering": ["pk"]},
        ),
        migrations.RunPython(create_row, migrations.RunPython.noop),
    ]
