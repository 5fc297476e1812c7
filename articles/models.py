"""Articles of the print edition and what hangs off them: bylines, mentions, meetings, topics, source pages."""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from newsroom.images import unguessable_name
from newsroom.links import slug_url
from newsroom.text import PinyinSlugMixin, cn_date
from people.models import Organization, Person

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


class TimeOfDay(models.TextChoices):
    NONE = "", "未注明"
    MORNING = "上午", "上午"
    NOON = "中午", "中午"
    AFTERNOON = "下午", "下午"
    EVENING = "晚上", "晚上"
    ALL_DAY = "全天", "全天"


class Topic(PinyinSlugMixin, models.Model):
    """A subject readers follow (党建, 招商引资, 应急安全…); its keywords suggest it for imported articles."""

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.SlugField("网址标识", max_length=80, unique=True, blank=True)
    description = models.TextField("说明", blank=True, default="")
    keywords = models.TextField("关键词", blank=True, default="", help_text="每行一个或用逗号、顿号分隔，用于自动推荐专题。")

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return slug_url("articles:topic_detail", self.slug)

    slug_fallback = "topic"

    def slug_source(self) -> str:
        return self.name

    @property
    def keyword_list(self) -> list[str]:
        return [k for k in (w.strip() for w in re.split(r"[\n,，、;；]+", self.keywords)) if k]


def page_upload_to(instance: SourcePage, filename: str) -> str:
    """pages/2023/03/<random>.pdf (or .png, .jpg, .tif): the page's PDF or scan, under a name no one can guess."""
    return unguessable_name(timezone.localdate().strftime("pages/%Y/%m"), filename, ".pdf")


class SourcePage(models.Model):
    """The OCR text of one imported print page, kept exactly as given: nothing done later may lose it. A page
    imported from its PDF or its scan also keeps that file (``original``: a page of a longer PDF as a PDF of
    its own), which page of the PDF it was and the page drawn as pictures for the e-paper (``images``, made
    once at import, ``articles.scan.RENDER_WIDTHS``)."""

    raw_text = models.TextField("原始文本")
    checksum = models.CharField("校验和 (SHA-256)", max_length=64, unique=True)
    file_name = models.CharField("文件名", max_length=255, blank=True, default="")
    encoding = models.CharField("编码", max_length=20, default="utf-8")
    issue_date = models.DateField("出版日期", null=True, blank=True)
    page_number = models.PositiveSmallIntegerField("版次", null=True, blank=True)
    imported_at = models.DateTimeField("导入时间", default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="imported_pages",
    )
    residue = models.TextField(
        "未归入稿件的文字", blank=True, default="",
        help_text="导入时没能归入任何稿件的文字（版面装饰除外），逐段保存，待编辑处理。",
    )
    original = models.FileField(
        "版面原件", upload_to=page_upload_to, max_length=200, blank=True, default="",
        help_text="版面 PDF（多页 PDF 导入时为其中的这一页）或扫描件。",
    )
    pdf_page = models.PositiveSmallIntegerField("PDF 页码", null=True, blank=True,
                                                help_text="这一版是导入的 PDF 的第几页；扫描件为空。")
    #: {"webp": [[width, height, name], …]}, narrowest first: the page as printed, for the e-paper view.
    images = models.JSONField("版面图", default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = "版面原文"
        verbose_name_plural = "版面原文"
        ordering = ["-imported_at", "-pk"]
        get_latest_by = "imported_at"
        indexes = [models.Index(fields=["issue_date", "page_number"], name="sourcepage_issue_page")]

    def __str__(self) -> str:
        when = f"{self.issue_date:%Y-%m-%d} " if self.issue_date else ""
        page = f"第{self.page_number}版 " if self.page_number else ""
        return f"{when}{page}{self.file_name or self.checksum[:12]}".strip()


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEW = "review", "待审"
    APPROVED = "approved", "已审核"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


def readable(now: dt.datetime | None = None) -> Q:
    """What readers may see: published, and its publication time has come. The one statement of the rule."""
    return Q(status=ArticleStatus.PUBLISHED, published_at__lte=now or timezone.now())


#: The fields ``Article.live`` (the rule above, stored for the kept counts) is computed from.
LIVE_SOURCES = frozenset({"status", "published_at"})

#: The fields an article's display date is computed from (:func:`display_date_of`).
DISPLAY_DATE_SOURCES = frozenset({"dateline_date", "published_at", "issue_date"})


def display_date_of(dateline_date: dt.date | None, published_at: dt.datetime | None,
                    issue_date: dt.date | None = None) -> dt.date | None:
    """The date a reader sees, and the day the date archive files an article under: the event's date from the
    text, else the day it was published in the paper's time zone (settings.TIME_ZONE), else (an unpublished
    article) the date of its print issue. The one statement of the rule: ``Article.display_date`` is this,
    stored."""
    if dateline_date:
        return dateline_date
    if published_at:
        return timezone.localdate(published_at, timezone.get_default_timezone())
    return issue_date


def fill_display_dates(articles, batch_size: int = 1000) -> int:
    """Compute and store the display date of ``articles`` (a queryset of any Article model, a migration's
    historical one too), in batches by primary key. Returns how many changed."""
    changed, last = 0, None
    fields = ("pk", "dateline_date", "published_at", "issue_date", "display_date")
    while True:
        batch = articles.order_by("pk")
        if last is not None:
            batch = batch.filter(pk__gt=last)
        rows = list(batch.values_list(*fields)[:batch_size])
        if not rows:
            return changed
        last = rows[-1][0]
        stale = []
        for pk, dateline_date, published_at, issue_date, stored in rows:
            day = display_date_of(dateline_date, published_at, issue_date)
            if day != stored:
                stale.append(articles.model(pk=pk, display_date=day))
        # bulk_update of the queryset's own model: the rows' other fields are not touched.
        articles.model.objects.using(articles.db).bulk_update(stale, ["display_date"])
        changed += len(stale)


class ArticleKind(models.TextChoices):
    """What an item of a printed page is: the importer tells them apart (articles.ocr.types KIND_*)."""

    NEWS = "消息", "消息"
    PHOTO = "图片新闻", "图片新闻"
    BRIEF = "简讯", "简讯"


class ArticleQuerySet(models.QuerySet):
    def published(self, now: dt.datetime | None = None):
        """What readers may see (:func:`readable`)."""
        return self.filter(readable(now))

    def refresh_live(self) -> int:
        """Store ``live`` afresh for these articles (a write the counting triggers see); how many changed.
        ``newsroom.cache.advance`` calls it on the articles whose scheduled time has come."""
        now = timezone.now()
        return (self.filter(readable(now), live=False).update(live=True)
                + self.filter(live=True).exclude(readable(now)).update(live=False))

    # Writes that bypass save() keep the stored display date right too.

    def update(self, **kwargs) -> int:
        if DISPLAY_DATE_SOURCES.isdisjoint(kwargs) and LIVE_SOURCES.isdisjoint(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))  # before: the update may take them out of the filter
            updated = super().update(**kwargs)
            for start in range(0, len(ids), 1000):
                batch = self.model.objects.using(self.db).filter(pk__in=ids[start:start + 1000])
                fill_display_dates(batch)
                batch.refresh_live()
        return updated

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        for obj in objs:
            obj.display_date = obj.compute_display_date()
            obj.live = obj.is_public
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        if not DISPLAY_DATE_SOURCES.isdisjoint(fields):
            for obj in objs:
                obj.display_date = obj.compute_display_date()
            fields = [*fields, "display_date"] if "display_date" not in fields else fields
        if not LIVE_SOURCES.isdisjoint(fields):
            for obj in objs:
                obj.live = obj.is_public
            fields = [*fields, "live"] if "live" not in fields else fields
        return super().bulk_update(objs, fields, *args, **kwargs)

    def with_people(self):
        return self.prefetch_related(
            models.Prefetch("mentions", queryset=Mention.objects.select_related("person")),
            models.Prefetch("credits", queryset=Credit.objects.select_related("person")),
        )


class Article(PinyinSlugMixin, models.Model):
    """One article of the print edition. The body keeps its paragraphs: they are separated by blank lines."""

    title = models.CharField("标题（主题）", max_length=300)
    kicker = models.CharField("引题", max_length=300, blank=True, default="")
    subtitle = models.CharField("副题", max_length=300, blank=True, default="")
    slug = models.SlugField("网址标识", max_length=80, unique=True, blank=True)
    body = models.TextField("正文", help_text="段落之间空一行。")
    lead = models.TextField("导语/摘要", blank=True, default="", help_text="留空则取正文第一段。")
    source_line = models.CharField("电头", max_length=50, blank=True, default="本报讯")
    dateline_date = models.DateField("事件日期", null=True, blank=True, help_text="正文中的日期，如 2月12日。")
    time_of_day = models.CharField("时段", max_length=4, choices=TimeOfDay.choices, blank=True, default="")
    issue_date = models.DateField("出版日期", null=True, blank=True)
    page_number = models.PositiveSmallIntegerField("版次", null=True, blank=True)
    status = models.CharField("状态", max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    #: Set on every save (and by the queryset's update, bulk_create, bulk_update) from display_date_of().
    display_date = models.DateField("日期", null=True, blank=True, editable=False)
    #: Readers may see it now (:func:`readable`, stored on every save and when a scheduled time comes): what
    #: the kept counts count, so they need no correction for scheduled articles when read.
    live = models.BooleanField("读者可见", default=False, editable=False)

    #: On a person's list of articles (articles.selectors): the title they held then, their credit (记者…);
    #: empty elsewhere, so a card asks for them without a failed lookup.
    title_held = credit_role = ""
    topics = models.ManyToManyField(Topic, verbose_name="专题", blank=True, related_name="articles")
    organizations = models.ManyToManyField(Organization, verbose_name="涉及机构", blank=True, related_name="articles")
    source_page = models.ForeignKey(
        SourcePage,
        verbose_name="来源版面",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="articles",
    )
    position_on_page = models.PositiveSmallIntegerField("版面内序号", default=0)
    title_is_generated = models.BooleanField("标题由系统生成", default=False)
    kind = models.CharField("稿件类型", max_length=4, choices=ArticleKind.choices, default=ArticleKind.NEWS)
    review_notes = models.TextField("待核事项", blank=True, default="")
    import_checksum = models.CharField(
        "导入内容校验和", max_length=64, blank=True, default="", editable=False,
        help_text="导入时内容的校验和；与现内容不同说明编辑改过，重新导入不会覆盖。",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles_created",
        help_text="在后台新建稿件的人；记者只能看到、修改自己的草稿。导入的稿件为空。",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "稿件"
        verbose_name_plural = "稿件"
        ordering = ["-published_at", "-dateline_date", "source_page_id", "position_on_page", "-pk"]
        get_latest_by = "published_at"
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_status_published"),
            models.Index(fields=["dateline_date"], name="article_dateline"),
            # The date archive: a day's, month's or year's articles in their order (selectors.DATE_ORDER), the
            # days that have some and their counts, the previous and next day: each a range of this index.
            models.Index(
                fields=["status", "-display_date", "-published_at", "position_on_page", "id"],
                name="article_status_display_date",
            ),
            models.Index(fields=["issue_date", "page_number"], name="article_issue_page"),
            # The scheduled articles (published, not live yet), which newsroom.cache.advance looks up.
            models.Index(
                fields=["published_at"], name="article_scheduled",
                condition=Q(status=ArticleStatus.PUBLISHED, live=False),
            ),
            # A short list's articles looked up by id (a person's, a topic section's, the photo stories), with
            # what the readable filter and the list order read: no visit to the table (PostgreSQL).
            models.Index(
                fields=["id", "published_at", "created_at", "position_on_page"],
                name="article_published_by_id", condition=Q(status=ArticleStatus.PUBLISHED),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]
        permissions = [
            ("submit_article", "可以提交稿件审核"),
            ("review_article", "可以审核稿件（退回、审核通过、重新打开）"),
            ("publish_article", "可以发布、定时发布、撤回稿件"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or not DISPLAY_DATE_SOURCES.isdisjoint(update_fields):
            self.display_date = self.compute_display_date()
            if update_fields is not None and "display_date" not in update_fields:
                update_fields = kwargs["update_fields"] = [*update_fields, "display_date"]
        if update_fields is None or not LIVE_SOURCES.isdisjoint(update_fields):
            self.live = self.is_public
            if update_fields is not None and "live" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "live"]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return slug_url("articles:article_detail", self.slug)

    slug_fallback = "article"

    def slug_source(self) -> str:
        return self.title

    def compute_display_date(self) -> dt.date | None:
        return display_date_of(self.dateline_date, self.published_at, self.issue_date)

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in PARAGRAPH_BREAK.split(self.body.strip()) if p.strip()]

    @property
    def dateline_source(self) -> str:
        """The 电头 (本报讯) the page prints before the date, or "" when the body already begins with it: an
        article typed or pasted with its 本报讯 must not read 本报讯 twice."""
        source = self.source_line.strip()
        if not source or self.body.lstrip().startswith(source):
            return ""
        return source

    @property
    def summary(self) -> str:
        """The lead, else the first paragraph: only it is split off the body (a card needs no more)."""
        return self.lead or PARAGRAPH_BREAK.split(self.body.strip(), maxsplit=1)[0].strip()

    @property
    def is_public(self) -> bool:
        """:func:`readable`, for this one article."""
        return (
            self.status == ArticleStatus.PUBLISHED and self.published_at is not None and self.published_at <= timezone.now()
        )


class ArticleTransition(models.Model):
    """One step of an article's editorial workflow: who moved it from which state to which, when, and why.

    Rows are written only by ``articles.workflow``; together they are the article's review history.
    A row whose two states are equal records a decision that changes no state (an editor's 审核通过).
    """

    article = models.ForeignKey(Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField("原状态", max_length=12, choices=ArticleStatus.choices)
    to_status = models.CharField("新状态", max_length=12, choices=ArticleStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_transitions",
    )
    at = models.DateTimeField("时间", default=timezone.now)
    comment = models.TextField("意见", blank=True, default="")
    override = models.BooleanField(
        "越过审核", default=False, help_text="未经审核通过而发布，或待核事项未处理而审核通过：意见里写明理由。"
    )
    edit = models.ForeignKey(
        "PendingEdit",
        verbose_name="修改稿",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="transitions",
        help_text="这一步针对的是已发布稿件的修改稿，而不是稿件本身。",
    )

    class Meta:
        verbose_name = "流程记录"
        verbose_name_plural = "流程记录"
        ordering = ["-at", "-pk"]
        get_latest_by = "at"
        indexes = [models.Index(fields=["article", "-at"], name="transition_article_at")]

    def __str__(self) -> str:
        what = "（修改稿）" if self.edit_id else ""
        return f"{self.article}{what}：{self.get_from_status_display()} → {self.get_to_status_display()}"


class PendingEdit(models.Model):
    """A change to a published article, kept apart from the live row until a 值班主任 publishes it.

    ``data`` holds the edited article as the change form saved it (``articles.editing`` writes and reads it):
    its fields, topics, organizations, bylines and mentions. The edit goes through the same review as an article
    (草稿 → 待审 → 已审核 → 已发布); publishing it updates the live row, and its ``correction`` (更正), if any, is
    shown on the reader's page with the day it was published. At most one edit of an article is open (not
    published) at a time.
    """

    article = models.ForeignKey(Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="pending_edits")
    status = models.CharField("状态", max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    data = models.JSONField("修改内容", default=dict)
    correction = models.TextField("更正说明", blank=True, default="", help_text="发布时填写，显示在稿件页上。")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_edits",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="article_edits_published",
    )

    class Meta:
        verbose_name = "修改稿"
        verbose_name_plural = "修改稿"
        ordering = ["-created_at", "-pk"]
        default_permissions = ()  # written only by the workflow; who may act on it is a permission on Article
        indexes = [models.Index(fields=["article", "status"], name="pending_edit_article_status")]

    def __str__(self) -> str:
        return f"《{self.article}》的修改稿（{self.get_status_display()}）"

    @property
    def is_open(self) -> bool:
        return self.status != ArticleStatus.PUBLISHED


class CreditRole(models.TextChoices):
    REPORTER = "记者", "记者"
    CORRESPONDENT = "通讯员", "通讯员"
    WRITER = "文", "文"
    PHOTOGRAPHER = "图", "图/摄影"
    WRITER_PHOTOGRAPHER = "文/图", "文/图"


class Credit(models.Model):
    """One byline row of an article, in print order: 记者 孙庆辉 文/图, 通讯员 王彦凯…"""

    article = models.ForeignKey(Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="credits")
    person = models.ForeignKey(Person, verbose_name="人物", on_delete=models.PROTECT, related_name="credits")
    role = models.CharField("署名角色", max_length=8, choices=CreditRole.choices, default=CreditRole.REPORTER)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "署名"
        verbose_name_plural = "署名"
        ordering = ["article", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["article", "person", "role"], name="credit_unique_article_person_role"),
        ]
        indexes = [models.Index(fields=["person", "article"], name="credit_person_article")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person.name}"


class MentionRole(models.TextChoices):
    NONE = "", "未注明"
    CHAIR = "主持", "主持"
    ATTEND = "出席", "出席"
    MEET = "会见", "会见"
    SPEAK = "讲话", "讲话"
    COMMENT = "点评", "点评"
    PARTICIPATE = "参加", "参加"
    REPORT = "汇报", "汇报"
    ACCOMPANY = "陪同", "陪同"
    INSPECT = "调研", "调研"
    GUEST = "来访", "来访"


class Mention(models.Model):
    """An article names a person, with the title printed for them there and their part in the event."""

    article = models.ForeignKey(Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="mentions")
    person = models.ForeignKey(Person, verbose_name="人物", on_delete=models.PROTECT, related_name="mentions")
    title_printed = models.CharField("文中职务", max_length=300, blank=True, default="")
    role = models.CharField("活动角色", max_length=4, choices=MentionRole.choices, blank=True, default="")
    order = models.PositiveSmallIntegerField("排序", default=0)
    #: The article's ``published_at`` and ``position_on_page``, copied by database triggers (``articles.copies``)
    #: whatever writes either row: a person's page reads their newest articles in list order from the index
    #: below, not all of them.
    published_at = models.DateTimeField("稿件发布时间", null=True, blank=True, editable=False)
    position_on_page = models.PositiveSmallIntegerField("稿件版面位置", default=0, editable=False)

    class Meta:
        verbose_name = "提及人物"
        verbose_name_plural = "提及人物"
        ordering = ["article", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["article", "person"], name="mention_unique_article_person")]
        indexes = [models.Index(fields=["person", "article"], name="mention_person_article"),
                   models.Index(fields=["person", "-published_at", "position_on_page", "article"],
                                name="mention_person_published")]

    def __str__(self) -> str:
        return f"{self.title_printed}{self.person.name}" if self.title_printed else self.person.name


class MeetingKind(models.TextChoices):
    MEETING = "会议", "会议"
    VISIT = "会见", "会见"
    FORUM = "座谈", "座谈"
    INSPECTION = "调研", "调研"
    EVENT = "活动", "活动"


class Meeting(models.Model):
    """A meeting or event the paper reports: a 述职评议会, a 会见, a 座谈, a 调研…"""

    name = models.CharField("名称", max_length=300)
    kind = models.CharField("类型", max_length=4, choices=MeetingKind.choices, default=MeetingKind.MEETING)
    date = models.DateField("日期", null=True, blank=True)
    end_date = models.DateField("结束日期", null=True, blank=True, help_text="连开数日的会议（9月20日至21日）的最后一天。")
    time_of_day = models.CharField("时段", max_length=4, choices=TimeOfDay.choices, blank=True, default="")
    place = models.CharField("地点", max_length=200, blank=True, default="")
    chair = models.ForeignKey(
        Person,
        verbose_name="主持人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="chaired_meetings",
    )
    participants = models.ManyToManyField(Person, verbose_name="参加人员", blank=True, related_name="meetings")
    organizations = models.ManyToManyField(Organization, verbose_name="参加机构", blank=True, related_name="meetings")
    articles = models.ManyToManyField(Article, verbose_name="报道稿件", blank=True, related_name="meetings")

    class Meta:
        verbose_name = "会议活动"
        verbose_name_plural = "会议活动"
        ordering = ["-date", "name"]
        indexes = [models.Index(fields=["date"], name="meeting_date")]
        constraints = [
            models.UniqueConstraint(fields=["name", "date"], name="meeting_unique_name_date"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=models.F("date")), name="meeting_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{cn_date(self.date)}）" if self.date else self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:meeting_detail", kwargs={"pk": self.pk})


class ArticleSearchDocument(models.Model):
    """An article's words for full-text search: jieba's cut, the words joined by spaces, one row per article.

    Kept in step with the article, its people and organizations by ``articles.signals`` (through
    ``articles.search.index``); ``manage.py rebuild_search_index`` rebuilds every row. PostgreSQL searches
    ``vector`` (the title weighs A; kicker, subtitle, people and organizations B; lead and body C) through a GIN
    index; SQLite searches the FTS5 table ``articles_search_fts``, which triggers on this table keep filled.
    ``published_at`` (with its newest-first index) lets a search take the newest matches without the article
    table: ``articles.search.query`` ranks only those (``CANDIDATES``). A trigger on the article table keeps it
    (``articles.copies``). The triggers are made again after every migrate.
    """

    article = models.OneToOneField(
        Article, verbose_name="稿件", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title = models.TextField("标题分词", blank=True, default="")
    secondary = models.TextField("引题、副题、人物、机构分词", blank=True, default="")
    body = models.TextField("正文分词", blank=True, default="")
    body_checksum = models.CharField("正文校验和", max_length=32, blank=True, default="")
    #: The article's publication time, copied here so a search finds its newest matches in this table alone.
    published_at = models.DateTimeField("发布时间", null=True, editable=False)
    vector = SearchVectorField("检索向量 (PostgreSQL)", null=True, editable=False)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        default_permissions = ()  # derived rows, written only by the index: no one edits them
        indexes = [
            GinIndex(fields=["vector"], name="search_document_vector"),
            models.Index(fields=["-published_at", "-article"], name="search_document_newest"),
        ]

    def __str__(self) -> str:
        return f"检索文档 #{self.article_id}"


class CountScope(models.TextChoices):
    ALL = "all", "全部稿件"
    TOPIC = "topic", "专题"
    ORGANIZATION = "organization", "机构"
    DAY = "day", "日期"
    PERSON = "person", "人物（点名与署名）"
    NAMED = "named", "人物（点名稿件数）"
    POSITION = "position", "职务（依据稿件）"


class PublishedCount(models.Model):
    """How many live articles (``Article.live``) the paper has (``all``), and each topic, organization and
    display day; for each person the live articles' mentions and credits of them, for each position its live
    source articles (readers see a person or a printed title only while that is above 0), and for each person
    the live articles naming them (``named``: their page's length).

    Kept by triggers in the database (``articles.counting``), whatever writes the rows: a save, an
    ``update()``, an import, a merge. ``key`` is the topic's, organization's, person's or position's id, the
    article's ``display_date`` as yyyymmdd, 0 for ``all``. The triggers are dropped before every migrate and created again after it, with
    the counts (post_migrate), so a migration that rebuilds a table on SQLite neither fails on them nor
    loses them.
    """

    scope = models.CharField("范围", max_length=12, choices=CountScope.choices)
    key = models.BigIntegerField("键")
    n = models.IntegerField("已发布稿件数", default=0)

    class Meta:
        verbose_name = "发布计数"
        verbose_name_plural = "发布计数"
        default_permissions = ()  # derived rows, written only by the triggers
        ordering = ["scope", "key"]
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="published_count_scope_key")]
        # The most-named organizations first (the people and organization indexes): read in this order.
        indexes = [models.Index(fields=["scope", "-n", "key"], name="published_count_scope_n")]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.key}: {self.n}"


def photo_upload_to(instance: ArticlePhoto, filename: str) -> str:
    """photos/2023/02/<random>.jpg (:func:`newsroom.images.unguessable_name`)."""
    return unguessable_name(timezone.localdate().strftime("photos/%Y/%m"), filename)


class ArticlePhoto(models.Model):
    """A photo of an article: the first in ``order`` (0 first) is the lead photo, shown on the home page and in
    shared links. The original upload is kept as given; readers get renditions (``articles.photos``): WebP and
    JPEG at up to three widths, made once when the photo is saved, turned upright by their EXIF orientation
    and without EXIF or location data. ``width``/``height`` are those of the upright picture."""

    article = models.ForeignKey(Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField("图片", upload_to=photo_upload_to, max_length=200)
    caption = models.TextField("图说", blank=True, default="")
    alt = models.CharField("替代文字", max_length=200, help_text="为看不到图片的读者描述画面内容，如“工作人员在车间检查设备”。")
    photographer = models.ForeignKey(
        Person, verbose_name="摄影", null=True, blank=True, on_delete=models.PROTECT, related_name="photos",
        help_text="署名“图/某某”，并链接到其人物页。",
    )
    order = models.PositiveSmallIntegerField("排序", default=0, help_text="0 排最前；排第一的是头图。")
    width = models.PositiveIntegerField("宽", null=True, blank=True, editable=False)
    height = models.PositiveIntegerField("高", null=True, blank=True, editable=False)
    #: {"source": image name, "jpeg": [[width, height, name], …], "webp": […]}, narrowest first.
    renditions = models.JSONField("缩略图", default=dict, blank=True, editable=False)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "图片"
        verbose_name_plural = "图片"
        ordering = ["article", "order", "pk"]
        indexes = [models.Index(fields=["article", "order"], name="photo_article_order")]

    def __str__(self) -> str:
        return self.caption[:30] or self.alt[:30] or f"图片 #{self.pk}"

    def save(self, *args, **kwargs):
        from . import photos

        super().save(*args, **kwargs)
        photos.after_save(self)


class ArticleRegion(models.Model):
    """A box of a printed page that an article was read from (a column of its text, its headline), in page
    coordinates from 0 to 1 measured from the page's top left: the e-paper view makes it a link to the article.
    Found by the PDF importer from the boxes of the lines whose text went into the article."""

    article = models.ForeignKey(Article, verbose_name="稿件", on_delete=models.CASCADE, related_name="regions")
    source_page = models.ForeignKey(
        SourcePage, verbose_name="版面", on_delete=models.CASCADE, related_name="regions"
    )
    left = models.FloatField("左")
    top = models.FloatField("上")
    right = models.FloatField("右")
    bottom = models.FloatField("下")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "版面区域"
        verbose_name_plural = "版面区域"
        ordering = ["source_page", "article", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.article} · 区域{self.order + 1}"

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def import_upload_to(instance: ImportJob, filename: str) -> str:
    """imports/2023/03/<random>.pdf: a page's PDF or scan waiting for the import worker."""
    return unguessable_name(timezone.localdate().strftime("imports/%Y/%m"), filename, ".pdf")


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", "等待"
    RUNNING = "running", "进行中"
    DONE = "done", "完成"
    FAILED = "failed", "失败"


class ImportJob(models.Model):
    """A PDF or scan uploaded in the admin, imported by the worker (``manage.py run_import_jobs``,
    ``articles.jobs``) rather than in the request: OCR takes longer than a web request may."""

    file = models.FileField("版面文件", upload_to=import_upload_to, max_length=200, blank=True, default="",
                            help_text="上传的文件；导入成功后删除（版面原文保留各页的原件）。")
    file_name = models.CharField("文件名", max_length=255, blank=True, default="")
    issue_date = models.DateField("出版日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年份", null=True, blank=True)
    page_number = models.PositiveSmallIntegerField("版次", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField("上传时间", default=timezone.now)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    article_count = models.PositiveIntegerField("新建稿件数", null=True, blank=True)
    message = models.TextField("结果", blank=True, default="", help_text="完成时的摘要，或失败的原因（一行）。")
    warnings = models.TextField("提示", blank=True, default="", help_text="导入时跳过的内容，如空白页，一行一条。")
    source_pages = models.ManyToManyField(SourcePage, verbose_name="导入的版面", blank=True, related_name="import_jobs")

    class Meta:
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="importjob_status")]

    def __str__(self) -> str:
        return f"{self.file_name or '导入任务'}（{self.get_status_display()}）"

    @property
    def finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
