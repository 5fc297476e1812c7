"""make_renditions: make the renditions photos lack (a save whose renditions failed, photos written without
save()), or with --all make every photo's again (after WIDTHS or the quality changed). Thin: the work is in
``articles.photos``; a rendition already made for a photo's file is not made again unless --all."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import photos
from articles.models import ArticlePhoto
from newsroom.cache import pages_changed


class Command(BaseCommand):
    help = "为缺少缩略图的稿件图片生成缩略图（WebP 与 JPEG，三种宽度）；--all 全部重新生成。"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="全部重新生成（改了尺寸或质量之后）")

    def handle(self, *args, **options):
        made = failed = 0
        for photo in ArticlePhoto.objects.order_by("pk").iterator(chunk_size=200):
            if options["all"]:
                photo.renditions = {**photo.renditions, "source": None}
            try:
                with transaction.atomic():
                    made += photos.make_renditions(photo)
            except (OSError, ValueError) as exc:
                failed += 1
                self.stderr.write(f"图片 #{photo.pk}（{photo.image.name}）：{exc}")
        if made:
            pages_changed()
        self.stdout.write(f"已生成 {made} 张图片的缩略图" + (f"，{failed} 张失败" if failed else "") + "。")
