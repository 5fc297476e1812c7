"""Admin for people, organizations and positions: search and autocomplete everywhere editors pick a person."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import transaction
from django.db.models import Count, ProtectedError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles import staff
from articles.models import Mention
from newsroom import images
from newsroom.admin_delete import HideLinkRowsOnDeleteMixin

from . import services
from .models import Organization, Person, Position


class PositionInline(admin.TabularInline):
    model = Position
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["title", "organization", "start_date", "end_date", "order"]


class MentionInline(admin.TabularInline):
    """The articles that name this person, read-only: they are edited on the article."""

    model = Mention
    extra = 0
    can_delete = False
    fields = ["article_link", "title_printed", "role"]
    readonly_fields = ["article_link", "title_printed", "role"]
    verbose_name = "报道中的提及"
    verbose_name_plural = "提及该人物的稿件"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # A 记者 sees only their own articles and published ones here: no titles of others' drafts.
        return staff.rows_for(request.user, super().get_queryset(request).select_related("article"))

    @admin.display(description="稿件")
    def article_link(self, mention):
        url = reverse("admin:articles_article_change", args=[mention.article_id])
        return format_html('<a href="{}">{}</a>', url, mention.article.title)


PICTURE_HELP = "可选。JPEG、PNG 或 WebP，不超过 20 MB；原图保留，读者看到的是自动生成的缩略图。"


class PersonForm(forms.ModelForm):
    # Checked as article photos are: a file that is not a picture, a bomb or over 20 MB is refused with its reason.
    portrait = images.ImageUploadField(label="肖像", required=False, help_text=PICTURE_HELP)

    class Meta:
        model = Person
        fields = ["name", "disambiguator", "kind", "confirmed", "slug", "bio", "portrait", "account"]


class OrganizationForm(forms.ModelForm):
    logo = images.ImageUploadField(label="标志", required=False, help_text=f"{PICTURE_HELP}透明背景显示为白色。")

    class Meta:
        model = Organization
        fields = ["name", "short_name", "aliases", "kind", "parent", "confirmed", "slug", "description", "logo"]


def thumbnail(shown: images.Picture | None, alt: str):
    """The smallest rendition, as the admin's preview of a portrait or logo; "—" without one."""
    if shown is None:
        return "—"
    return format_html('<img src="{}" alt="{}" width="120" class="photo-thumbnail">', shown.smallest, alt)


@admin.register(Person)
class PersonAdmin(HideLinkRowsOnDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "disambiguator", "kind", "current_titles", "mention_count", "confirmed"]
    list_filter = ["kind", "confirmed"]
    search_fields = ["name", "disambiguator", "positions__title"]
    form = PersonForm
    readonly_fields = ["portrait_preview", "created_at", "updated_at"]
    fields = ["name", "disambiguator", "kind", "confirmed", "slug", "bio", "portrait_preview", "portrait", "account",
              "created_at", "updated_at"]
    autocomplete_fields = ["account"]
    inlines = [PositionInline, MentionInline]
    list_per_page = 50
    ordering = ["name", "disambiguator"]
    actions = ["confirm_action", "merge_action"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        # Linking an account is the account managers' business (the picker lists users).
        return fields if request.user.has_perm("auth.change_user") else [*fields, "account"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(mention_total=Count("mentions", distinct=True))
            .prefetch_related("positions__organization")
        )

    @admin.display(description="肖像预览")
    def portrait_preview(self, person):
        return thumbnail(person.portrait_picture, person.name)

    @admin.display(description="职务")
    def current_titles(self, person):
        return "、".join(p.title for p in person.positions.all() if p.end_date is None)

    @admin.display(description="提及次数", ordering="mention_total")
    def mention_count(self, person):
        return person.mention_total

    @admin.action(description="标记为已核实", permissions=["change"])
    def confirm_action(self, request, queryset):
        done = services.confirm_people(people=queryset)
        self.message_user(request, f"已核实：{done} 人（以后导入时会识别这些人名）")

    @admin.action(description="合并所选人物", permissions=["change"])
    def merge_action(self, request, queryset):
        """Two or more rows that are one person: a confirmation page picks the one that stays."""
        people = list(queryset.order_by("name", "pk"))
        if len(people) < 2:
            self.message_user(request, "请至少选择两个人物再合并", messages.WARNING)
            return None
        if request.POST.get("post") == "yes":
            survivor = next((p for p in people if str(p.pk) == request.POST.get("survivor")), None)
            if survivor is None:
                self.message_user(request, "请选择合并后保留的人物", messages.ERROR)
            else:
                try:
                    with transaction.atomic():  # all or nothing
                        results = [
                            services.merge_people(survivor=survivor, duplicate=duplicate, by=request.user)
                            for duplicate in people
                            if duplicate.pk != survivor.pk
                        ]
                    for result in results:
                        self.message_user(request, result.summary())
                except ProtectedError as exc:
                    self.message_user(request, f"未合并：仍有记录引用被合并的人物（{exc.protected_objects}）",
                                      messages.ERROR)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": "合并人物",
            "opts": self.model._meta,
            "people": people,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/people/person/merge_confirmation.html", context)


@admin.register(Organization)
class OrganizationAdmin(HideLinkRowsOnDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent", "confirmed"]
    list_filter = ["kind", "confirmed"]
    search_fields = ["name", "short_name", "aliases"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    form = OrganizationForm
    readonly_fields = ["logo_preview", "created_at", "children_list"]
    fields = ["name", "short_name", "aliases", "kind", "parent", "confirmed", "slug", "description", "logo_preview",
              "logo", "children_list", "created_at"]
    actions = ["confirm_action"]

    @admin.action(description="标记为已核实", permissions=["change"])
    def confirm_action(self, request, queryset):
        done = services.confirm_organizations(organizations=queryset)
        self.message_user(request, f"已核实：{done} 个机构（以后导入时会识别这些名称）")

    @admin.display(description="标志预览")
    def logo_preview(self, org):
        return thumbnail(org.logo_picture, org.name)

    @admin.display(description="下级机构")
    def children_list(self, org):
        children = org.children.all() if org.pk else []
        return format_html_join(
            "、",
            '<a href="{}">{}</a>',
            ((reverse("admin:people_organization_change", args=[c.pk]), c.name) for c in children),
        ) or "—"


@admin.register(Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["person", "title", "organization", "start_date", "end_date"]
    list_select_related = ["person", "organization"]
    search_fields = ["person__name", "title", "organization__name"]
    autocomplete_fields = ["person", "organization"]
    list_filter = ["organization__kind"]
