# Issue 16: a person's portrait (the old "photo" field, renamed so it is not confused with Person.photos, the
# photos they took) and an organisation's logo, each with its renditions and the upright picture's size.

from django.db import migrations, models

import people.models


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_position_sources"),
    ]

    operations = [
        migrations.RenameField(model_name="person", old_name="photo", new_name="portrait"),
        migrations.AlterField(
            model_name="person",
            name="portrait",
            field=models.ImageField(
                blank=True,
                help_text="可选。JPEG、PNG 或 WebP，不超过 20 MB；读者看到的是自动生成的缩略图。",
                max_length=200,
                upload_to=people.models.portrait_upload_to,
                verbose_name="肖像",
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="portrait_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="肖像宽"),
        ),
        migrations.AddField(
            model_name="person",
            name="portrait_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="肖像高"),
        ),
        migrations.AddField(
            model_name="person",
            name="portrait_renditions",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="肖像缩略图"),
        ),
        migrations.AddField(
            model_name="organization",
            name="logo",
            field=models.ImageField(
                blank=True,
                help_text="可选。机构的标志或徽章，JPEG、PNG 或 WebP，不超过 20 MB；透明背景显示为白色。",
                max_length=200,
                upload_to=people.models.logo_upload_to,
                verbose_name="标志",
            ),
        ),
        migrations.AddField(
            model_name="organization",
            name="logo_width",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="标志宽"),
        ),
        migrations.AddField(
            model_name="organization",
            name="logo_height",
            field=models.PositiveIntegerField(blank=True, editable=False, null=True, verbose_name="标志高"),
        ),
        migrations.AddField(
            model_name="organization",
            name="logo_renditions",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="标志缩略图"),
        ),
    ]
