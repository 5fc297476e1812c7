"""The site's generation: one row every process that serves readers reads, so a change reaches them all."""

from __future__ import annotations

from django.db import models


class Generation(models.Model):
    """What readers may see changed ``number`` times; ``next_publication`` is when a scheduled article's time
    comes (a change too, with nobody to announce it). ``newsroom.cache`` keys every cached page by the number.
    ``dictionary`` counts the changes of the confirmed people's names the search cuts text with."""

    number = models.PositiveBigIntegerField("版本号", default=0)
    next_publication = models.DateTimeField("下一篇定时稿件的发布时间", null=True, blank=True)
    dictionary = models.PositiveBigIntegerField("人名词典版本号", default=0)
    changed_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = verbose_name_plural = "站点版本"

    def __str__(self) -> str:
        return f"第{self.number}版"
