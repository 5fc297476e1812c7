"""A realistic corpus for the site benchmark: N articles of many districts, written straight into the database.

    from corpus import load_corpus; load_corpus(100_000)     # inside a configured Django process

The text comes from the article templates of bench/generate_pages.py (会议, 调研, 会见/招商, 安全检查, 党建,
集中开工), so the words are those of real district news. Proportions, per district (one per 2,000 articles,
like an aggregator of many bureaus): 5 leaders and their bureau heads, 3 reporters and 5 correspondents who
recur; the villagers, experts and guests quoted are new people each time. Each article has 1-3 bylines, the
people it names, 1-3 organizations, 0-2 of 12 topics; one in five reports a named meeting. 95% are published,
3% drafts, 1% withdrawn, 1% scheduled for the future. Dates run back from today, about 10 articles a day.
One in five (``PHOTO_EVERY``) has a lead photo with its caption, alt text and photographer (its reporter,
credited 图), so the home, article and topic pages are measured with photos.

Speed: rows go in with ``bulk_create`` in large batches, and the search documents are cut by jieba in two
processes and written in bulk (``search_index.store_documents``), exactly as the index would hold them.
The photos share ``PHOTO_VARIANTS`` generated pictures: each is saved once as a real photo (its renditions made
by ``ArticlePhoto.save``, as for an upload), and the other photo rows are bulk-created naming the same files.
Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_pages import BUREAUS, COMPANIES, TEMPLATES, UNIVERSITIES, Ctx  # noqa: E402

TOPICS = [
    ("党建", "党建 党组织 党员 述职"),
    ("招商引资", "招商 签约 项目合作 洽谈"),
    ("应急安全", "安全生产 应急 消防 隐患"),
    ("乡村振兴", "乡村振兴 高标准农田 农业"),
    ("重点项目", "重点项目 开工 投资"),
    ("营商环境", "营商环境 服务 企业"),
    ("理论学习", "理论学习 学习会 专题辅导"),
    ("防汛抗旱", "防汛 抗旱 水利"),
    ("纪检监察", "纪检 监察 纪委"),
    ("教育", "学校 教育 教师"),
    ("生态环境", "生态 环境 治理"),
    ("民生实事", "民生 群众 增收"),
]
TEMPLATE_TOPICS = {"art_meeting": [0, 5, 7, 8], "art_visit": [1, 5], "art_inspect": [3, 11], "art_safety": [2],
                   "art_party": [0, 6], "art_list": [4, 1]}
ARTICLES_PER_DISTRICT = 2000
PER_DAY = 10
BATCH = 2000
#: One article in PHOTO_EVERY has a lead photo, one of PHOTO_VARIANTS pictures generated once per build.
PHOTO_EVERY = 5
PHOTO_VARIANTS = 6
PHOTO_COLOURS = [(52, 101, 164), (78, 154, 6), (196, 160, 0), (204, 0, 0), (117, 80, 123), (85, 87, 83)]


def _district(rng: random.Random, index: int):
    ctx = Ctx(rng, 2024)
    ctx.district = f"{ctx.district[:-1]}{index}{ctx.kind}" if index else ctx.district  # distinct names
    return ctx


def generate(n: int, seed: int = 1) -> dict:
    """The corpus as plain data: people, organizations, articles with their bylines, mentions, topics."""
    rng = random.Random(seed)
    districts = [_district(rng, i) for i in range(max(1, -(-n // ARTICLES_PER_DISTRICT)))]
    people: dict[tuple[str, str], dict] = {}
    orgs: dict[str, dict] = {}

    def person(name: str, kind: str, where: str, confirmed: bool) -> int:
        """Leaders and staff recur within their district; anyone else quoted is a new person."""
        key = (name, where) if kind != "other" else (name, f"{where}#{len(people)}")
        if key not in people:
            people[key] = {"id": len(people) + 1, "name": name, "kind": kind, "confirmed": confirmed}
        return people[key]["id"]

    def org(name: str, kind: str = "government") -> int:
        if name not in orgs:
            orgs[name] = {"id": len(orgs) + 1, "name": name, "kind": kind}
        return orgs[name]["id"]

    for company, _short in COMPANIES:
        org(company, "enterprise")
    for university in UNIVERSITIES:
        org(university, "university")

    positions = []
    for ctx in districts:
        for name, title in ctx.leaders:
            positions.append((person(name, "official", ctx.district, True), org(ctx.district + "人民政府"), title))

    today = dt.date.today()
    articles = []
    for i in range(n):
        ctx = districts[i % len(districts)]
        rng_a = random.Random(f"{seed}:{i}")
        ctx.rng = rng_a
        ctx.names.rng = rng_a
        template = rng_a.choice(TEMPLATES)
        paras, named, head, org_names = template(ctx)
        day = today - dt.timedelta(days=(n - 1 - i) // (PER_DAY * len(districts)) + 1)  # older first
        paras[0] = paras[0].replace("{LEAD}", f"本报讯 {day.month}月{day.day}日")
        leaders = {name for name, _title in ctx.leaders}
        mentions = []
        for order, (name, title) in enumerate(dict.fromkeys(named)):
            kind = "official" if name in leaders or "长" in title or "书记" in title else "other"
            mentions.append((person(name, kind, ctx.district, name in leaders), title[:300], order))
        mentions = list({m[0]: m for m in mentions}.values())
        credits = [(person(rng_a.choice(ctx.reporters), "journalist", ctx.district, True), "记者", 0)]
        for k, name in enumerate(rng_a.sample(ctx.correspondents, rng_a.randint(0, 2)), start=1):
            credits.append((person(name, "journalist", ctx.district, True), "通讯员", k))
        organization_ids = {org(ctx.district + "人民政府")}
        organization_ids |= {org(name, "enterprise") for name in org_names}
        if rng_a.random() < 0.5:
            organization_ids.add(org(ctx.district + rng_a.choice(BUREAUS)))
        choices = TEMPLATE_TOPICS[template.__name__]
        topics = rng_a.sample(choices, min(len(choices), rng_a.randint(0, 2)))
        photo = None
        if i % PHOTO_EVERY == 0:  # the reporter took it: credited 图 as the admin would credit them
            reporter = credits[0][0]
            credits.append((reporter, "图", len(credits)))
            photo = {"variant": i // PHOTO_EVERY % PHOTO_VARIANTS, "photographer": reporter,
                     "caption": f"图为{head[-1][:40]}现场。", "alt": f"{ctx.district}工作人员在活动现场"}
        r = rng_a.random()
        status = "published" if r < 0.95 else "draft" if r < 0.98 else "withdrawn" if r < 0.99 else "scheduled"
        articles.append({
            "id": i + 1, "title": head[-1], "kicker": head[0] if len(head) > 1 else "",
            "body": "\n\n".join(paras), "day": day, "position": i % PER_DAY + 1, "status": status,
            "mentions": mentions, "credits": credits, "organizations": sorted(organization_ids), "topics": topics,
            "meeting": head[-1] if template.__name__ == "art_meeting" else None, "photo": photo,
        })
    return {"people": list(people.values()), "organizations": list(orgs.values()), "articles": articles,
            "positions": positions}


def _picture(variant: int) -> bytes:
    """A 1600 × 1067 JPEG for photo ``variant``: a coloured field with a few lighter blocks (a few tens of KB)."""
    import io

    from PIL import Image, ImageDraw

    colour = PHOTO_COLOURS[variant % len(PHOTO_COLOURS)]
    image = Image.new("RGB", (1600, 1067), colour)
    draw = ImageDraw.Draw(image)
    for k in range(4):
        left = 120 + k * 360 + variant * 20
        draw.rectangle((left, 300 + k * 60, left + 260, 900), fill=tuple(min(255, c + 40 + 30 * k) for c in colour))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def _store_photos(articles: list[dict]) -> int:
    """The lead photos of ``articles`` (those with one): the first of each variant saved as an upload is (its
    renditions made once), the rest bulk-created naming the same files. Returns how many."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.models import ArticlePhoto

    with_photo = [a for a in articles if a["photo"]]
    made: dict[int, ArticlePhoto] = {}
    rows = []
    for a in with_photo:
        photo = a["photo"]
        fields = {"article_id": a["id"], "caption": photo["caption"], "alt": photo["alt"],
                  "photographer_id": photo["photographer"], "order": 0}
        first = made.get(photo["variant"])
        if first is None:
            upload = SimpleUploadedFile(f"bench-{photo['variant']}.jpg", _picture(photo["variant"]), "image/jpeg")
            made[photo["variant"]] = ArticlePhoto.objects.create(image=upload, **fields)
            continue
        rows.append(ArticlePhoto(image=first.image.name, renditions=first.renditions, width=first.width,
                                 height=first.height, **fields))
    ArticlePhoto.objects.bulk_create(rows, batch_size=BATCH)
    return len(with_photo)


def _cut(batch: list[tuple[int, str, list[str], str]]) -> list[tuple[int, str, str, str, str]]:
    from articles.search import index as search_index

    out = []
    for article_id, title, secondary, body in batch:
        document = search_index.document_from_texts(article_id, title=title, secondary=secondary, body=body)
        out.append((article_id, document.title, document.secondary, document.body, document.body_checksum))
    return out


def write_rows(data: dict) -> tuple[int, int]:
    """Write ``generate``'s data: people, organizations, articles and their relations, meetings and photos, in
    one transaction. Returns how many meetings and photos."""
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Credit, Meeting, Mention, Topic
    from people.models import Organization, Person, Position

    tz = timezone.get_current_timezone()
    now = timezone.now()
    with transaction.atomic():
        Person.objects.bulk_create(
            [Person(id=p["id"], name=p["name"], kind=p["kind"], confirmed=p["confirmed"], slug=f"p{p['id']}",
                    disambiguator=f"#{p['id']}") for p in data["people"]],
            batch_size=BATCH,
        )
        Organization.objects.bulk_create(
            [Organization(id=o["id"], name=o["name"], kind=o["kind"], slug=f"o{o['id']}", confirmed=True)
             for o in data["organizations"]],
            batch_size=BATCH,
        )
        Position.objects.bulk_create(
            [Position(person_id=p, organization_id=o, title=t[:200]) for p, o, t in data["positions"]]
        )
        topics = Topic.objects.bulk_create(
            [Topic(name=name, slug=f"t{k}", keywords=kw) for k, (name, kw) in enumerate(TOPICS)]
        )
        rows = []
        for a in data["articles"]:
            published_at = dt.datetime.combine(a["day"], dt.time(6, a["position"]), tzinfo=tz)
            status = a["status"]
            if status == "scheduled":
                status, published_at = "published", now + dt.timedelta(days=a["id"] % 30 + 1)
            rows.append(Article(
                id=a["id"], title=a["title"], kicker=a["kicker"], body=a["body"], slug=f"a{a['id']}",
                dateline_date=a["day"], issue_date=a["day"], page_number=1, position_on_page=a["position"],
                status=status, published_at=published_at if status != "draft" else None,
            ))
        Article.objects.bulk_create(rows, batch_size=BATCH)
        Mention.objects.bulk_create(
            [Mention(article_id=a["id"], person_id=p, title_printed=t, order=o)
             for a in data["articles"] for p, t, o in a["mentions"]], batch_size=BATCH)
        Credit.objects.bulk_create(
            [Credit(article_id=a["id"], person_id=p, role=r, order=o)
             for a in data["articles"] for p, r, o in a["credits"]], batch_size=BATCH)
        through = Article.organizations.through
        through.objects.bulk_create(
            [through(article_id=a["id"], organization_id=o) for a in data["articles"] for o in a["organizations"]],
            batch_size=BATCH)
        topic_through = Article.topics.through
        topic_through.objects.bulk_create(
            [topic_through(article_id=a["id"], topic_id=topics[t].pk) for a in data["articles"] for t in a["topics"]],
            batch_size=BATCH)
        meetings = {}
        for a in data["articles"]:
            if a["meeting"] and a["id"] % 5 == 0:
                meetings.setdefault((a["meeting"], a["day"]), []).append(a)
        created = Meeting.objects.bulk_create(
            [Meeting(name=name[:300], date=day, chair_id=arts[0]["mentions"][0][0]) for (name, day), arts in
             meetings.items()], batch_size=BATCH)
        Meeting.articles.through.objects.bulk_create(
            [Meeting.articles.through(meeting_id=m.pk, article_id=a["id"])
             for m, arts in zip(created, meetings.values(), strict=True) for a in arts], batch_size=BATCH)
        photos = _store_photos(data["articles"])
    return len(meetings), photos


def load_corpus(n: int, seed: int = 1, log=print) -> dict:
    """Generate ``n`` articles and write them, their relations and their search documents. Returns counts."""
    from django.db import connections

    from articles.models import Article, ArticleSearchDocument
    from articles.search import analysis
    from articles.search.index import store_documents

    started = time.perf_counter()
    data = generate(n, seed)
    log(f"  generated {n} articles in {time.perf_counter() - started:.1f}s")
    meetings, photos = write_rows(data)
    log(f"  wrote rows in {time.perf_counter() - started:.1f}s")

    names = {p["id"]: p["name"] for p in data["people"]}
    org_names = {o["id"]: o["name"] for o in data["organizations"]}
    work = [
        (a["id"], a["title"],
         [a["kicker"], *(names[p] for p, _t, _o in a["mentions"]), *(names[p] for p, _r, _o in a["credits"]),
          *(org_names[o] for o in a["organizations"])],
         a["body"])
        for a in data["articles"] if a["status"] in ("published", "scheduled")  # drafts have no document
    ]
    analysis.tokenizer()  # load the confirmed names before the workers fork: they cut with the same words
    chunks = [work[i : i + 500] for i in range(0, len(work), 500)]
    published = dict(Article.objects.exclude(published_at=None).values_list("pk", "published_at"))
    connections.close_all()  # the workers fork now: each opens its own connection, none shares this one
    with ProcessPoolExecutor(max_workers=2) as pool:
        for cut in pool.map(_cut, chunks):
            store_documents([ArticleSearchDocument(article_id=i, title=t, secondary=s, body=b, body_checksum=c,
                                                   published_at=published[i])
                             for i, t, s, b, c in cut])
    log(f"  indexed in {time.perf_counter() - started:.1f}s")
    return {"articles": n, "people": len(data["people"]), "organizations": len(data["organizations"]),
            "meetings": meetings, "photos": photos, "seconds": round(time.perf_counter() - started, 1)}
