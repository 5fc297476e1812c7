"""Writes on people and organizations that editors make from the review queue: confirming and merging.

Merging is the one way two Person rows become one. The importer never merges (namesakes stay apart and are
flagged); an editor who knows two rows are the same person merges them here, and everything that named the
duplicate — mentions, bylines, positions, meetings — then names the survivor.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, QuerySet

from articles.models import Credit, Meeting, Mention

from .models import PORTRAIT, Organization, Person, PersonKind, Position

logger = logging.getLogger(__name__)


class MergeError(ValueError):
    """Two rows that cannot be merged: the same row twice."""


@dataclass
class MergeResult:
    """What a merge moved onto the survivor, and what it folded into rows the survivor already had."""

    survivor: Person
    duplicate_name: str
    mentions_moved: int = 0
    mentions_folded: int = 0  # both were named in the same article: one mention kept, the richer title
    credits_moved: int = 0
    credits_dropped: int = 0  # the same byline (article, role) already credited the survivor
    positions_moved: int = 0
    positions_folded: int = 0  # the same title at the same organization: one position kept
    meetings_chaired: int = 0
    meetings_joined: int = 0

    def summary(self) -> str:
        return (
            f"“{self.duplicate_name}”已并入“{self.survivor}”：提及 {self.mentions_moved + self.mentions_folded}，"
            f"署名 {self.credits_moved + self.credits_dropped}，职务 {self.positions_moved + self.positions_folded}，"
            f"主持会议 {self.meetings_chaired}，参加会议 {self.meetings_joined}"
        )


def confirm_people(*, people: QuerySet[Person]) -> int:
    """Mark people 已核实: the importer then knows their names (and titles) on every later import, and the
    search cuts each name as one word — in queries at once, in the articles that hold it at commit."""
    from articles import search  # the articles app imports this module
    from articles.search import index as search_index

    newly = dict(people.filter(confirmed=False).values_list("pk", "name"))
    done = Person.objects.filter(pk__in=newly).update(confirmed=True)  # update(): no signals, hence below
    if newly:
        search.people_dictionary_changed()
        affected = search_index.articles_naming(newly)
        for name in set(newly.values()):
            affected |= search_index.articles_containing(name)
        search_index.queue(affected, force=True)
    return done


def confirm_organizations(*, organizations: QuerySet[Organization]) -> int:
    """Mark organizations 已核实: the importer then recognises their names and aliases."""
    return organizations.filter(confirmed=False).update(confirmed=True)


def _richer(a: str, b: str) -> str:
    """Of two printed titles for the same person in the same article, the one that says more."""
    return b if len(b) > len(a) else a


@transaction.atomic
def merge_people(*, survivor: Person, duplicate: Person, by=None) -> MergeResult:
    """Fold ``duplicate`` into ``survivor`` and delete it; everything that named the duplicate names the survivor.

    - mentions move; where both were named in one article, one mention stays, with the richer printed title;
    - bylines move, except one the survivor already has (same article and role: the unique constraint);
    - positions move, except the same title at the same organization, whose missing dates are filled in;
    - meetings chaired by the duplicate are chaired by the survivor; its meetings become the survivor's;
    - the survivor keeps its own name, slug and fields, taking the duplicate's bio and portrait only where empty.
    """
    if survivor.pk == duplicate.pk:
        raise MergeError("不能把一个人物合并到自己")
    # Lock both rows, in a fixed order, so two editors merging at once take turns.
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, duplicate.pk])
              .order_by("pk")}
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    result = MergeResult(survivor=survivor, duplicate_name=str(duplicate))

    # Mentions: one per (article, person).
    kept = {m.article_id: m for m in Mention.objects.filter(person=survivor)}
    for mention in Mention.objects.filter(person=duplicate, article_id__in=kept):
        target = kept[mention.article_id]
        title, role = _richer(target.title_printed, mention.title_printed), target.role or mention.role
        mention.delete()
        if (title, role) != (target.title_printed, target.role):
            target.title_printed, target.role = title, role
            target.save(update_fields=["title_printed", "role"])
        result.mentions_folded += 1
    result.mentions_moved = Mention.objects.filter(person=duplicate).update(person=survivor)

    # Credits: one per (article, person, role).
    credited = set(Credit.objects.filter(person=survivor).values_list("article_id", "role"))
    clashes = [c.pk for c in Credit.objects.filter(person=duplicate) if (c.article_id, c.role) in credited]
    result.credits_dropped, _ = Credit.objects.filter(pk__in=clashes).delete()
    result.credits_moved = Credit.objects.filter(person=duplicate).update(person=survivor)

    # Positions: the same title at the same organization is one position.
    held = {(p.title, p.organization_id): p for p in Position.objects.filter(person=survivor)}
    next_order = (Position.objects.filter(person=survivor).aggregate(m=Max("order"))["m"] or 0) + 1
    for position in Position.objects.filter(person=duplicate).order_by("order", "pk"):
        same = held.get((position.title, position.organization_id))
        if same is None:
            position.person, position.order = survivor, next_order
            position.save(update_fields=["person", "order"])
            held[(position.title, position.organization_id)] = position
            next_order += 1
            result.positions_moved += 1
            continue
        changed = []
        if same.start_date is None and position.start_date is not None:
            same.start_date = position.start_date
            changed.append("start_date")
        if same.end_date is None and position.end_date is not None:
            same.end_date = position.end_date
            changed.append("end_date")
        if changed and (same.start_date is None or same.end_date is None or same.start_date <= same.end_date):
            same.save(update_fields=changed)
        same.sources.add(*position.sources.all())  # the articles that print it support the one kept
        position.delete()
        result.positions_folded += 1

    # Meetings: the chair, and the participants (a many-to-many row per meeting and person).
    result.meetings_chaired = Meeting.objects.filter(chair=duplicate).update(chair=survivor)
    through = Meeting.participants.through
    already = through.objects.filter(person=survivor).values("meeting_id")
    both, _ = through.objects.filter(person=duplicate, meeting_id__in=already).delete()
    result.meetings_joined = both + through.objects.filter(person=duplicate).update(person=survivor)

    # The survivor's own fields win; the duplicate fills only what the survivor lacks.
    fields = []
    if not survivor.bio and duplicate.bio:
        survivor.bio = duplicate.bio
        fields.append("bio")
    if not survivor.portrait and duplicate.portrait:
        # The files pass to the survivor; the duplicate, emptied first, takes none of them with it when deleted.
        for name in (PORTRAIT.image, PORTRAIT.renditions, PORTRAIT.width, PORTRAIT.height):
            setattr(survivor, name, getattr(duplicate, name))
            fields.append(name)
        Person.objects.filter(pk=duplicate.pk).update(portrait="", portrait_renditions={})
        duplicate.portrait, duplicate.portrait_renditions = "", {}
    if survivor.kind == PersonKind.OTHER and duplicate.kind != PersonKind.OTHER:
        survivor.kind = duplicate.kind
        fields.append("kind")
    if duplicate.confirmed and not survivor.confirmed:
        survivor.confirmed = True
        fields.append("confirmed")
    account = duplicate.account_id if survivor.account_id is None else None
    duplicate_pk = duplicate.pk
    # Anything still PROTECTing the duplicate raises here and the whole merge rolls back; deleted before the
    # survivor takes its login, which is one-to-one.
    duplicate.delete()
    if account is not None:  # the journalist's login follows their byline
        survivor.account_id = account
        fields.append("account")
    if fields:
        survivor.save(update_fields=[*fields, "updated_at"])
    logger.info("merged person %s into %s (by %s): %s", duplicate_pk, survivor.pk,
                getattr(by, "pk", None), result.summary())
    return result
