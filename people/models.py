"""People (officials, staff journalists), organizations, and the positions people hold at them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from newsroom import images
from newsroom.links import slug_url
from newsroom.text import PinyinSlugMixin

#: Portraits and logos are shown small (a column beside the name) and shared as og:image (600 px and more).
PORTRAIT_WIDTHS = (240, 480, 960)
#: Where a person keeps their portrait and an organisation its logo, and the renditions of each. A replaced
#: file is deleted at commit: nothing else names it.
PORTRAIT = images.RenditionFields(
    image="portrait", renditions="portrait_renditions", width="portrait_width", height="portrait_height",
    widths=PORTRAIT_WIDTHS, replaces_original=True,
)
LOGO = images.RenditionFields(
    image="logo", renditions="logo_renditions", width="logo_width", height="logo_height",
    widths=PORTRAIT_WIDTHS, replaces_original=True,
)


def portrait_upload_to(instance: Person, filename: str) -> str:
    return images.unguessable_name("people/portraits", filename)


def logo_upload_to(instance: Organization, filename: str) -> str:
    return images.unguessable_name("people/logos", filename)


class PersonKind(models.TextChoices):
    OFFICIAL = "official", "官员"
    JOURNALIST = "journalist", "本报记者/通讯员"
    OTHER = "other", "其他"


class PersonQuerySet(models.QuerySet):
    def officials(self):
        return self.filter(kind=PersonKind.OFFICIAL)

    def journalists(self):
        return self.filter(kind=PersonKind.JOURNALIST)

    def confirmed(self):
        return self.filter(confirmed=True)


class Person(PinyinSlugMixin, models.Model):
    """A person named in the paper: an official, one of our own journalists, or anyone else.

    Chinese names repeat, so the name is unique only together with ``disambiguator`` (e.g. 李平 · 区教育局):
    two people called 李平 are two rows, never merged behind the editors' backs.
    """

    name = models.CharField("姓名", max_length=50)
    disambiguator = models.CharField(
        "区分说明", max_length=100, blank=True, default="", help_text="同名时用于区分，如“区教育局”。"
    )
    slug = models.SlugField("网址标识", max_length=80, unique=True, blank=True, help_text="留空则按拼音自动生成。")
    kind = models.CharField("类别", max_length=20, choices=PersonKind.choices, default=PersonKind.OTHER)
    bio = models.TextField("简介", blank=True, default="")
    portrait = models.ImageField(
        "肖像", upload_to=portrait_upload_to, max_length=200, blank=True,
        help_text="可选。JPEG、PNG 或 WebP，不超过 20 MB；读者看到的是自动生成的缩略图。",
    )
    portrait_width = models.PositiveIntegerField("肖像宽", null=True, blank=True, editable=False)
    portrait_height = models.PositiveIntegerField("肖像高", null=True, blank=True, editable=False)
    #: {"source": portrait name, "jpeg": [[width, height, name], …], "webp": […]}, narrowest first.
    portrait_renditions = models.JSONField("肖像缩略图", default=dict, blank=True, editable=False)
    confirmed = models.BooleanField(
        "已核实", default=False, help_text="编辑核实过的人名会加入分词词典，提高以后导入的识别率。"
    )
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="后台账号",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="byline_person",
        help_text="本报记者/通讯员的后台账号：他新建的稿件自动署上这个名字。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人物"
        verbose_name_plural = "人物"
        ordering = ["name", "disambiguator"]
        constraints = [
            models.UniqueConstraint(fields=["name", "disambiguator"], name="person_unique_name_disambiguator"),
        ]
        indexes = [models.Index(fields=["kind", "name"], name="person_kind_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.disambiguator}）" if self.disambiguator else self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Renditions once per file; a replaced or cleared file's go at commit.
        images.picture_saved(self, PORTRAIT, kwargs.get("update_fields"))

    def get_absolute_url(self) -> str:
        return slug_url("people:person_detail", self.slug)

    slug_fallback = "person"

    def slug_source(self) -> str:
        return f"{self.name} {self.disambiguator}".strip()

    @property
    def portrait_picture(self) -> images.Picture | None:
        """The portrait's renditions as URLs, None without one."""
        return images.picture(self.portrait, self.portrait_renditions)

    def positions_on(self, day: dt.date) -> list[Position]:
        """The positions held on ``day``, from prefetched ``positions`` when there are any."""
        return [p for p in self.positions.all() if p.held_on(day)]


class OrganizationKind(models.TextChoices):
    PARTY = "party", "党委/党组织"
    GOVERNMENT = "government", "政府部门"
    CONGRESS = "congress", "人大/政协"
    JUDICIAL = "judicial", "法院/检察院"
    INSTITUTION = "institution", "事业单位"
    ENTERPRISE = "enterprise", "企业"
    ASSOCIATION = "association", "协会/学会"
    UNIVERSITY = "university", "高校/科研院所"
    OTHER = "other", "其他"


class Organization(PinyinSlugMixin, models.Model):
    """A body people hold positions at and articles name: 郑州高新区, 区党工委, 中国矿业大学深圳研究院…"""

    name = models.CharField("名称", max_length=200, unique=True)
    short_name = models.CharField("简称", max_length=50, blank=True, default="", help_text="如“高新区”。")
    aliases = models.TextField(
        "其他名称", blank=True, default="", help_text="每行一个，导入时按这些名称识别同一机构。"
    )
    slug = models.SlugField("网址标识", max_length=120, unique=True, blank=True)
    kind = models.CharField("类别", max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField("简介", blank=True, default="")
    logo = models.ImageField(
        "标志", upload_to=logo_upload_to, max_length=200, blank=True,
        help_text="可选。机构的标志或徽章，JPEG、PNG 或 WebP，不超过 20 MB；透明背景显示为白色。",
    )
    logo_width = models.PositiveIntegerField("标志宽", null=True, blank=True, editable=False)
    logo_height = models.PositiveIntegerField("标志高", null=True, blank=True, editable=False)
    #: As ``Person.portrait_renditions``, for the logo.
    logo_renditions = models.JSONField("标志缩略图", default=dict, blank=True, editable=False)
    confirmed = models.BooleanField("已核实", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "机构"
        verbose_name_plural = "机构"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Renditions once per file; a replaced or cleared file's go at commit.
        images.picture_saved(self, LOGO, kwargs.get("update_fields"))

    def get_absolute_url(self) -> str:
        return slug_url("people:organization_detail", self.slug)

    @property
    def logo_picture(self) -> images.Picture | None:
        """The logo's renditions as URLs, None without one."""
        return images.picture(self.logo, self.logo_renditions)

    slug_fallback = "org"
    slug_max_length = 80

    def slug_source(self) -> str:
        return self.short_name or self.name

    @property
    def alias_list(self) -> list[str]:
        names = [line.strip() for line in self.aliases.splitlines()]
        return [n for n in dict.fromkeys([self.short_name, *names]) if n and n != self.name]

    @property
    def all_names(self) -> list[str]:
        return [self.name, *self.alias_list]


class PositionQuerySet(models.QuerySet):
    def held_on(self, day: dt.date):
        return self.filter(Q(start_date__isnull=True) | Q(start_date__lte=day)).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)
        )


class Position(models.Model):
    """A title a person holds at an organization for a time: 张红军 — 党工委书记 — 郑州高新区.

    One person may hold several at once (吴志强 has four); open dates mean "not known" / "still held".
    """

    person = models.ForeignKey(Person, verbose_name="人物", on_delete=models.CASCADE, related_name="positions")
    organization = models.ForeignKey(
        Organization,
        verbose_name="机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="positions",
    )
    title = models.CharField("职务", max_length=200)
    start_date = models.DateField("起始日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True)
    order = models.PositiveSmallIntegerField("排序", default=0)
    #: The articles whose printed titles gave the person this position (the importer records them). A position
    #: with none was entered by an editor; one with some is shown to readers once one of them is readable.
    sources = models.ManyToManyField(
        "articles.Article", verbose_name="依据稿件", blank=True, related_name="positions_supported"
    )

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = "职务"
        verbose_name_plural = "职务"
        ordering = ["person", "order", "-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="position_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["organization", "person"], name="position_org_person")]

    def __str__(self) -> str:
        where = f"{self.organization} " if self.organization else ""
        return f"{self.person.name} — {where}{self.title}"

    def held_on(self, day: dt.date) -> bool:
        return (self.start_date is None or self.start_date <= day) and (self.end_date is None or day <= self.end_date)
