"""The editors' admin for articles, their bylines and mentions, meetings, topics and source pages."""

from urllib.parse import urlencode

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from reversion.errors import RevertError

from newsroom.admin_delete import HideLinkRowsOnDeleteMixin
from newsroom.text import cn_datetime, without_english_gloss

from . import editing, photos, preview, revisions, staff, workflow
from .models import Article, ArticlePhoto, ArticleStatus, Credit, Meeting, Mention, PendingEdit, Topic
from .person_picker import CreditRowForm, MentionRowForm, OwnBylineInlineMixin, PersonPickerInlineMixin


class CreditInline(OwnBylineInlineMixin, PersonPickerInlineMixin, admin.TabularInline):
    """Bylines: a person picked or added by name (``articles.person_picker``); a new article opens with its
    author's own byline when their account is linked to a person."""

    model = Credit
    form = CreditRowForm
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "role", "person"]


class MentionInline(PersonPickerInlineMixin, admin.TabularInline):
    """The people named: picked, or added by name (``articles.person_picker``)."""

    model = Mention
    form = MentionRowForm
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["order", "person", "title_printed", "role"]


class ArticlePhotoForm(forms.ModelForm):
    image = photos.PhotoUploadField(
        label="图片", help_text="JPEG、PNG 或 WebP，不超过 20 MB；原图保留，读者看到的是自动生成的缩略图。"
    )

    class Meta:
        model = ArticlePhoto
        fields = ["order", "image", "caption", "alt", "photographer"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2, "cols": 40})}


class ArticlePhotoInline(admin.TabularInline):
    """The article's photos, with thumbnails; the one first in order (0 first) is the lead photo."""

    model = ArticlePhoto
    form = ArticlePhotoForm
    extra = 0
    autocomplete_fields = ["photographer"]
    fields = ["order", "thumbnail", "image", "caption", "alt", "photographer"]
    readonly_fields = ["thumbnail"]

    @admin.display(description="缩略图")
    def thumbnail(self, photo):
        shown = photos.picture(photo) if photo.pk else None
        if shown is None:
            return "—"
        return format_html('<img src="{}" alt="{}" width="120" class="photo-thumbnail">', shown.smallest, photo.alt)


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


class EditToken(forms.CharField):
    """A hidden field the change form carries back: never "changed", so never named in the change message."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def has_changed(self, initial, data):
        return False


class ArticleAdminForm(forms.ModelForm):
    """The change form remembers which state of the article it was opened on (``opened_at``, the row's
    ``updated_at``; ``opened_version``, its newest revision). Saving over someone else's later save is refused
    with a message and a link to the difference; the editor's text stays in the form. The form then carries the
    current state, so saving again, having looked, is a deliberate overwrite.
    """

    opened_at = EditToken(label="打开时的修改时间")
    opened_version = EditToken(label="打开时的版本")
    opened_edit = EditToken(label="打开时的修改稿")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "review_notes" in self.initial:  # notes of an older import carry an English gloss: shown without it
            self.initial["review_notes"] = without_english_gloss(self.initial["review_notes"])
        if self.instance.pk and not self.is_bound and "opened_at" in self.fields:
            latest = revisions.versions_of(self.instance).values_list("pk", flat=True).first()
            self.fields["opened_at"].initial = revisions.edit_token(self.instance.updated_at)
            self.fields["opened_version"].initial = latest or ""
            self.fields["opened_edit"].initial = editing.edit_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "opened_edit" in self.fields and self.instance.status == ArticleStatus.PUBLISHED:
            # A live article: saving replaces its pending edit. Someone else's edit since the form was opened is
            # not replaced unseen.
            current = editing.edit_token(self.instance)
            if cleaned_data.get("opened_edit", "") != current:
                self.data = self.data.copy()
                self.data[self.add_prefix("opened_edit")] = current
                raise forms.ValidationError(
                    "这篇已发布稿件的修改稿在你打开之后有了变化（有人保存或恢复了修改稿）。你的修改没有保存，仍在下面的表单里；"
                    "请先看看那份修改稿（页面上方的“预览修改稿”“与线上版本比较”），再点“保存”将以表单中的内容替换它。",
                    code="edit_conflict",
                )
        opened_at = cleaned_data.get("opened_at")
        if self.instance.pk and opened_at:
            conflict = revisions.changed_since(self.instance.pk, opened_at)
            if conflict is not None:
                message = self.conflict_message(conflict, cleaned_data.get("opened_version", ""))
                self.data = self.data.copy()
                self.data[self.add_prefix("opened_at")] = revisions.edit_token(conflict.updated_at)
                self.data[self.add_prefix("opened_version")] = str(conflict.latest.pk) if conflict.latest else ""
                raise forms.ValidationError(message, code="conflict")
        return cleaned_data

    def conflict_message(self, conflict: revisions.Conflict, opened_version: str):
        latest = conflict.latest
        if latest is not None and str(latest.pk) != opened_version:
            user = latest.revision.user
            what = format_html(
                "{} 于 {} 保存了新的版本{}",
                user.get_username() if user else "有人",
                revisions.revision_label(latest),
                format_html("（{}）", latest.revision.comment) if latest.revision.comment else "",
            )
        else:  # changed without leaving a revision (a re-import): only the time is known
            when = timezone.localtime(conflict.updated_at).strftime("%Y-%m-%d %H:%M")
            what = format_html("稿件于 {} 被修改过（没有修订记录）", when)
        if not opened_version and latest is not None:
            # Opened before the article had any revision: its first one (the baseline) is what was opened.
            opened_version = revisions.versions_of(self.instance).order_by("revision__date_created", "pk").first().pk
        link = ""
        if opened_version:
            url = reverse("admin:articles_article_revision_diff", args=[quote(self.instance.pk)])
            query = urlencode({"a": opened_version, "b": "current"})
            link = format_html('<a href="{}?{}">查看你打开时的版本与当前版本的差异</a>，', url, query)
        return format_html(
            "这篇稿件在你打开之后已有改动：{}。你的修改没有保存，仍在下面的表单里。"
            "请先{}把对方的改动合并进来；核对后再点“保存”，将以表单中的内容为准。",
            what, link,
        )


class WorkflowButton:
    """A workflow step as the change page shows it: whether it is an override (a reason required)."""

    def __init__(self, step: workflow.Step, *, override: bool, edit: PendingEdit | None = None):
        self.step, self.override, self.edit = step, override, edit
        self.name = step.name
        self.label = f"{workflow.OVERRIDE}{step.label}" if override else step.label
        self.comment_required = step.comment_required or override
        self.id = f"{'edit-' if edit else ''}{step.name}"


class WorkflowActionForm(ActionForm):
    comment = forms.CharField(label="意见", required=False, widget=forms.TextInput(attrs={"size": 30}))


@admin.register(Article)
class ArticleAdmin(HideLinkRowsOnDeleteMixin, admin.ModelAdmin):
    """Articles, and the workflow buttons that move them between states (see ``articles.workflow``).

    Reporters (no review permission) see and edit only their own drafts; ``status`` is never edited in the
    form, only through the buttons and actions, so every change of state is recorded.
    """

    # "标题由系统生成" is a filter, not a column: with the preview link the list fits 1280 px.
    list_display = ["title", "display_date_column", "status_column", "published_at_column", "people_column",
                    "page_column", "created_by", "preview_column"]
    list_filter = ["status", ScheduleFilter, "kind", "dateline_date", "topics", PageNumberFilter, "title_is_generated"]
    date_hierarchy = "dateline_date"
    search_fields = ["title", "kicker", "subtitle", "body"]
    list_select_related = ["source_page", "created_by"]
    filter_horizontal = ["topics"]  # a few dozen topics; organizations (hundreds and growing) by autocomplete
    autocomplete_fields = ["source_page", "organizations"]
    readonly_fields = ["created_at", "updated_at", "source_page_link", "created_by", "status", "transition_history"]
    inlines = [CreditInline, MentionInline, ArticlePhotoInline]
    form = ArticleAdminForm
    list_per_page = 50
    action_form = WorkflowActionForm
    actions = ["submit_action", "send_back_action", "approve_action", "publish_action", "withdraw_action"]
    change_form_template = "admin/articles/article/change_form.html"
    object_history_template = "admin/articles/article/object_history.html"
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
        # A published article's time changes only through the workflow (withdraw, reopen, publish again).
        if not request.user.has_perm(workflow.PUBLISH) or (obj is not None and obj.status == ArticleStatus.PUBLISHED):
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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        (name, options), *rest = fieldsets
        first = (name, {**options, "fields": [*options["fields"], ("opened_at", "opened_version", "opened_edit")]})
        return [first, *rest]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        if change and Article.objects.filter(pk=obj.pk, status=ArticleStatus.PUBLISHED).exists():
            # A live article: the change waits as a pending edit (made in save_related, with the formsets).
            obj.saving_as_edit = True
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        if getattr(obj, "saving_as_edit", False):
            data = editing.data_from_form(obj, form.cleaned_data, formsets)
            live = Article.objects.get(pk=obj.pk)
            obj.saved_edit = workflow.save_edit(article=live, data=data, by=request.user)
            return
        super().save_related(request, form, formsets, change)
        if change and (form.has_changed() or any(formset.has_changed() for formset in formsets)):
            obj.sent_back_to_review = workflow.changed_after_approval(article=obj, by=request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        if getattr(form.instance, "saving_as_edit", False):
            fields = "、".join(str(form.fields[name].label) for name in form.changed_data if name in form.fields)
            return f"存为修改稿（线上版本不变）{'：' + fields if fields else ''}"
        return super().construct_change_message(request, form, formsets, add)

    def response_change(self, request, obj):
        edit = getattr(obj, "saved_edit", None)
        if edit is None:
            if getattr(obj, "sent_back_to_review", None) is not None:
                self.message_user(
                    request, f"《{obj.title}》审核通过后又有修改，已退回“待审”，需要重新审核通过才能发布。", messages.WARNING
                )
            return super().response_change(request, obj)
        self.message_user(
            request,
            format_html(
                "《{}》是已发布的稿件：你的修改已存为修改稿，线上版本不变。修改稿经提交审核、审核通过，由值班主任发布后才生效。"
                '<a href="{}">预览修改稿</a>',
                obj.title, preview.preview_url(obj, edit=edit),
            ),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[quote(obj.pk)]))

    # Revisions: every add and change saves one, inlines and topics included (see ``articles.revisions``).

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        if reversion.is_active():
            reversion.set_comment(entry.get_change_message())
        return entry

    def _article_or_404(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("没有这篇稿件")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def history_view(self, request, object_id, extra_context=None):
        """The article's revisions, newest first: who, when, what; two chosen ones compared; any one restored."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = list(revisions.versions_of(article))
        context = {
            **self.admin_site.each_context(request),
            "title": f"修订记录：{article}",
            "subtitle": None,
            "object": article,
            "opts": self.opts,
            "module_name": self.opts.verbose_name_plural,
            "versions": versions,
            "can_restore": self.has_change_permission(request, article),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.object_history_template, context)

    def revision_diff_view(self, request, object_id):
        """Two states side by side: ``?a=<version>&b=<version or "current">`` (the article as it is now)."""
        article = self._article_or_404(request, object_id)
        versions = revisions.versions_of(article)

        def side(value):
            if value == "current":
                return None, revisions.snapshot_of_article(article)
            if not value or not value.isdigit():
                raise Http404("没有这个版本")
            version = get_object_or_404(versions, pk=value)
            return version, revisions.snapshot_of_version(version)

        old_version, old = side(request.GET.get("a"))
        new_version, new = side(request.GET.get("b", "current"))
        sections = revisions.compare(old, new)
        context = {
            **self.admin_site.each_context(request),
            "title": f"版本比较：{article}",
            "subtitle": None,
            "object": article,
            "opts": self.opts,
            "old_version": old_version,
            "new_version": new_version,
            "sections": sections,
            "identical": not any(section.changed for section in sections),
            "can_restore": self.has_change_permission(request, article),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)

    def restore_view(self, request, object_id, version_id):
        """POST only: restore an old revision, as a new one. Needs the right to change this article.

        A published article is not changed: after a confirmation page, the old revision becomes its pending edit.
        """
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._article_or_404(request, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(revisions.versions_of(article), pk=version_id)
        if article.status == ArticleStatus.PUBLISHED:
            return self._restore_as_edit(request, article, version)
        try:
            revisions.restore(article=article, version=version, by=request.user)
        except (revisions.RestoreError, RevertError) as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[quote(article.pk)]))
        self.message_user(request, f"《{article.title}》已恢复到 {revisions.revision_label(version)} 的版本")
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[quote(article.pk)]))

    def _restore_as_edit(self, request, article, version):
        if request.POST.get("confirm") != "yes":
            context = {
                **self.admin_site.each_context(request),
                "title": f"确认恢复旧版本：{article}",
                "subtitle": None,
                "object": article,
                "opts": self.opts,
                "version": version,
                "label": revisions.revision_label(version),
                "open_edit": editing.open_edit(article),
                "sections": revisions.compare(revisions.snapshot_of_article(article),
                                              revisions.snapshot_of_version(version)),
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, "admin/articles/article/restore_confirm.html", context)
        label = revisions.revision_label(version)
        edit = workflow.save_edit(article=article, data=editing.data_from_version(version), by=request.user,
                                  comment=f"恢复到 {label} 的版本（存为修改稿）")
        self.message_user(
            request,
            format_html("《{}》：{} 的版本已存为修改稿，线上版本不变；审核通过并由值班主任发布后生效。"
                        '<a href="{}">预览修改稿</a>', article.title, label, preview.preview_url(article, edit=edit)),
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[quote(article.pk)]))

    def preview_view(self, request, object_id):
        """The article (or, with ``?edit=<id>``, its pending edit) exactly as readers will see it, with a banner
        naming its state: for signed-in staff who may view the article (a reporter: only their own)."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        article = self._article_or_404(request, object_id)
        edit = None
        if request.GET.get("edit"):
            if not request.GET["edit"].isdigit():
                raise Http404("没有这份修改稿")
            edit = get_object_or_404(article.pending_edits, pk=request.GET["edit"])
        return preview.render_preview(request, article, edit=edit)

    def edit_diff_view(self, request, object_id, edit_id):
        """A pending edit beside the live article."""
        article = self._article_or_404(request, object_id)
        edit = get_object_or_404(article.pending_edits, pk=edit_id)
        sections = revisions.compare(revisions.snapshot_of_article(article), editing.snapshot_of_edit(edit))
        context = {
            **self.admin_site.each_context(request),
            "title": f"修改稿与线上版本比较：{article}",
            "subtitle": None,
            "object": article,
            "opts": self.opts,
            "old_version": None,
            "new_version": None,
            "edit": edit,
            "sections": sections,
            "identical": not any(section.changed for section in sections),
            "can_restore": False,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)

    # Workflow: a button per step on the change page, POSTing to <pk>/workflow/<step>/.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/workflow/<str:step>/",
                self.admin_site.admin_view(self.workflow_view),
                name="articles_article_workflow",
            ),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<path:object_id>/edits/<int:edit_id>/compare/",
                self.admin_site.admin_view(self.edit_diff_view),
                name="articles_article_edit_diff",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.revision_diff_view),
                name="articles_article_revision_diff",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="articles_article_revision_restore",
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id, step):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_view_permission(request):
            raise PermissionDenied
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        back = HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        comment, override = request.POST.get("comment", ""), request.POST.get("override") == "1"
        if request.POST.get("edit"):
            edit = get_object_or_404(article.pending_edits, pk=request.POST["edit"]) if request.POST["edit"].isdigit() \
                else None
            if edit is None:
                raise Http404("没有这份修改稿")
            try:
                workflow.take_edit_step(step, edit=edit, by=request.user, comment=comment, override=override,
                                        correction=request.POST.get("correction", ""))
            except workflow.WorkflowError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                done = "已发布，线上版本已更新" if edit.status == ArticleStatus.PUBLISHED else f"现为“{edit.get_status_display()}”"
                self.message_user(request, f"《{article.title}》的修改稿：{workflow.STEPS[step].label}，{done}")
            return back
        published_at = None
        if request.POST.get("published_at"):
            field = forms.DateTimeField(required=False)
            try:
                published_at = field.clean(request.POST["published_at"])
            except forms.ValidationError:
                self.message_user(request, "发布时间格式不对", messages.ERROR)
                return back
        try:
            workflow.take_step(
                step, article=article, by=request.user, comment=comment, published_at=published_at, override=override,
            )
        except workflow.WorkflowError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request, f"《{article.title}》：{workflow.STEPS[step].label}，现为“{workflow.status_label(article)}”"
            )
        return back

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None:
            extra_context["workflow_steps"] = [
                WorkflowButton(step, override=workflow.needs_override(step, status=article.status, article=article))
                for step in workflow.available_steps(article=article, by=request.user)
            ]
            extra_context["status_label"] = workflow.status_label(article)
            extra_context["preview_url"] = preview.preview_url(article)
            edit = editing.open_edit(article)
            if edit is not None:
                extra_context["open_edit"] = edit
                extra_context["edit_preview_url"] = preview.preview_url(article, edit=edit)
                extra_context["edit_steps"] = [
                    WorkflowButton(step, override=workflow.needs_override(step, status=edit.status), edit=edit)
                    for step in workflow.available_edit_steps(edit=edit, by=request.user)
                ]
            if request.method == "POST" and self.has_change_permission(request, article):
                revisions.ensure_baseline(article)  # an imported article's first save: keep what it was
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

    @admin.action(description="审核通过", permissions=["review"])
    def approve_action(self, request, queryset):
        self._bulk(request, queryset, "approve")

    @admin.action(description="发布（仅已审核的）", permissions=["publish"])
    def publish_action(self, request, queryset):
        self._bulk(request, queryset, "publish")

    @admin.action(description="撤回", permissions=["publish"])
    def withdraw_action(self, request, queryset):
        self._bulk(request, queryset, "withdraw")

    @admin.display(description="状态", ordering="status")
    def status_column(self, article):
        return workflow.status_label(article)

    @admin.display(description="发布时间", ordering="published_at")
    def published_at_column(self, article):
        return cn_datetime(article.published_at) if article.published_at else "—"

    @admin.display(description="预览")
    def preview_column(self, article):
        return format_html('<a href="{}" target="_blank" rel="noopener">预览</a>', preview.preview_url(article))

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
            '<tr{}><td>{}</td><td>{}</td><td>{}{} → {}</td><td>{}{}</td></tr>',
            (
                (
                    format_html(' class="{}"', "override") if t.override else "",
                    cn_datetime(t.at),
                    t.by.get_username() if t.by else "—",
                    "修改稿：" if t.edit_id else "",
                    t.get_from_status_display(),
                    t.get_to_status_display(),
                    format_html("<strong>{}：</strong>", workflow.OVERRIDE) if t.override else "",
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
class TopicAdmin(HideLinkRowsOnDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "keywords"]
    search_fields = ["name", "keywords"]


@admin.register(Meeting)
class MeetingAdmin(HideLinkRowsOnDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "date", "time_of_day", "chair"]
    list_filter = ["kind", "date"]
    date_hierarchy = "date"
    search_fields = ["name", "place", "chair__name"]
    list_select_related = ["chair"]
    autocomplete_fields = ["chair", "participants", "organizations", "articles"]
    fields = ["name", "kind", "date", "end_date", "time_of_day", "place", "chair", "participants", "organizations", "articles"]

    def get_fields(self, request, obj=None):
        """A 记者 sees the meeting's articles as a read-only list of those they may see (their own and published
        ones), never the titles of others' drafts; the list is not part of the form, so nothing they save touches it."""
        fields = list(super().get_fields(request, obj))
        if not staff.sees_every_article(request.user):
            fields[fields.index("articles")] = "articles_seen"
        return fields

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields if staff.sees_every_article(request.user) else [*fields, "articles_seen"]

    def get_object(self, request, object_id, from_field=None):
        meeting = super().get_object(request, object_id, from_field)
        if meeting is not None:
            meeting.articles_seen_by_viewer = list(staff.articles_for(request.user, meeting.articles.all()))
        return meeting

    @admin.display(description="报道稿件")
    def articles_seen(self, meeting):
        articles = getattr(meeting, "articles_seen_by_viewer", [])
        return format_html_join("、", "《{}》", ((a.title,) for a in articles)) or "—"


from . import admin_import  # noqa: E402, F401  (SourcePageAdmin: 导入版面 and the 待核队列)
