"""The editors' admin for articles, their bylines and mentions, meetings, topics and source pages."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from . import workflow
from .models import Article, ArticleStatus, Credit, Meeting, Mention, SourcePage, Topic


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "role", "person"]


class MentionInline(admin.TabularInline):
    model = Mention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "person", "title_printed", "role"]


class PageNumberFilter(admin.SimpleListFilter):
    title = "版次"
    parameter_name = "page"

    def lookups(self, request, model_admin):
        pages = (
            Article.objects.exclude(page_number=None).order_by("page_number").values_list("page_number", flat=True).distinct()
        )
        return [(str(p), f"第{p}版") for p in pages]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(page_number=int(self.value()))
        return queryset


class ScheduleFilter(admin.SimpleListFilter):
    """待发布: published with a publication time still to come (readers do not see them yet)."""

    title = "发布排期"
    parameter_name = "schedule"

    def lookups(self, request, model_admin):
        return [("scheduled", "待发布"), ("live", "已上线")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "scheduled":
            return queryset.filter(status=ArticleStatus.PUBLISHED, published_at__gt=now)
        if self.value() == "live":
            return queryset.published(now)
        return queryset


class WorkflowActionForm(ActionForm):
    comment = forms.CharField(label="意见", required=False, widget=forms.TextInput(attrs={"size": 30}))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    """Articles, and the workflow buttons that move them between states (see ``articles.workflow``).

    Reporters (no review permission) see and edit only their own drafts; ``status`` is never edited in the
    form, only through the buttons and actions, so every change of state is recorded.
    """

    list_display = ["title", "display_date_column", "status", "published_at", "people_column", "page_column",
                    "created_by", "title_is_generated"]
    list_filter = ["status", ScheduleFilter, "dateline_date", "topics", PageNumberFilter, "title_is_generated"]
    date_hierarchy = "dateline_date"
    search_fields = ["title", "kicker", "subtitle", "body"]
    list_select_related = ["source_page", "created_by"]
    filter_horizontal = ["topics", "organizations"]
    autocomplete_fields = ["source_page"]
    readonly_fields = ["created_at", "updated_at", "source_page_link", "created_by", "status", "transition_history"]
    inlines = [CreditInline, MentionInline]
    list_per_page = 50
    action_form = WorkflowActionForm
    actions = ["submit_action", "send_back_action", "publish_action", "withdraw_action"]
    change_form_template = "admin/articles/article/change_form.html"
    fieldsets = [
        (None, {"fields": ["kicker", "title", "subtitle", "body", "lead"]}),
        ("发布", {"fields": ["status", "published_at", "slug", "created_by"]}),
        ("流程记录", {"fields": ["transition_history"]}),
        ("日期与版面", {"fields": ["source_line", "dateline_date", "time_of_day", "issue_date", "page_number"]}),
        ("分类", {"fields": ["topics", "organizations"]}),
        (
            "导入信息",
            {
                "classes": ["collapse"],
                "fields": ["source_page", "source_page_link", "position_on_page", "title_is_generated", "review_notes",
                           "created_at", "updated_at"],
            },
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("person")),
        )
        if workflow.is_own_draft_only(request.user):
            queryset = queryset.filter(created_by=request.user)
        return queryset

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(workflow.PUBLISH):
            fields.append("published_at")
        return fields

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is not None and workflow.is_own_draft_only(request.user):
            return obj.created_by_id == request.user.pk and obj.status == ArticleStatus.DRAFT
        return True

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status == ArticleStatus.PUBLISHED and not request.user.has_perm(workflow.PUBLISH):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    # Workflow: a button per step on the change page, POSTing to <pk>/workflow/<step>/.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="articles_article_workflow",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id, step):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        published_at = None
        if request.POST.get("published_at"):
            field = forms.DateTimeField(required=False)
            try:
                published_at = field.clean(request.POST["published_at"])
            except forms.ValidationError:
                self.message_user(request, "发布时间格式不对", messages.ERROR)
                return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        try:
            workflow.take_step(
                step, article=article, by=request.user, comment=request.POST.get("comment", ""),
                published_at=published_at,
            )
        except workflow.WorkflowError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(request, f"《{article.title}》：{workflow.STEPS[step].label}，现为“{article.get_status_display()}”")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context["workflow_steps"] = workflow.available_steps(article=article, by=request.user)
        return super().change_view(request, object_id, form_url, extra_context)

    def _bulk(self, request, queryset, step):
        done, failed = 0, []
        comment = request.POST.get("comment", "")
        for article in queryset:
            try:
                workflow.take_step(step, article=article, by=request.user, comment=comment)
                done += 1
            except (workflow.WorkflowError, PermissionDenied) as exc:
                failed.append(str(exc))
        label = workflow.STEPS[step].label
        if done:
            self.message_user(request, f"{label}：{done} 篇")
        for message in failed:
            self.message_user(request, message, messages.WARNING)

    def has_submit_permission(self, request):
        return request.user.has_perm(workflow.SUBMIT)

    def has_review_permission(self, request):
        return request.user.has_perm(workflow.REVIEW)

    def has_publish_permission(self, request):
        return request.user.has_perm(workflow.PUBLISH)

    @admin.action(description="提交审核", permissions=["submit"])
    def submit_action(self, request, queryset):
        self._bulk(request, queryset, "submit")

    @admin.action(description="退回（需填写意见）", permissions=["review"])
    def send_back_action(self, request, queryset):
        self._bulk(request, queryset, "send_back")

    @admin.action(description="发布", permissions=["publish"])
    def publish_action(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="撤回", permissions=["publish"])
    def withdraw_action(self, request, queryset):
        self._bulk(request, queryset, "withdraw")

    @admin.display(description="日期", ordering="dateline_date")
    def display_date_column(self, article):
        return article.display_date

    @admin.display(description="人物")
    def people_column(self, article):
        return "、".join(m.person.name for m in article.mentions.all())

    @admin.display(description="版次", ordering="page_number")
    def page_column(self, article):
        return f"第{article.page_number}版" if article.page_number else "—"

    @admin.display(description="流程记录")
    def transition_history(self, article):
        """Read-only, newest first: the history is written only by the workflow buttons and actions."""
        rows = list(article.transitions.select_related("by")) if article.pk else []
        if not rows:
            return "—"
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(t.at).strftime("%Y-%m-%d %H:%M"),
                    t.by.get_username() if t.by else "—",
                    t.get_from_status_display(),
                    t.get_to_status_display(),
                    t.comment,
                )
                for t in rows
            ),
        )
        return format_html(
            '<table class="workflow-history"><thead><tr><th>时间</th><th>操作人</th><th>状态</th><th>意见</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            body,
        )

    @admin.display(description="原始版面")
    def source_page_link(self, article):
        if not article.source_page_id:
            return "—"
        url = reverse("admin:articles_sourcepage_change", args=[article.source_page_id])
        return format_html('<a href="{}">{}</a>', url, article.source_page)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "keywords"]
    search_fields = ["name", "keywords"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date", "time_of_day", "chair"]
    list_filter = ["kind", "date"]
    date_hierarchy = "date"
    search_fields = ["name", "place", "chair__name"]
    list_select_related = ["chair"]
    autocomplete_fields = ["chair", "participants", "organizations", "articles"]


@admin.register(SourcePage)
class SourcePageAdmin(admin.ModelAdmin):
    """Source pages are the record of what was printed: readable, never editable."""

    list_display = ["__str__", "issue_date", "page_number", "imported_at", "imported_by", "article_count"]
    list_filter = ["issue_date"]
    search_fields = ["file_name", "raw_text", "checksum"]
    list_select_related = ["imported_by"]
    readonly_fields = ["file_name", "checksum", "encoding", "issue_date", "page_number", "imported_at", "imported_by",
                       "raw_text"]
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
