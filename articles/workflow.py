"""The editorial workflow: the only way an article changes state, each step recorded as an ArticleTransition.

States and the steps between them (who may take a step is a permission on Article, granted through roles)::

    draft ──submit──▶ review ──send_back (comment required)──▶ draft
    review ──approve──▶ review            (an editor's 审核通过: recorded, the state does not change)
    draft / review ──publish──▶ published (published_at = now if empty; a future published_at is a schedule)
    published ──withdraw──▶ withdrawn ──reopen──▶ draft

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

from . import revisions  # noqa: F401 — registers Article, Credit and Mention with reversion
from .models import Article, ArticleStatus, ArticleTransition

S = ArticleStatus

SUBMIT = "articles.submit_article"
REVIEW = "articles.review_article"
PUBLISH = "articles.publish_article"

APPROVED = "审核通过"


class WorkflowError(Exception):
    """A step that the article's current state does not allow, or that lacks what it needs (a comment)."""


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change
    permission: str
    comment_required: bool = False


STEPS: dict[str, Step] = {
    step.name: step
    for step in [
        Step("submit", "提交审核", (S.DRAFT,), S.REVIEW, SUBMIT),
        Step("send_back", "退回", (S.REVIEW,), S.DRAFT, REVIEW, comment_required=True),
        Step("approve", "审核通过", (S.REVIEW,), None, REVIEW),
        Step("publish", "发布", (S.DRAFT, S.REVIEW), S.PUBLISHED, PUBLISH),
        Step("withdraw", "撤回", (S.PUBLISHED,), S.WITHDRAWN, PUBLISH),
        Step("reopen", "重新打开", (S.WITHDRAWN,), S.DRAFT, REVIEW),
    ]
}


def is_own_draft_only(user) -> bool:
    """Reporters (may submit, may not review) work only on the articles they created."""
    return not user.has_perm(REVIEW)


def can_take(step: Step, *, article: Article, by) -> bool:
    if not by.has_perm(step.permission):
        return False
    return not (is_own_draft_only(by) and article.created_by_id != by.pk)


def available_steps(*, article: Article, by) -> list[Step]:
    """The steps ``by`` may take on ``article`` in its current state: the buttons on its admin page."""
    return [s for s in STEPS.values() if article.status in s.sources and can_take(s, article=article, by=by)]


def _take(name: str, *, article: Article, by, comment: str = "", published_at: dt.datetime | None = None):
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
        if current.status not in step.sources:
            raise WorkflowError(
                f"《{current.title}》状态为“{current.get_status_display()}”，不能“{step.label}”"
            )
        if step.comment_required and not comment:
            raise WorkflowError(f"“{step.label}”需要填写意见")
        from_status = current.status
        fields = ["updated_at"]
        if step.target is not None:
            current.status = step.target
            fields.append("status")
        if step.target == S.PUBLISHED:
            if published_at is not None:
                current.published_at = published_at
            elif current.published_at is None:
                current.published_at = timezone.now()
            fields.append("published_at")
        current.save(update_fields=fields)
        if name == "approve":
            comment = f"{APPROVED}：{comment}" if comment else APPROVED
        transition = ArticleTransition.objects.create(
            article=current, from_status=from_status, to_status=current.status, by=by, comment=comment
        )
    article.status, article.published_at, article.updated_at = current.status, current.published_at, current.updated_at
    return transition


def submit_for_review(*, article: Article, by, comment: str = "") -> ArticleTransition:
    """draft → review. A reporter may submit only an article they created."""
    return _take("submit", article=article, by=by, comment=comment)


def send_back(*, article: Article, by, comment: str) -> ArticleTransition:
    """review → draft, with the editor's reasons (required)."""
    return _take("send_back", article=article, by=by, comment=comment)


def approve(*, article: Article, by, comment: str = "") -> ArticleTransition:
    """An editor's 审核通过: the article stays in review, ready for the duty chief to publish."""
    return _take("approve", article=article, by=by, comment=comment)


def publish(*, article: Article, by, comment: str = "", published_at: dt.datetime | None = None) -> ArticleTransition:
    """draft/review → published. ``published_at`` in the future schedules it; readers see it from then on."""
    return _take("publish", article=article, by=by, comment=comment, published_at=published_at)


def withdraw(*, article: Article, by, comment: str = "") -> ArticleTransition:
    """published → withdrawn: readers no longer see it."""
    return _take("withdraw", article=article, by=by, comment=comment)


def reopen(*, article: Article, by, comment: str = "") -> ArticleTransition:
    """withdrawn → draft, to be corrected and go through review again."""
    return _take("reopen", article=article, by=by, comment=comment)


def take_step(name: str, *, article: Article, by, comment: str = "", published_at=None) -> ArticleTransition:
    """Take a step by name (the admin's buttons and actions). Unknown names are a WorkflowError."""
    if name not in STEPS:
        raise WorkflowError(f"未知的操作：{name}")
    return _take(name, article=article, by=by, comment=comment, published_at=published_at)


# ---------------------------------------------------------------------------------------------------------
# Roles.

_REPORTER = [
    "articles.add_article", "articles.change_article", "articles.view_article", SUBMIT,
    "articles.add_credit", "articles.change_credit", "articles.delete_credit", "articles.view_credit",
    "articles.add_mention", "articles.change_mention", "articles.delete_mention", "articles.view_mention",
    "articles.view_topic", "articles.view_meeting",
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

    Takes the Group and Permission models so the data migration can pass its historical ones.
    Returns the number of permissions each group holds.
    """
    counts = {}
    for name, wanted in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        if wanted == "*":
            perms = list(permission_model.objects.filter(content_type__app_label__in=ADMIN_APPS))
        else:
            perms = []
            for dotted in wanted:
                app_label, codename = dotted.split(".")
                perms.append(permission_model.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(perms)
        counts[name] = len(perms)
    return counts
