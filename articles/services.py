"""Writes: turning a parsed page into rows, in one transaction, matched to what the database already knows.

The OCR pipeline (``articles.ocr``) is pure; everything that touches the database for an import lives here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import reversion
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from newsroom.cache import pages_changed
from newsroom.text import pinyin_slug, unique_slugs, without_english_gloss
from people.matching import (
    guess_organization_kind,
    split_title_at_organization,
    title_parts,
    titles_compatible,
)
from people.models import Organization, Person, PersonKind, Position

from . import revisions
from .layout import article_regions
from .models import Article, ArticleRegion, ArticleStatus, Credit, Meeting, Mention, SourcePage, Topic
from .ocr import (
    KnownPeople,
    KnownPerson,
    KnownTopic,
    PageError,
    ParsedArticle,
    ParsedPage,
    decode_page,
    parse_page,
)
from .ocr.entities import organization_of
from .pdf import is_pdf, read_pdf, render_page
from .scan import SCAN_SUFFIXES, PageRead, Rendition, is_scan, read_scan, render_scan
from .workflow import is_own_draft_only

MAX_PAGE_BYTES = 5 * 1024 * 1024  # a page of text is ~10 KB; 5 MB is far past any real page
REIMPORT_COMMENT = "重新导入版面"
SAME_PAGE_AT_ONCE = "同一个版面正在被另一次导入写入，本次未做任何改动；请稍后刷新查看（the same page was imported at the same time）"
NO_DATE = "需要出版日期或年份（--issue-date 或 --year）：报纸上的日期不印年份。"
PUBLISH_HOUR = 6  # a print edition goes online at 06:00 on its issue date, Beijing time


def page_checksum(text: str) -> str:
    """The same page gives the same checksum whatever encoding the file came in."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_content_checksum(*, title: str, kicker: str, subtitle: str, body: str) -> str:
    return hashlib.sha256("\x1f".join([title, kicker, subtitle, body]).encode("utf-8")).hexdigest()


# ---------------------------------------------------------------------------------------------------------
# What the database already knows, handed to the pipeline.


@dataclass
class Knowledge:
    """People, organizations and topics the pipeline and the matcher start from, loaded once per import run."""

    people: KnownPeople = field(default_factory=KnownPeople)
    organizations: list[str] = field(default_factory=list)
    topics: list[KnownTopic] = field(default_factory=list)


def load_knowledge() -> Knowledge:
    """Confirmed people and organizations (editors vouched for them) and every topic's keywords."""
    people = KnownPeople(  # what the parser asks about them made once, for every page of the run
        KnownPerson(
            name=p.name,
            titles=tuple(pos.title for pos in p.positions.all()),
            is_journalist=p.kind == PersonKind.JOURNALIST,
        )
        for p in Person.objects.filter(confirmed=True).prefetch_related("positions")
    )
    organizations: list[str] = []
    for org in Organization.objects.filter(confirmed=True):
        organizations.extend(org.all_names)
    topics = [KnownTopic(name=t.name, keywords=tuple(t.keyword_list)) for t in Topic.objects.all()]
    return Knowledge(people=people, organizations=organizations, topics=topics)


# ---------------------------------------------------------------------------------------------------------
# The report of one import.


@dataclass
class ArticleOutcome:
    article: Article
    action: str  # created / updated / kept (published, edited by hand or not the importer's to edit: not touched)
    parsed: ParsedArticle


@dataclass
class ImportReport:
    file_name: str
    parsed: ParsedPage
    checksum: str
    already_imported: SourcePage | None = None
    source_page: SourcePage | None = None
    dry_run: bool = False
    articles: list[ArticleOutcome] = field(default_factory=list)
    people_created: list[Person] = field(default_factory=list)
    people_matched: list[Person] = field(default_factory=list)
    organizations_created: list[Organization] = field(default_factory=list)
    organizations_matched: list[Organization] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    needs_review: list[str] = field(default_factory=list)
    page_read: PageRead | None = None  # the PDF page or scan the text was read from
    warnings: list[str] = field(default_factory=list)  # what reading the file skipped (blank pages of a PDF)

    @property
    def unchanged(self) -> bool:
        return self.already_imported is not None

    @property
    def residue(self) -> list[str]:
        """Text of the page that went into no article: kept with the source page, shown for review."""
        return list(self.parsed.residue)

    def count(self, action: str) -> int:
        return sum(1 for o in self.articles if o.action == action)


class _DryRunRollback(Exception):
    """Raised inside the transaction of a dry run so that nothing it wrote is kept."""


# ---------------------------------------------------------------------------------------------------------
# Matching people and organizations.


class ImportSession:
    """Finds or makes Person and Organization rows, remembering them across the pages of one run.

    A run of many pages shares one session so each name is looked up once; a dry run uses a new session per
    page, since what it made is rolled back.
    """

    def __init__(self):
        self.report = ImportReport(file_name="", parsed=ParsedPage(), checksum="")
        self._people: dict[str, list[Person]] = {}
        self._orgs: dict[str, Organization] = {}
        # the organizations by the last 1-5 characters of a longer name: short forms (区党工委) looked up, not scanned
        self._orgs_ending: dict[str, set[Organization]] = {}
        self._org_names_loaded = False
        # made while a page is matched, written together: people after each article (save_new_people: its
        # meetings need them), the rest after the page (save_new_rows); one query each, not one a row
        self._new_people: list[Person] = []
        self._new_positions: list[Position] = []
        self._position_sources: list[tuple[Position, Article]] = []
        self._new_rows: dict[type, list] = {}

    def begin_page(self, report: ImportReport) -> None:
        """Report what happens from now on into ``report``; fetch the page's names in one query."""
        self.report = report
        names = {c.name for a in report.parsed.articles for c in a.credits}
        names |= {p.name for a in report.parsed.articles for p in a.people}
        missing = names - self._people.keys()
        if missing:
            for name in missing:
                self._people[name] = []
            for person in Person.objects.filter(name__in=missing).prefetch_related(
                Prefetch("positions", queryset=Position.objects.order_by("order", "pk"), to_attr="held_positions")
            ):
                self._people[person.name].append(person)

    # People ---------------------------------------------------------------------------------------------

    def _candidates(self, name: str) -> list[Person]:
        if name not in self._people:
            self._people[name] = list(
                Person.objects.filter(name=name).prefetch_related(
                    Prefetch("positions", queryset=Position.objects.order_by("order", "pk"), to_attr="held_positions")
                )
            )
        return self._people[name]

    def _note_matched(self, person: Person) -> None:
        if person not in self.report.people_matched and person not in self.report.people_created:
            self.report.people_matched.append(person)

    def _create_person(self, name: str, kind: str, disambiguator: str = "") -> Person:
        person = Person(name=name, kind=kind, disambiguator=disambiguator[:100])  # saved by save_new_people()
        person.held_positions = []
        self._new_people.append(person)
        self._people.setdefault(name, []).append(person)
        self.report.people_created.append(person)
        return person

    def journalist(self, name: str) -> Person:
        """A byline name: our own staff. Never merged with an official of the same name."""
        candidates = self._candidates(name)
        staff = [p for p in candidates if p.kind == PersonKind.JOURNALIST]
        if staff:
            self._note_matched(staff[0])
            return staff[0]
        return self._create_person(name, PersonKind.JOURNALIST, "本报" if candidates else "")

    def person(self, name: str, title: str, article_label: str) -> Person:
        """The person printed as ``title`` + ``name``: matched when the title fits, else a new, flagged row."""
        namesakes = self._candidates(name)
        candidates = [p for p in namesakes if p.kind != PersonKind.JOURNALIST]
        fitting = [p for p in candidates if titles_compatible(title, [pos.title for pos in p.held_positions])]
        if len(fitting) == 1:
            self._note_matched(fitting[0])
            return fitting[0]
        kind = PersonKind.OFFICIAL if title else PersonKind.OTHER
        if not namesakes:
            return self._create_person(name, kind)
        # Same name as someone (an official, or one of our journalists), no single fitting person: never merge
        # silently; a new row told apart by its title, flagged for an editor.
        existing = len(namesakes)
        disambiguator = title or f"待核实{existing + 1}"
        taken = {p.disambiguator for p in namesakes}
        n = 2
        base = disambiguator[:90]
        while disambiguator in taken:
            disambiguator = f"{base}（{n}）"
            n += 1
        person = self._create_person(name, kind, disambiguator)
        self.report.needs_review.append(
            f"{article_label}：人名“{name}”与已有{existing}人同名，职务不能确定为同一人，已新建人物，请核实或合并。"
        )
        return person

    # Organizations ----------------------------------------------------------------------------------------

    def _load_org_names(self) -> None:
        if self._org_names_loaded:
            return
        for org in Organization.objects.all():
            for alias in org.all_names:
                self._add_org_name(alias, org)
        self._org_names_loaded = True

    def organization(self, name: str) -> Organization:
        self._load_org_names()
        if name in self._orgs:
            org = self._orgs[name]
            if org not in self.report.organizations_matched and org not in self.report.organizations_created:
                self.report.organizations_matched.append(org)
            return org
        org = Organization.objects.create(name=name, kind=guess_organization_kind(name))
        self._add_org_name(name, org)
        self.report.organizations_created.append(org)
        return org

    def _add_org_name(self, name: str, org: Organization) -> None:
        if name in self._orgs:
            return
        self._orgs[name] = org
        for length in range(1, min(len(name), 6)):
            self._orgs_ending.setdefault(name[-length:], set()).add(org)

    def known_organization_names(self) -> dict[str, Organization]:
        self._load_org_names()
        return self._orgs

    # Positions ----------------------------------------------------------------------------------------------

    def add_positions(self, person: Person, title: str, article: Article) -> None:
        """Record each title printed for the person (吴志强 has four) unless they already hold it, at its
        organization when the title names one (高新区党工委书记: 书记 at 高新区党工委). Each position so printed
        gets ``article`` as a source: readers see it once an article that prints it is readable."""
        positions = person.held_positions
        new_positions, printed = [], []
        for part in title_parts(title):
            org, role_title = self.title_organization(part)
            stored_title = part if org is None else role_title
            key = (org.pk if org else None, stored_title)
            same = next((pos for pos in positions if (pos.organization_id, pos.title) == key or pos.title == part
                         or (org is None and pos.title == stored_title)), None)
            if same is None:
                same = Position(person=person, organization=org, title=stored_title, order=len(positions))
                positions.append(same)
                new_positions.append(same)
            printed.append(same)
        self._new_positions.extend(new_positions)
        self._position_sources.extend((pos, article) for pos in printed)

    def add_rows(self, rows: list) -> None:
        """Rows of one model to write with the page's others (:meth:`save_new_rows`)."""
        if rows:
            self._new_rows.setdefault(type(rows[0]), []).extend(rows)

    def save_new_people(self) -> None:
        if self._new_people:
            people = self._new_people
            bases = [pinyin_slug(p.slug_source(), max_length=p.slug_max_length) or p.slug_fallback for p in people]
            for person, slug in zip(people, unique_slugs(Person, bases), strict=True):
                person.slug = slug
            Person.objects.bulk_create(people)
            pages_changed()  # what the rows' post_save would have announced (bulk_create sends none)
            self._new_people = []

    def save_new_rows(self) -> None:
        """Write what the page's articles made: people, positions and their sources, credits, mentions, links."""
        self.save_new_people()
        if self._new_positions:
            Position.objects.bulk_create(self._new_positions)
            self._new_positions = []
        if self._position_sources:
            through = Position.sources.through
            through.objects.bulk_create(
                [through(position_id=pos.pk, article_id=article.pk) for pos, article in self._position_sources],
                ignore_conflicts=True,
            )
            self._position_sources = []
        for model, rows in self._new_rows.items():
            model.objects.bulk_create(rows)
        self._new_rows = {}

    def title_organization(self, part: str) -> tuple[Organization | None, str]:
        """(organization, the title there) of one printed title. A known organization the title starts with; else
        the organization part of the title: a short form (区党工委, 镇党委) is the one organization known by a
        longer name ending the same way (高新区党工委), a full name (郑州市委组织部) is found or made."""
        known = self.known_organization_names()
        org_name, role_title = split_title_at_organization(part, known)
        if org_name:
            return known[org_name], role_title
        short = organization_of(part)
        if not short or not part.startswith(short) or part.startswith(_NOT_HELD_PREFIXES):
            return None, part  # 拟任市委常委: a title to come (or past), kept as printed
        role_title = part[len(short) :]
        if short.startswith(_SHORT_FORM_HEADS) and len(short) <= 5:
            fuller = set(self._orgs_ending.get(short, ()))
            return (fuller.pop(), role_title) if len(fuller) == 1 else (None, part)
        if len(short) >= 4 and short.endswith(_ORGANIZATION_ENDS):
            return self.organization(short), role_title
        return None, part


_NOT_HELD_PREFIXES = ("拟任", "拟提名", "拟推荐", "原", "时任", "曾任", "前任", "退休")
_SHORT_FORM_HEADS = ("区", "市", "县", "镇", "乡", "街道", "省")
# What an organization's name ends with, to be made from a title (郑州市委组织部, 高新区党工委, 区人大常委会).
_ORGANIZATION_ENDS = ("委", "部", "局", "厅", "处", "办", "院", "会", "室", "所", "站", "中心", "政府", "集团", "公司",
                      "协会", "学校", "大学", "医院", "银行", "街道", "社区", "村", "镇", "乡")


# ---------------------------------------------------------------------------------------------------------
# The import itself.


def _published_at(parsed: ParsedArticle, issue_date: dt.date | None) -> dt.datetime:
    day = issue_date or parsed.date or timezone.localdate()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(PUBLISH_HOUR)))


def _previous_articles(*, file_name: str, issue_date: dt.date | None, page_number: int | None) -> dict[int, Article]:
    """The articles earlier imports of the same print page made, by position (the latest for each), for a
    re-import of an edited text. An article a re-import kept stays with its own page: it is still found."""
    pages = SourcePage.objects.all()
    if issue_date and page_number:
        pages = pages.filter(issue_date=issue_date, page_number=page_number)
    elif file_name:
        pages = pages.filter(file_name=file_name, issue_date=issue_date, page_number=page_number)
    else:
        return {}
    order = {pk: i for i, pk in enumerate(pages.order_by("-imported_at", "-pk").values_list("pk", flat=True))}
    if not order:  # a page never imported before: one query, not two
        return {}
    previous: dict[int, Article] = {}
    articles = Article.objects.filter(source_page_id__in=list(order))
    for article in sorted(articles, key=lambda a: (order[a.source_page_id], -a.pk)):
        previous.setdefault(article.position_on_page, article)
    return previous


def _edited_by_hand(article: Article) -> bool:
    current = article_content_checksum(
        title=article.title, kicker=article.kicker, subtitle=article.subtitle, body=article.body
    )
    return bool(article.import_checksum) and current != article.import_checksum


def _write_article(
    parsed: ParsedArticle,
    *,
    position: int,
    page: SourcePage,
    previous: dict[int, Article],
    issue_date: dt.date | None,
    page_number: int | None,
    publish: bool,
    resolver: ImportSession,
    topics: dict[str, Topic],
) -> ArticleOutcome:
    body = "\n\n".join(parsed.paragraphs)
    fields = {
        "kind": parsed.kind,
        "title": parsed.title[:300],
        "kicker": parsed.kicker[:300],
        "subtitle": parsed.subtitle[:300],
        "body": body,
        "source_line": parsed.source_line[:50],
        "dateline_date": parsed.date,
        "time_of_day": parsed.time_of_day,
        "issue_date": issue_date,
        "page_number": page_number,
        "source_page": page,
        "position_on_page": position,
        "title_is_generated": parsed.title_is_generated,
        "review_notes": "\n".join(without_english_gloss(note) for note in parsed.needs_review),
        "import_checksum": article_content_checksum(
            title=parsed.title[:300], kicker=parsed.kicker[:300], subtitle=parsed.subtitle[:300], body=body
        ),
    }
    label = f"第{position}篇《{parsed.title}》"
    old = previous.get(position)
    user = page.imported_by
    if old is not None and (
        old.status != ArticleStatus.DRAFT or _edited_by_hand(old) or not _may_update(user, old)
    ):
        return ArticleOutcome(old, "kept", parsed)
    if old is not None:
        revisions.ensure_baseline(old)  # the draft as it was, so the re-import can be compared and undone
        for name, value in fields.items():
            setattr(old, name, value)
        old.save()
        old.credits.all().delete()
        old.mentions.all().delete()
        article, action = old, "updated"
    else:
        if publish:
            fields.update(status=ArticleStatus.PUBLISHED, published_at=_published_at(parsed, issue_date))
        # The importer owns the drafts it made: a reporter who imports a page can then edit and submit them.
        article, action = _create_article(fields, created_by=user), "created"

    byline = dict.fromkeys((c.name, c.role) for c in parsed.credits)  # print order, without repeats
    credits = [Credit(article=article, person=resolver.journalist(name), role=role, order=i)
               for i, (name, role) in enumerate(byline)]
    # the article's organizations first: a title printed with one of them is a position there
    organizations = [resolver.organization(name) for name in dict.fromkeys(parsed.organizations)]
    notes_before = len(resolver.report.needs_review)
    people: dict[str, Person] = {}
    mentions = []
    for i, named in enumerate(parsed.people):
        person = resolver.person(named.name, named.title, label)
        if any(person is p for p in people.values()):  # one instance a person in a session; new ones have no pk yet
            continue
        people[named.name] = person
        resolver.add_positions(person, named.title, article)
        mentions.append(Mention(article=article, person=person, title_printed=named.title[:300], role=named.role, order=i))
    resolver.save_new_people()
    resolver.add_rows(credits)
    resolver.add_rows(mentions)
    matching_notes = resolver.report.needs_review[notes_before:]
    if matching_notes:  # namesakes to check: the article's own to-do list says so too
        article.review_notes = "\n".join(filter(None, [article.review_notes, *matching_notes]))
        article.save(update_fields=["review_notes"])

    chosen_topics = [topics[name] for name in parsed.topics if name in topics]
    if action == "created":  # rows of a new article: nothing to read first, and its save announced the change
        through = Article.organizations.through
        resolver.add_rows([through(article_id=article.pk, organization_id=pk)
                           for pk in dict.fromkeys(org.pk for org in organizations)])
        through = Article.topics.through
        resolver.add_rows([through(article_id=article.pk, topic_id=pk)
                           for pk in dict.fromkeys(topic.pk for topic in chosen_topics)])
    else:
        article.organizations.set(organizations)
        article.topics.set(chosen_topics)

    for parsed_meeting in parsed.meetings:
        meeting, _ = Meeting.objects.get_or_create(
            name=parsed_meeting.name[:300],
            date=parsed_meeting.date,
            defaults={
                "kind": parsed_meeting.kind,
                "end_date": parsed_meeting.end_date,
                "time_of_day": parsed_meeting.time_of_day,
                "place": parsed_meeting.place[:200],
                "chair": people.get(parsed_meeting.chair),
            },
        )
        meeting.articles.add(article)
        attending = [people[p.name] for p in parsed.people if p.name in people]
        if attending:
            meeting.participants.add(*attending)
        if meeting not in resolver.report.meetings:
            resolver.report.meetings.append(meeting)
    resolver.report.needs_review.extend(f"{label}：{without_english_gloss(note)}" for note in parsed.needs_review)
    if action == "updated":  # every update of an imported draft is a revision, with who did it
        resolver.save_new_rows()  # the revision keeps the article's credits and mentions: written first
        with reversion.create_revision():
            if user is not None:
                reversion.set_user(user)
            reversion.set_comment(f"{REIMPORT_COMMENT}：{page}")
            reversion.add_to_revision(article)
    return ArticleOutcome(article, action, parsed)


def _may_update(user, article: Article) -> bool:
    """May the importing user overwrite this draft? The command without ``--user`` runs as the site's operator;
    a user needs the right to change articles, and a reporter (own drafts only) only their own."""
    if user is None:
        return True
    if not user.has_perm("articles.change_article"):
        return False
    return not is_own_draft_only(user) or article.created_by_id == user.pk


def _create_article(fields: dict, *, created_by, attempts: int = 3) -> Article:
    """A new article. Its slug is made from the title as the first free one; when another import of a page with
    the same title took it in the meantime (both looked before either wrote), it is made again: both import."""
    for attempt in range(attempts):
        article = Article(**fields, created_by=created_by)
        try:
            with transaction.atomic():
                article.save()
            return article
        except IntegrityError:
            if attempt == attempts - 1 or not Article.objects.filter(slug=article.slug).exists():
                raise
    raise AssertionError("unreachable")


# ---------------------------------------------------------------------------------------------------------
# The import itself, entry points.


#: What a page may be given as: its text, its PDF, or its scan (``articles.scan.SCAN_SUFFIXES``).
TEXT_SUFFIXES = ("", ".txt")
SUPPORTED = "、".join([".txt", ".pdf", *SCAN_SUFFIXES])


def read_document(raw: bytes, file_name: str = "") -> list[PageRead] | None:
    """The pages of a PDF (its text layer, OCR where a page has none) or of a scan (OCR), in order; None for a
    page of text. PageError for a file refused: of a type not supported, or what ``articles.pdf`` and
    ``articles.scan`` refuse (encrypted, no pages or too many, damaged, too many pixels)."""
    max_pixels = settings.EPAPER_MAX_IMAGE_PIXELS
    if is_pdf(raw, file_name):
        return read_pdf(raw, max_pages=settings.EPAPER_MAX_PDF_PAGES, max_pixels=max_pixels)
    if is_scan(file_name):
        return [read_scan(raw, file_name, max_pixels=max_pixels)]
    suffix = "." + file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix not in TEXT_SUFFIXES:
        raise PageError(f"不支持的文件类型“{suffix}”：版面请用 {SUPPORTED}（unsupported file type）")
    return None


def page_numbers(pages: list[PageRead], first: int | None) -> list[int | None]:
    """The page number of each page read from one file: ``first`` for the first and the next ones in the
    file's order when given; else each page's printed number (第2版), else, for a PDF of several pages, its
    place in the PDF."""
    # a PDF's page numbers, not the places in the list: a blank page skipped keeps its number
    if first is not None:
        return [first + (p.pdf_page or i + 1) - 1 for i, p in enumerate(pages)]
    return [p.printed_number or ((p.pdf_page or i + 1) if len(pages) > 1 else None) for i, p in enumerate(pages)]


def import_page(*, raw: bytes, **options) -> ImportReport:
    """Decode, parse and store one OCR page (or a page's PDF or scan: :func:`read_document`) in one
    transaction; raises PageError for input it refuses, a PDF of several pages too (:func:`import_document`
    takes those).

    ``options`` are :func:`import_text`'s (file_name, issue_date or year, page_number, publish, dry_run, user,
    knowledge), and ``pages``: the file as :func:`read_document` read it before (the admin's preview did: its
    confirmation does not OCR the scan again). A page whose text was imported before changes nothing. A re-import of an edited page (same
    issue date and page number, or same file name) updates the drafts it made, never an article that was
    published or edited. ``dry_run`` does all the work and rolls it back, so its report says exactly what an
    import would do.
    """
    pages = options.pop("pages", None) or read_document(raw, options.get("file_name", ""))
    if pages is not None and len(pages) > 1:
        raise PageError(f"这个 PDF 有 {len(pages)} 页：这里一次导入一个版面，请按版拆分后逐页导入，或用 manage.py "
                        f"import_page 导入整个文件（a PDF of {len(pages)} pages: one page here）")
    return import_document(raw=raw, pages=pages, **options)[0]


def import_document(*, raw: bytes, file_name: str = "", page_number: int | None = None, knowledge=None,
                    pages: list[PageRead] | None = None, **options) -> list[ImportReport]:
    """:func:`import_page` for every page of the file (``pages``: as :func:`read_document` read them, if it
    was called already), in one transaction: all of them land, or none."""
    knowledge = knowledge or load_knowledge()
    items = prepare_pages(raw, file_name, page_number=page_number, issue_date=options.get("issue_date"),
                          year=options.get("year"), knowledge=knowledge, pages=pages)
    # the pages of one file share one lookup per name, as a directory's do
    session = options.pop("session", None) or (ImportSession() if len(items) > 1 else None)
    reports: list[ImportReport] = []
    try:
        with transaction.atomic():
            for item in items:
                reports.append(import_text(**item, knowledge=knowledge, session=session, **options))
    except BaseException:
        discard_files(reports)
        raise
    return reports


def prepare_pages(raw: bytes, file_name: str, *, page_number: int | None, issue_date: dt.date | None,
                  year: int | None, knowledge: Knowledge, pages: list[PageRead] | None = None) -> list[dict]:
    """The file's pages read (:func:`read_document`, or decoded as text), numbered (:func:`page_numbers`) and
    parsed: for each, :func:`import_text`'s text, encoding, file_name, page_number, parsed and page_read.
    Nothing is written; PageError for a file refused."""
    if issue_date is None and year is None:
        raise PageError(NO_DATE)
    if pages is None:
        pages = read_document(raw, file_name)
    if pages is None:
        text, encoding = decode_page(raw, max_bytes=MAX_PAGE_BYTES)
        items = [dict(text=text, encoding=encoding, file_name=file_name, page_number=page_number)]
    else:
        items = [
            dict(text=page.text, encoding=page.encoding, file_name=page_file_name(file_name, page, pages),
                 page_number=number, page_read=page)
            for page, number in zip(pages, page_numbers(pages, page_number), strict=True)
        ]
    for item in items:
        item["parsed"] = parse_text(item["text"], issue_date=issue_date, year=year, knowledge=knowledge)
    return items


def discard_files(reports: list[ImportReport]) -> None:
    """The files (originals, pictures) stored for the pages of an import that was rolled back: a transaction
    takes back the rows, not what went to storage."""
    for report in reports:
        page = report.source_page
        if page is not None and page.original and not report.dry_run:
            default_storage.delete(page.original.name)
            for _, _, name in page.images.get("webp", []):
                default_storage.delete(name)


def page_file_name(file_name: str, page: PageRead, pages: list[PageRead]) -> str:
    """The name a page of a longer PDF is kept under (edition.pdf#3): re-importing the file finds each page."""
    return f"{file_name}#{page.pdf_page}" if len(pages) > 1 and page.pdf_page else file_name


def parse_text(text: str, *, issue_date: dt.date | None, year: int | None, knowledge: Knowledge) -> ParsedPage:
    return parse_page(
        text,
        issue_date=issue_date,
        year=year,
        known_people=knowledge.people,
        known_organizations=knowledge.organizations,
        known_topics=knowledge.topics,
    )


def import_text(
    *,
    text: str,
    encoding: str = "utf-8",
    file_name: str = "",
    issue_date: dt.date | None = None,
    year: int | None = None,
    page_number: int | None = None,
    publish: bool = False,
    dry_run: bool = False,
    user=None,
    knowledge: Knowledge | None = None,
    parsed: ParsedPage | None = None,
    session: ImportSession | None = None,
    page_read: PageRead | None = None,
) -> ImportReport:
    """:func:`import_page` for text already decoded (and, optionally, already parsed). ``page_read``: the page
    of a PDF or the scan the text was read from, kept with the source page with its pictures and each
    article's regions."""
    if issue_date is None and year is None:
        raise PageError(NO_DATE)
    checksum = page_checksum(text)
    existing = _imported_page(checksum)
    if parsed is None:
        parsed = parse_text(text, issue_date=issue_date, year=year, knowledge=knowledge or load_knowledge())
    report = ImportReport(file_name=file_name, parsed=parsed, checksum=checksum, dry_run=dry_run, page_read=page_read,
                          warnings=list(page_read.warnings) if page_read is not None else [])
    if existing is not None:
        report.already_imported = existing
        return report
    # the slow part, before writing: the page drawn at the widths readers get
    pictures = draw_page(page_read) if page_read is not None and not dry_run else []
    try:
        with transaction.atomic():
            _store(report, text=text, encoding=encoding, issue_date=issue_date, page_number=page_number,
                   publish=publish, user=user, session=ImportSession() if dry_run or session is None else session)
            if page_read is not None:
                _store_original(report, page_read, pictures)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    except IntegrityError:
        # two imports of the same page at once: the other one's row is there now (the unique key made us wait
        # for it), and it won
        if _imported_page(checksum) is not None:
            raise PageError(SAME_PAGE_AT_ONCE) from None
        raise
    return report


def _imported_page(checksum: str) -> SourcePage | None:
    return SourcePage.objects.filter(checksum=checksum).first()


def _store(report: ImportReport, *, text: str, encoding: str, issue_date, page_number, publish: bool, user,
           session: ImportSession) -> None:
    previous = _previous_articles(file_name=report.file_name, issue_date=issue_date, page_number=page_number)
    page = SourcePage.objects.create(
        raw_text=text,
        checksum=report.checksum,
        file_name=report.file_name[:255],
        encoding=encoding,
        issue_date=issue_date,
        page_number=page_number,
        imported_by=user if getattr(user, "pk", None) else None,
        residue="\n\n".join(report.parsed.residue),
    )
    if report.parsed.residue:
        report.needs_review.append(
            f"版面有 {len(report.parsed.residue)} 段文字未能归入任何稿件，已随版面原文保存，请在待核队列处理："
            + " / ".join(block.replace("\n", " ") for block in report.parsed.residue)
        )
    report.source_page = page
    resolver = session
    resolver.begin_page(report)
    topics = {t.name: t for t in Topic.objects.all()}
    for position, parsed in enumerate(report.parsed.articles, start=1):
        report.articles.append(
            _write_article(
                parsed, position=position, page=page, previous=previous, issue_date=issue_date,
                page_number=page_number, publish=publish, resolver=resolver, topics=topics,
            )
        )
    resolver.save_new_rows()


def draw_page(page_read: PageRead) -> list[Rendition]:
    """The page's picture at the widths readers get: the PDF page drawn, or the scan scaled."""
    if page_read.suffix == ".pdf":
        return render_page(page_read.original)
    return render_scan(page_read.original)


def _store_original(report: ImportReport, page_read: PageRead, pictures: list[Rendition]) -> None:
    """The PDF or scan and its pictures with the source page (not on a dry run: nothing is kept), and each
    article's regions of the page (an article kept from an earlier import of the page gets this page's
    regions)."""
    page = report.source_page
    page.pdf_page = page_read.pdf_page
    if not report.dry_run:
        page.original.save(f"page{page_read.suffix}", ContentFile(page_read.original), save=False)
        stem = page.original.name.rsplit(".", 1)[0]
        page.images = {"webp": [
            [p.width, p.height, default_storage.save(f"{stem}-{p.width}.webp", ContentFile(p.data))]
            for p in pictures
        ]}
    page.save(update_fields=["original", "pdf_page", "images"])
    boxes = article_regions([o.parsed for o in report.articles], page_read.lines)
    ArticleRegion.objects.filter(article__in=[o.article for o in report.articles]).delete()
    ArticleRegion.objects.bulk_create([
        ArticleRegion(article=outcome.article, source_page=page, left=box[0], top=box[1], right=box[2],
                      bottom=box[3], order=i)
        for outcome, found in zip(report.articles, boxes, strict=True)
        for i, box in enumerate(found)
    ])
