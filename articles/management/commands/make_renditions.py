"""make_renditions: make the renditions pictures lack (a save whose renditions failed, rows written without
save()), or with --all make every picture's again (after the widths or the quality changed): article photos,
people's portraits and organisations' logos. Thin: the work is in ``newsroom.images``; a rendition already made
for a row's file is not made again unless --all."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import photos
from articles.models import ArticlePhoto
from newsroom import images
from newsroom.cache import pages_changed
from people.models import LOGO, PORTRAIT, Organization, Person

#: Each kind of picture: its rows (those with a picture) and where it keeps the picture and its renditions.
PICTURES = [
    (lambda: ArticlePhoto.objects.all(), photos.FIELDS),
    (lambda: Person.objects.exclude(portrait=""), PORTRAIT),
    (lambda: Organization.objects.exclude(logo=""), LOGO),
]


class Command(BaseCommand):
    help = "为缺少缩略图的稿件图片、人物肖像和机构标志生成缩略图（WebP 与 JPEG，三种宽度）；--all 全部重新生成。"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="全部重新生成（改了尺寸或质量之后）")

    def handle(self, *args, **options):
        made = failed = 0
        for rows, fields in PICTURES:
            for row in rows().order_by("pk").iterator(chunk_size=200):
                if options["all"]:
                    setattr(row, fields.renditions, {**getattr(row, fields.renditions), "source": None})
                try:
                    with transaction.atomic():
                        made += images.make_renditions(row, fields)
                except (OSError, ValueError) as exc:
                    failed += 1
                    self.stderr.write(f"{row._meta.verbose_name} #{row.pk}（{getattr(row, fields.image).name}）：{exc}")
        if made:
            pages_changed()
        self.stdout.write(f"已生成 {made} 张图片的缩略图" + (f"，{failed} 张失败" if failed else "") + "。")
