"""The editors' admin for articles, their bylines and mentions, meetings, topics and source pages."""

from django.contrib import admin
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils.html import format_html

from .models import Article, Credit, Meeting, Mention, SourcePage, Topic


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "display_date_column", "status", "people_column", "page_column", "title_is_generated"]
    list_filter = ["status", "dateline_date", "topics", PageNumberFilter, "title_is_generated"]
    date_hierarchy = "dateline_date"
    search_fields = ["title", "kicker", "subtitle", "body"]
    list_select_related = ["source_page"]
    filter_horizontal = ["topics", "organizations"]
    autocomplete_fields = ["source_page"]
    readonly_fields = ["created_at", "updated_at", "source_page_link"]
    inlines = [CreditInline, MentionInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["kicker", "title", "subtitle", "body", "lead"]}),
        ("发布", {"fields": ["status", "published_at", "slug"]}),
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
        return super().get_queryset(request).prefetch_related(
            Prefetch("mentions", queryset=Mention.objects.select_related("person")),
        )

    @admin.display(description="日期", ordering="dateline_date")
    def display_date_column(self, article):
        return article.display_date

    @admin.display(description="人物")
    def people_column(self, article):
        return "、".join(m.person.name for m in article.mentions.all())

    @admin.display(description="版次", ordering="page_number")
    def page_column(self, article):
        return f"第{article.page_number}版" if article.page_number else "—"

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
