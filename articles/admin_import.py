"""The editors' admin for source pages: 导入版面 (import a page: preview, then confirm), the import jobs and
the 待核队列.

A PDF or a scan is not imported in the request (its OCR takes longer than a request may): the upload becomes
an :class:`ImportJob` that ``manage.py run_import_jobs`` runs (``articles.jobs``), and the editor follows it on
the job's page. A page of text is fast, and is previewed before it is imported: ``services.import_page`` twice: a dry run for the preview (it does the whole import in a
transaction and rolls it back, so its report says exactly what would be written), then the real import when
the editor confirms. Nothing is written before that. The file's bytes travel from the preview to the
confirmation inside a signed token (``django.core.signing``): tamper-proof, bound to the user, and re-imported
byte for byte, so the page's checksum and encoding are the same ones the preview showed.

The review queue lists what the importer could not settle: articles with a made-up title or review notes,
people and organizations nobody has confirmed, and names shared by several people (to merge or tell apart).

URLs (all under /admin/articles/sourcepage/): ``import/``, ``import/confirm/``, ``review/`` and the review
queue's POST buttons ``review/<kind>/<pk>/``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import itertools
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from newsroom.text import cn_date, cn_datetime
from people import services as people_services
from people.models import Organization, Person, Position

from . import jobs, services, workflow
from .jobs import IMPORT_PERMISSION
from .models import Article, ArticleKind, ArticlePhoto, ArticleStatus, ImportJob, SourcePage
from .ocr import PageError
from .reports import ACTIONS

TOKEN_SALT = "articles.admin_import.page"
TOKEN_MAX_AGE = 24 * 60 * 60  # a preview left open overnight is still good; older ones are refused
QUEUE_LIMIT = 100  # rows per section of the review queue; the counts say how many there are in all


# ---------------------------------------------------------------------------------------------------------
# 导入版面: the form, the preview, the signed token.


class ImportPageForm(forms.Form):
    file = forms.FileField(
        label="版面文件", required=False, allow_empty_file=True,
        help_text="OCR 文本文件（.txt：UTF-8 或 GB18030/GBK，不超过 5 MB）、版面 PDF（.pdf，可多页，每页一个版面；"
                  "没有文字层的页面自动做文字识别）或扫描件（.png、.jpg、.tif，文字识别）。PDF 和扫描件在后台导入，不预览："
                  "上传后转到导入任务页面查看进度和结果。",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,.png,.jpg,.jpeg,.tif,.tiff,text/plain,"
                                                         "application/pdf,image/png,image/jpeg,image/tiff"}),
    )
    text = forms.CharField(
        label="或粘贴 OCR 文本", required=False, strip=False,
        widget=forms.Textarea(attrs={"rows": 16, "cols": 90, "class": "vLargeTextField"}),
    )
    issue_date = forms.DateField(label="出版日期", required=False, widget=AdminDateWidget)
    year = forms.IntegerField(
        label="或年份", required=False, min_value=1949, max_value=2100,
        help_text="不知道出版日期时填年份：报纸上的日期不印年份。",
    )
    page_number = forms.IntegerField(label="版次", required=False, min_value=1, max_value=999)

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), data.get("text") or ""
        if upload and text.strip():
            raise forms.ValidationError("请上传文件或粘贴文本，二者选一。")
        if upload is None and not text:
            raise forms.ValidationError("请上传版面文件或粘贴 OCR 文本。")
        issue_date, year = data.get("issue_date"), data.get("year")
        if issue_date is None and year is None and not self.has_error("issue_date") and not self.has_error("year"):
            raise forms.ValidationError("请填写出版日期或年份：报纸上的日期不印年份。")
        if issue_date and year and issue_date.year != year:
            raise forms.ValidationError(f"出版日期是 {issue_date.year} 年，年份却填了 {year}。")
        if upload is not None:
            data["raw"], data["file_name"] = upload.read(), upload.name
        else:
            # A browser sends a textarea's line breaks as CRLF: the page as pasted had plain ones.
            data["raw"], data["file_name"] = text.replace("\r\n", "\n").encode("utf-8"), ""
        return data


@dataclass
class PageRequest:
    """One page to import and how: what the form gave, and what the signed token carries to the confirmation."""

    raw: bytes
    file_name: str = ""
    issue_date: str | None = None  # ISO date
    year: int | None = None
    page_number: int | None = None

    def run(self, *, user, dry_run: bool) -> services.ImportReport:
        return services.import_page(
            raw=self.raw, file_name=self.file_name,
            issue_date=dt.date.fromisoformat(self.issue_date) if self.issue_date else None,
            year=self.year, page_number=self.page_number, dry_run=dry_run, user=user,
        )

    def sign(self, *, user) -> str:
        return signing.dumps(
            {
                "raw": base64.b64encode(self.raw).decode("ascii"), "file_name": self.file_name,
                "issue_date": self.issue_date, "year": self.year, "page_number": self.page_number,
                "user": user.pk,
            },
            salt=TOKEN_SALT, compress=True,
        )

    @classmethod
    def from_token(cls, token: str, *, user) -> PageRequest:
        """The page a preview signed; PageError for a token that is forged, stale or someone else's."""
        try:
            data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
            raw = base64.b64decode(data["raw"], validate=True)
        except signing.SignatureExpired:
            raise PageError("预览已过期，请重新上传并预览。") from None
        except (signing.BadSignature, KeyError, TypeError, binascii.Error):
            raise PageError("确认信息无效，请重新上传并预览。") from None
        if data.get("user") != user.pk:
            raise PageError("这份预览不是您做的，请重新上传并预览。")
        return cls(raw=raw, file_name=data["file_name"], issue_date=data["issue_date"], year=data["year"],
                   page_number=data["page_number"])


@dataclass
class PreviewPerson:
    name: str
    title: str
    role: str
    status: str  # 已有 / 新建 / 新建·同名待核


@dataclass
class PreviewArticle:
    """One article as the preview shows it, from the dry run's parse and outcome."""

    action: str
    kicker: str
    title: str
    subtitle: str
    title_is_generated: bool
    kind: str
    when: str
    source_line: str
    credits: list[str]
    paragraphs: list[str]
    people: list[PreviewPerson] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    meetings: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)


def preview_articles(report: services.ImportReport) -> list[PreviewArticle]:
    created = {p.name for p in report.people_created}
    matched = {p.name for p in report.people_matched}

    def status(name: str) -> str:
        if name in created:
            return "新建·同名待核" if name in matched else "新建"
        return "已有"

    rows = []
    for outcome in report.articles:
        parsed = outcome.parsed
        when = f"{cn_date(parsed.date)}{parsed.time_of_day}" if parsed.date else (parsed.date_text or "日期不详")
        rows.append(PreviewArticle(
            action=ACTIONS[outcome.action],
            kicker=parsed.kicker, title=parsed.title, subtitle=parsed.subtitle,
            title_is_generated=parsed.title_is_generated, kind=parsed.kind, when=when,
            source_line=parsed.source_line,
            credits=[f"{c.role} {c.name}" for c in parsed.credits],
            paragraphs=list(parsed.paragraphs),
            people=[PreviewPerson(p.name, p.title, p.role, status(p.name)) for p in parsed.people],
            organizations=list(parsed.organizations),
            meetings=[m.name + (f"（主持：{m.chair}）" if m.chair else "") for m in parsed.meetings],
            topics=list(parsed.topics),
            needs_review=list(parsed.needs_review),
        ))
    return rows


def already_imported_message(page: SourcePage):
    url = reverse("admin:articles_sourcepage_change", args=[page.pk])
    return format_html(
        '这个版面已经导入过（{}），未做任何改动：<a href="{}">查看原版面“{}”</a>',
        cn_datetime(page.imported_at), url, page,
    )


def token_too_large(token: str) -> bool:
    """The confirmation posts the token back; Django refuses form data over DATA_UPLOAD_MAX_MEMORY_SIZE."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is not None and len(token) > limit - 4096


# ---------------------------------------------------------------------------------------------------------
# The admin.


@admin.register(SourcePage)
class SourcePageAdmin(admin.ModelAdmin):
    """Source pages are the record of what was printed: readable, never editable; new ones come by import."""

    list_display = ["__str__", "issue_date", "page_number", "imported_at", "imported_by", "article_count"]
    list_filter = ["issue_date"]
    search_fields = ["file_name", "raw_text", "checksum"]
    list_select_related = ["imported_by"]
    readonly_fields = ["file_name", "checksum", "encoding", "issue_date", "page_number", "imported_at", "imported_by",
                       "residue", "raw_text"]
    fields = readonly_fields
    ordering = ["-imported_at", "-pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_total=Count("articles"))

    @admin.display(description="稿件数", ordering="article_total")
    def article_count(self, page):
        return page.article_total

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and obj is not None and not obj.articles.exists()

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="articles_sourcepage_import"),
            path("import/confirm/", view(self.import_confirm_view), name="articles_sourcepage_import_confirm"),
            path("review/", view(self.review_queue_view), name="articles_review_queue"),
            path("review/<str:kind>/<int:pk>/", view(self.review_done_view), name="articles_review_done"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra):
        return {**self.admin_site.each_context(request), "title": title, "opts": self.model._meta, **extra}

    # 导入版面 ------------------------------------------------------------------------------------------------

    def _check_import_permission(self, request):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied

    def import_view(self, request):
        """GET: the form. POST: a dry run of the import, shown as a preview with a confirm button."""
        self._check_import_permission(request)
        form = ImportPageForm(request.POST or None, request.FILES or None)
        context = self._context(request, "导入版面", form=form, media=self.media + form.media)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if data["file_name"] and jobs.needs_worker(data["raw"], data["file_name"]):
                return self._enqueue(request, data)
            context.update(self._preview(request, form))
        return TemplateResponse(request, "admin/articles/sourcepage/import.html", context)

    def _enqueue(self, request, data: dict):
        """A PDF or a scan: stored as a job for the worker; to the job's page, which shows how it goes."""
        job = jobs.enqueue(raw=data["raw"], file_name=data["file_name"], user=request.user,
                           issue_date=data["issue_date"], year=data["year"], page_number=data["page_number"])
        self.message_user(request, f"“{job.file_name}”已加入导入队列，将在后台导入；本页会自动刷新，显示进度和结果。",
                          messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_importjob_change", args=[job.pk]))

    def _preview(self, request, form: ImportPageForm) -> dict:
        """The dry run of the form's page: the preview's context, or {} with the reason added to the form."""
        data = form.cleaned_data
        page = PageRequest(
            raw=data["raw"], file_name=data["file_name"],
            issue_date=data["issue_date"].isoformat() if data["issue_date"] else None,
            year=data["year"], page_number=data["page_number"],
        )
        try:
            report = page.run(user=request.user, dry_run=True)
        except PageError as exc:
            form.add_error(None, str(exc))
            return {}
        if report.unchanged:
            form.add_error(None, already_imported_message(report.already_imported))
            return {}
        token = page.sign(user=request.user)
        if token_too_large(token):
            form.add_error(None, "版面文本过大，无法在后台确认导入；请用 manage.py import_page 导入。")
            return {}
        return {
            "title": "导入版面：预览", "report": report, "token": token, "page_request": page,
            "articles": preview_articles(report),
            "counts": {action: report.count(action) for action in ACTIONS},
            "matched_people": [(p, reverse("admin:people_person_change", args=[p.pk])) for p in report.people_matched],
            "matched_organizations": [(o, reverse("admin:people_organization_change", args=[o.pk]))
                                      for o in report.organizations_matched],
        }

    def import_confirm_view(self, request):
        """POST: the import itself, of exactly the page the preview showed; then to its articles."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self._check_import_permission(request)
        form_url = reverse("admin:articles_sourcepage_import")
        try:
            page = PageRequest.from_token(request.POST.get("token", ""), user=request.user)
            report = page.run(user=request.user, dry_run=False)
        except PageError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(form_url)
        if report.unchanged:  # someone imported the same page since the preview
            self.message_user(request, already_imported_message(report.already_imported), messages.WARNING)
            return HttpResponseRedirect(form_url)
        source_page = report.source_page
        self.log_addition(request, source_page, [{"added": {}}])
        self.message_user(
            request,
            f"已导入版面“{source_page}”：稿件 {len(report.articles)} 篇（新建 {report.count('created')}，"
            f"更新 {report.count('updated')}，保留 {report.count('kept')}）；人物新建 {len(report.people_created)}、"
            f"匹配 {len(report.people_matched)}；待核事项 {len(report.needs_review)} 项。",
            messages.SUCCESS,
        )
        url = reverse("admin:articles_article_changelist")
        return HttpResponseRedirect(f"{url}?source_page__id__exact={source_page.pk}")

    # 待核队列 ------------------------------------------------------------------------------------------------

    def _check_review_permission(self, request):
        if not request.user.has_perm(workflow.REVIEW):
            raise PermissionDenied

    def review_queue_view(self, request):
        """What the importer could not settle, in six sections; a fixed number of queries whatever the size."""
        self._check_review_permission(request)
        pages = SourcePage.objects.exclude(residue="")
        positions = Prefetch("positions", queryset=Position.objects.select_related("organization"))
        articles = Article.objects.filter(Q(title_is_generated=True) | ~Q(review_notes=""))
        # Photo news the importer found: each waits here for its picture until one is uploaded.
        awaiting_photo = Article.objects.filter(kind=ArticleKind.PHOTO).exclude(status=ArticleStatus.WITHDRAWN).filter(
            ~Exists(ArticlePhoto.objects.filter(article=OuterRef("pk")))
        )
        people = Person.objects.filter(confirmed=False)
        organizations = Organization.objects.filter(confirmed=False)
        shared_names = (
            Person.objects.order_by().values("name").annotate(n=Count("pk")).filter(n__gt=1).values("name")
        )
        namesakes = (
            Person.objects.filter(name__in=shared_names)
            .annotate(mention_total=Count("mentions"))
            .prefetch_related(positions)
            .order_by("name", "disambiguator", "pk")[: QUEUE_LIMIT * 2]
        )
        user = request.user
        context = self._context(
            request, "待核队列",
            articles=articles.select_related("source_page").order_by(
                F("source_page_id").desc(nulls_last=True), "position_on_page", "-pk")[:QUEUE_LIMIT],
            article_total=articles.count(),
            people=people.annotate(mention_total=Count("mentions")).prefetch_related(positions)
            .order_by("-created_at", "name", "pk")[:QUEUE_LIMIT],
            person_total=people.count(),
            organizations=organizations.select_related("parent").order_by("-created_at", "name")[:QUEUE_LIMIT],
            organization_total=organizations.count(),
            namesake_groups=[(name, list(group)) for name, group in itertools.groupby(namesakes, lambda p: p.name)],
            namesake_total=shared_names.count(),
            pages=pages.order_by("-imported_at", "-pk")[:QUEUE_LIMIT],
            page_total=pages.count(),
            awaiting_photo=awaiting_photo.select_related("source_page").order_by("-pk")[:QUEUE_LIMIT],
            awaiting_photo_total=awaiting_photo.count(),
            limit=QUEUE_LIMIT,
            can_change_article=user.has_perm("articles.change_article"),
            can_change_person=user.has_perm("people.change_person"),
            can_change_organization=user.has_perm("people.change_organization"),
        )
        return TemplateResponse(request, "admin/review_queue.html", context)

    def review_done_view(self, request, kind, pk):
        """The queue's buttons: an article's review done, a person or an organization confirmed."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        self._check_review_permission(request)
        if kind == "article":
            article_admin = self.admin_site.get_model_admin(Article)
            article = get_object_or_404(Article, pk=pk)
            if not article_admin.has_change_permission(request, article):
                raise PermissionDenied
            article.review_notes, article.title_is_generated = "", False
            article.save(update_fields=["review_notes", "title_is_generated", "updated_at"])
            article_admin.log_change(request, article, "待核事项已处理（标记为已核）")
            self.message_user(request, f"《{article.title}》已标记为已核")
        elif kind == "page":
            article_admin = self.admin_site.get_model_admin(Article)
            if not article_admin.has_change_permission(request):
                raise PermissionDenied
            page = get_object_or_404(SourcePage, pk=pk)
            page.residue = ""  # the raw text keeps every character; the editor has placed or dismissed the rest
            page.save(update_fields=["residue"])
            self.log_change(request, page, "未归入稿件的文字已处理")
            self.message_user(request, f"版面“{page}”的残留文字已标记为已处理")
        elif kind in ("person", "organization"):
            model = Person if kind == "person" else Organization
            model_admin = self.admin_site.get_model_admin(model)
            obj = get_object_or_404(model, pk=pk)
            if not model_admin.has_change_permission(request, obj):
                raise PermissionDenied
            if kind == "person":
                people_services.confirm_people(people=Person.objects.filter(pk=pk))
            else:
                people_services.confirm_organizations(organizations=Organization.objects.filter(pk=pk))
            model_admin.log_change(request, obj, "已核实")
            self.message_user(request, f"“{obj}”已核实")
        else:
            raise Http404(f"未知的待核类别：{kind}")
        return HttpResponseRedirect(reverse("admin:articles_review_queue") + f"#{kind}s")


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """The PDFs and scans uploaded for import, with how each went: made only by 导入版面, never edited."""

    list_display = ["pk", "file_name", "status", "issue_date", "page_number", "created_by", "created_at",
                    "finished_at", "article_count", "short_message"]
    list_display_links = ["pk", "file_name"]
    list_filter = ["status"]
    list_select_related = ["created_by"]
    fields = ["file_name", "status", "issue_date", "year", "page_number", "created_by", "created_at", "started_at",
              "finished_at", "article_count", "message", "warnings", "pages"]
    readonly_fields = fields

    @admin.display(description="结果")
    def short_message(self, job):
        return job.message.splitlines()[0] if job.message else ""

    @admin.display(description="导入的版面")
    def pages(self, job):
        return format_html_join("、", '<a href="{}">{}</a>', (
            (reverse("admin:articles_article_changelist") + f"?source_page__id__exact={page.pk}", page)
            for page in job.source_pages.order_by("page_number", "pk")
        )) or "无"

    # whoever may import sees the queue: their own jobs and their colleagues' (one newsroom)
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm(IMPORT_PERMISSION) or super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and (obj is None or obj.finished)
