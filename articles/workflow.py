"""The editorial workflow: the only way an article changes state, each step recorded as an ArticleTransition.

States and the steps between them (who may take a step is a permission on Article, granted through roles)::

    draft ──submit──▶ review ──approve──▶ approved ──publish──▶ published (a future published_at: 待发布)
    review / approved ──send_back (comment required)──▶ draft
    published ──withdraw──▶ withdrawn ──reopen──▶ draft

Review gates publishing: a 值班主任 publishes only approved articles; publishing a draft or an article in review
takes an explicit *override* with a reason, recorded (``ArticleTransition.override``) and shown in the log. An
article with open review-queue items (``review_notes``, a generated title) cannot be approved until they are
resolved, or overridden with a reason. Readers see only published articles whose time has come: approved is
not readable.

Edits to a published article wait: saving it stores a :class:`~articles.models.PendingEdit` (``save_edit``),
which goes through the same steps (submit → approve → publish, send back) with :func:`take_edit_step`;
publishing it updates the live row (and its reader pages), with an optional 更正 note.

Roles are Django groups (记者, 编辑, 值班主任, 管理员), created by a data migration and by
``manage.py setup_roles``; both call :func:`ensure_roles`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from newsroom.text import cn_datetime

from . import editing, revisions  # revisions registers Article, Credit and Mention with reversion
from .models import Article, ArticleStatus, ArticleTransition, PendingEdit

S = ArticleStatus

SUBMIT = "articles.submit_article"
REVIEW = "articles.review_article"
PUBLISH = "articles.publish_article"

OVERRIDE = "越过审核"


class WorkflowError(Exception):
    """A step that the article's current state does not allow, or that lacks what it needs (a comment)."""


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    permission: str
    comment_required: bool = False
    #: States the step may also be taken from, but only as an override with a reason.
    override_sources: tuple[str, ...] = ()


STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step("submit", "提交审核", (S.DRAFT,), S.REVIEW, SUBMIT),
        Step("send_back", "退回", (S.REVIEW, S.APPROVED), S.DRAFT, REVIEW, comment_required=True),
        Step("approve", "审核通过", (S.REVIEW,), S.APPROVED, REVIEW),
        Step("publish", "发布", (S.APPROVED,), S.PUBLISHED, PUBLISH, override_sources=(S.DRAFT, S.REVIEW)),
        Step("withdraw", "撤回", (S.PUBLISHED,), S.WITHDRAWN, PUBLISH),
        Step("reopen", "重新打开", (S.WITHDRAWN,), S.DRAFT, REVIEW),
    ]
}

#: The steps a pending edit of a live article goes through.
EDIT_STEPS = ("submit", "send_back", "approve", "publish")


def is_own_draft_only(user) -> bool:
    """Reporters (may submit, may not review) work only on the articles they created."""
    return not user.has_perm(REVIEW)


def can_take(step: Step, *, article: Article, by) -> bool:
    if not by.has_perm(step.permission):
        return False
    return not (is_own_draft_only(by) and article.created_by_id != by.pk)


def has_open_review_items(article: Article) -> bool:
    """Open items of the review queue (待核队列): notes from the import, or a title the system made up."""
    return bool(article.review_notes.strip()) or article.title_is_generated


def needs_override(step: Step, *, status: str, article: Article | None = None) -> bool:
    """Whether taking ``step`` from ``status`` is an override (a reason required, recorded as such)."""
    if status in step.override_sources:
        return True
    return step.name == "approve" and article is not None and has_open_review_items(article)


def available_steps(*, article: Article, by) -> list[Step]:
    """The steps ``by`` may take on ``article`` in its current state (overrides included): its buttons."""
    return [
        s for s in STEPS.values()
        if article.status in (*s.sources, *s.override_sources) and can_take(s, article=article, by=by)
    ]


def available_edit_steps(*, edit: PendingEdit, by) -> list[Step]:
    """The steps ``by`` may take on a pending edit of a live article."""
    return [
        STEPS[name] for name in EDIT_STEPS
        if edit.status in (*STEPS[name].sources, *STEPS[name].override_sources)
        and can_take(STEPS[name], article=edit.article, by=by)
    ]


def _check(step: Step, *, status: str, title: str, comment: str, override: bool, article: Article | None = None,
           what: str = "") -> bool:
    """Raise WorkflowError unless ``step`` may be taken from ``status``; return whether it is an override."""
    allowed = status in step.sources or status in step.override_sources
    if not allowed:
        raise WorkflowError(f"《{title}》{what}状态为“{S(status).label}”，不能“{step.label}”")
    if step.comment_required and not comment:
        raise WorkflowError(f"“{step.label}”需要填写意见")
    if not needs_override(step, status=status, article=article):
        return False
    if status in step.override_sources:
        why = f"《{title}》{what}尚未审核通过（现为“{S(status).label}”）"
    else:
        why = f"《{title}》还有未处理的待核事项（见待核队列）"
    if not override:
        raise WorkflowError(f"{why}，不能直接“{step.label}”；如确需{step.label}，请勾选“{OVERRIDE}”并填写理由")
    if not comment:
        raise WorkflowError(f"{why}：{OVERRIDE}“{step.label}”必须填写理由")
    return True


def _take(name: str, *, article: Article, by, comment: str = "", published_at: dt.datetime | None = None,
          override: bool = False):
    step = STEPS[name]
    comment = (comment or "").strip()
    with transaction.atomic(), reversion.create_revision():
        # Each step is also a revision of the article, commented with the step: the history shows it.
        reversion.set_user(by)
        reversion.set_comment(f"{step.label}：{comment}" if comment else step.label)
        # Lock the row and read its state afresh: two people pressing buttons at once take turns.
        current = Article.objects.select_for_update().get(pk=article.pk)
        if not can_take(step, article=current, by=by):
            raise PermissionDenied(f"没有权限对《{current.title}》执行“{step.label}”")
        overridden = _check(step, status=current.status, title=current.title, comment=comment, override=override,
                            article=current)
        from_status = current.status
        current.status = step.target
        fields = ["updated_at", "status"]
        if step.target == S.PUBLISHED:
            if published_at is not None:
                current.published_at = published_at
            elif current.published_at is None:
                current.published_at = timezone.now()
            fields.append("published_at")
        current.save(update_fields=fields)
        transition = ArticleTransition.objects.create(
            article=current, from_status=from_status, to_status=current.status, by=by, comment=comment,
            override=overridden,
        )
    article.status, article.published_at, article.updated_at = current.status, current.published_at, current.updated_at
    return transition


def submit_for_review(*, article: Article, by, comment: str = "") -> ArticleTransition:
    """draft → review. A reporter may submit only an article they created."""
    return _take("submit", article=article, by=by, comment=comment)


def send_back(*, article: Article, by, comment: str) -> ArticleTransition:
    """review / approved → draft, with the editor's reasons (required)."""
    return _take("send_back", article=article, by=by, comment=comment)


def approve(*, article: Article, by, comment: str = "", override: bool = False) -> ArticleTransition:
    """An editor's 审核通过: review → approved, ready for the duty chief to publish. Open review-queue items
    block it unless ``override`` with a reason (``comment``)."""
    return _take("approve", article=article, by=by, comment=comment, override=override)


def publish(*, article: Article, by, comment: str = "", published_at: dt.datetime | None = None,
            override: bool = False) -> ArticleTransition:
    """approved → published. ``published_at`` in the future schedules it; readers see it from then on.
    A draft or an article in review is published only with ``override`` and a reason (``comment``)."""
    return _take("publish", article=article, by=by, comment=comment, published_at=published_at, override=override)


def withdraw(*, article: Article, by, comment: str = "") -> ArticleTransition:
    """published → withdrawn: readers no longer see it."""
    return _take("withdraw", article=article, by=by, comment=comment)


def reopen(*, article: Article, by, comment: str = "") -> ArticleTransition:
    """withdrawn → draft, to be corrected and go through review again."""
    return _take("reopen", article=article, by=by, comment=comment)


#: The log's comment when an approved article is changed: what was approved is not what would be published.
CHANGED_AFTER_APPROVAL = "审核通过后又有修改，退回待审"


def changed_after_approval(*, article: Article, by) -> ArticleTransition | None:
    """An approved article was changed (by anyone who may change it): approved → review, so what the 值班主任
    publishes is what an editor approved. Nothing when it is no longer approved."""
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.status != S.APPROVED:
            return None
        current.status = S.REVIEW
        current.save(update_fields=["status", "updated_at"])
        transition = ArticleTransition.objects.create(
            article=current, from_status=S.APPROVED, to_status=S.REVIEW, by=by, comment=CHANGED_AFTER_APPROVAL
        )
    article.status = current.status
    return transition


def take_step(name: str, *, article: Article, by, comment: str = "", published_at=None,
              override: bool = False) -> ArticleTransition:
    """Take a step by name (the admin's buttons and actions). Unknown names are a WorkflowError."""
    if name not in STEPS:
        raise WorkflowError(f"未知的操作：{name}")
    return _take(name, article=article, by=by, comment=comment, published_at=published_at, override=override)


# ---------------------------------------------------------------------------------------------------------
# Pending edits of published articles.


def save_edit(*, article: Article, data: dict, by, comment: str = "") -> PendingEdit:
    """Keep a change to a published article as its pending edit; the live row is not touched.

    The article's open edit, if any, takes the new data and goes back to draft (a changed text is reviewed
    again); otherwise a new edit is made. Raises WorkflowError if the article is not published.
    """
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if current.status != S.PUBLISHED:
            raise WorkflowError(f"《{current.title}》不是已发布的稿件，直接保存即可")
        edit = current.pending_edits.select_for_update().exclude(status=S.PUBLISHED).first()
        note = (comment or "").strip()
        if edit is None:
            edit = PendingEdit.objects.create(article=current, data=data, created_by=by)
            from_status, note = S.DRAFT, note or "保存修改稿（线上版本不变）"
        else:
            from_status = edit.status
            edit.data, edit.status = data, S.DRAFT
            edit.save(update_fields=["data", "status", "updated_at"])
            note = note or ("修改稿有新的改动，需重新审核" if from_status != S.DRAFT else "更新修改稿")
        ArticleTransition.objects.create(
            article=current, edit=edit, from_status=from_status, to_status=S.DRAFT, by=by, comment=note
        )
    return edit


def take_edit_step(name: str, *, edit: PendingEdit, by, comment: str = "", override: bool = False,
                   correction: str = "") -> ArticleTransition:
    """Move a pending edit through review (``EDIT_STEPS``). Publishing it writes it onto the live article, as a
    new revision, and keeps ``correction`` (更正) to show on the reader's page with the day."""
    if name not in EDIT_STEPS:
        raise WorkflowError(f"修改稿不能执行：{name}")
    step = STEPS[name]
    comment, correction = (comment or "").strip(), (correction or "").strip()
    with transaction.atomic(), reversion.create_revision():
        reversion.set_user(by)
        reversion.set_comment(f"发布修改稿：{comment}" if comment else "发布修改稿")
        article = Article.objects.select_for_update().get(pk=edit.article_id)
        current = PendingEdit.objects.select_for_update().get(pk=edit.pk)
        if not can_take(step, article=article, by=by):
            raise PermissionDenied(f"没有权限对《{article.title}》的修改稿执行“{step.label}”")
        overridden = _check(step, status=current.status, title=article.title, comment=comment, override=override,
                            what="的修改稿")
        if name == "publish" and article.status != S.PUBLISHED:
            raise WorkflowError(f"《{article.title}》已不是已发布状态，修改稿不能发布；请直接修改稿件")
        from_status = current.status
        current.status = step.target
        if name == "publish":
            revisions.ensure_baseline(article)
            editing.apply(article, current.data)
            current.published_at, current.published_by, current.correction = timezone.now(), by, correction
        current.save()
        note = f"{comment}（更正：{correction}）" if correction else comment
        transition = ArticleTransition.objects.create(
            article=article, edit=current, from_status=from_status, to_status=current.status, by=by,
            comment=note, override=overridden,
        )
    edit.status = current.status
    return transition


# ---------------------------------------------------------------------------------------------------------
# What the admin says of a state.


def is_scheduled(article: Article, now: dt.datetime | None = None) -> bool:
    """Published with a time still to come: readers do not see it yet."""
    return (
        article.status == S.PUBLISHED and article.published_at is not None
        and article.published_at > (now or timezone.now())
    )


def status_label(article: Article, now: dt.datetime | None = None) -> str:
    """草稿, 待审, 已审核, 已发布, 已撤回, or 待发布（2023年2月12日 14:05）, in the paper's time zone."""
    if is_scheduled(article, now):
        return f"待发布（{cn_datetime(article.published_at)}）"
    return article.get_status_display()


# ---------------------------------------------------------------------------------------------------------
# Roles.

_REPORTER = [
    "articles.add_article", "articles.change_article", "articles.view_article", SUBMIT,
    "articles.add_credit", "articles.change_credit", "articles.delete_credit", "articles.view_credit",
    "articles.add_mention", "articles.change_mention", "articles.delete_mention", "articles.view_mention",
    "articles.view_topic", "articles.view_meeting",
    "articles.add_articlephoto", "articles.change_articlephoto", "articles.delete_articlephoto",
    "articles.view_articlephoto",
    "people.view_person", "people.view_organization", "people.view_position",
]
_EDITOR = _REPORTER + [
    REVIEW,
    "articles.add_topic", "articles.change_topic",
    "articles.add_meeting", "articles.change_meeting", "articles.view_sourcepage",
    "people.add_person", "people.change_person", "people.add_organization", "people.change_organization",
    "people.add_position", "people.change_position",
]
_DUTY_CHIEF = _EDITOR + [PUBLISH, "articles.delete_article"]

ROLES: dict[str, list[str] | str] = {
    "记者": _REPORTER,
    "编辑": _EDITOR,
    "值班主任": _DUTY_CHIEF,
    "管理员": "*",  # every permission of the articles, people and auth apps
}
ADMIN_APPS = ["articles", "people", "auth"]


def ensure_roles(group_model, permission_model) -> dict[str, int]:
    """Create the role groups and set their permissions to exactly ROLES. Safe to run again.

    Takes the Group and Permission models so the data migrations can pass their historical ones: a permission of
    a model a later migration makes does not exist yet and is left out (that migration runs this again).
    Returns the number of permissions each group holds.
    """
    counts = {}
    for name, wanted in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        if wanted == "*":
            perms = list(permission_model.objects.filter(content_type__app_label__in=ADMIN_APPS))
        else:
            existing = {
                (perm.content_type.app_label, perm.codename): perm
                for perm in permission_model.objects.filter(content_type__app_label__in=ADMIN_APPS)
                .select_related("content_type")
            }
            perms = [existing[key] for key in (tuple(d.split(".")) for d in wanted) if key in existing]
        group.permissions.set(perms)
        counts[name] = len(perms)
    return counts


def ensure_roles_in_migration(apps, schema_editor) -> None:
    """For a data migration that adds a model: create its permissions now (Django creates them only after all
    migrations ran) and give the role groups theirs, as ``manage.py setup_roles`` would."""
    from django.contrib.auth.management import create_permissions

    articles = apps.get_app_config("articles")
    articles.models_module = True
    create_permissions(articles, apps=apps, verbosity=0, using=schema_editor.connection.alias)
    articles.models_module = None
    ensure_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))
