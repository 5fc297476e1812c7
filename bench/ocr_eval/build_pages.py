"""Typeset bench/ocr_eval/source_pages.py into pages/NN_slug.txt + pages/NN_slug.json (gold).

    .venv/bin/python bench/ocr_eval/build_pages.py          # (re)write the pages
    .venv/bin/python bench/ocr_eval/build_pages.py --check  # only check the annotations

Deterministic: each page has its own seed. The checks make sure every gold name and title is printed
in the article body and every byline name is printed in the article, so the gold cannot silently drift
from the text. ``--suspects`` lists jieba ``nr`` words that are not in the gold, for a human to review.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from hard_pages import HARD_PAGES  # noqa: E402
from source_pages import PAGES as SOURCE_PAGES  # noqa: E402
from typeset import PageWriter, ocr_spaces  # noqa: E402

PAGES = [*SOURCE_PAGES, *HARD_PAGES]


def person(annotation: str) -> dict:
    """``name:title`` or ``name:title@organization`` (the organization its position belongs to)."""
    name, _, rest = annotation.partition(":")
    title, _, organization = rest.partition("@")
    out = {"name": name, "title": title}
    if organization:
        out["organization"] = organization
    return out


def meeting(annotation: str) -> dict:
    """``name:chair`` or ``name:chair:last day`` (ISO) of a meeting held over several days."""
    name, chair, *end = annotation.split(":")
    return {"name": name, "chair": chair, **({"end_date": end[0]} if end else {})}


def gold_title(a: dict) -> str:
    head = a.get("head") or []
    if not head:
        return ""
    main = a.get("main", 0 if len(head) == 1 else None)
    return "".join(head) if main is None else head[main]


def render(page: dict) -> str:
    rng = random.Random(page["seed"])
    w = page["width"]
    pw = PageWriter(rng, page["colh"])
    for i, a in enumerate(page["articles"]):
        if i > 0:
            pw.blank()
        if a.get("head") and a.get("head_pos") == "before":
            pw.headline(a["head"])
        for b in a.get("byline_top", []):
            pw.text_line(b)
        paras = [ocr_spaces(p, rng) if k > 0 else p for k, p in enumerate(a["paras"])]
        pw.paragraphs(paras, w, first_article_line=(i == 0))
        for b in a.get("byline", []):
            pw.text_line(b)
        if a.get("head") and a.get("head_pos") == "after":
            pw.headline(a["head"])
    return furnish(pw.text(), page)


def furnish(text: str, page: dict) -> str:
    """Page furniture where real OCR puts it: ``header`` lines on top, ``footer`` lines at the bottom, and each
    ``inserts`` pair (snippet, line) as a line of its own right after the first line containing the snippet
    (between a headline and its article, inside a paragraph; before it when the snippet starts with ``^``).
    Furniture is never in the gold."""
    lines = text.split("\n")
    for snippet, extra in page.get("inserts", []):
        before = snippet.startswith("^")  # "^snippet": the line goes before it (a column label)
        snippet = snippet.lstrip("^")
        at = next(i for i, line in enumerate(lines) if snippet in line.replace(" ", ""))
        lines.insert(at if before else at + 1, extra)
    lines = [*page.get("header", []), *lines, *page.get("footer", [])]
    return "\n".join(lines)


def gold(page: dict) -> dict:
    arts = []
    for a in page["articles"]:
        people = [person(s) for s in a["people"]]
        arts.append(
            {
                "date": a["date"],
                "time_of_day": a["tod"],
                "title": gold_title(a),
                "title_lines": list(a.get("head") or []),
                "reporters": a["rep"],
                "correspondents": a["cor"],
                "photographers": a["pho"],
                "people": people,
                "organizations": a.get("orgs", []),
                "paragraph_count": len(a["paras"]),
                "kind": a.get("kind", "消息"),
                "meetings": [meeting(m) for m in a.get("meetings", [])],
                "lead": a["paras"][0],  # the first paragraph as written, to align articles by content
            }
        )
    return {"issue_date": page["issue_date"], "year": page["year"], "variant": page.get("variant", "ordinary"),
            "articles": arts}


def check(page: dict) -> list[str]:
    errs = []
    for k, a in enumerate(page["articles"], 1):
        body = "".join(a["paras"])
        # a credit may close the last paragraph: …新增图书2000余册。（记者 X 通讯员 Y）
        byl = " ".join(a.get("byline", []) + a.get("byline_top", [])) + a["paras"][0][:40] + a["paras"][-1][-30:]
        staff = set(a["rep"]) | set(a["cor"]) | set(a["pho"])
        for s in a["people"]:
            name, title, organization = (lambda p: (p["name"], p["title"], p.get("organization", "")))(person(s))
            if organization and organization not in title:
                errs.append(f"{page['slug']} a{k}: organization {organization!r} of {name} not in the title")
            if name not in body:
                errs.append(f"{page['slug']} a{k}: person {name} not in body")
            if title and title not in body:
                errs.append(f"{page['slug']} a{k}: title {title!r} of {name} not in body")
            if name in staff:
                errs.append(f"{page['slug']} a{k}: {name} is byline staff and in people")
        for n in staff:
            if n not in byl:
                errs.append(f"{page['slug']} a{k}: byline name {n} not printed in a byline")
        for o in a.get("orgs", []):
            if o not in body:
                errs.append(f"{page['slug']} a{k}: org {o} not in body")
    return errs


def suspects(page: dict) -> list[str]:
    import jieba.posseg as pseg

    out = []
    for k, a in enumerate(page["articles"], 1):
        body = "".join(a["paras"])
        names = {person(s)["name"] for s in a["people"]}
        for w in pseg.cut(body):
            if w.flag == "nr" and w.word not in names:
                out.append(f"{page['slug']} a{k}: jieba nr {w.word!r} not in gold")
        for n in names:
            if len(re.findall(re.escape(n), body)) == 0:
                out.append(f"{page['slug']} a{k}: {n} missing")
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--suspects", action="store_true")
    ap.add_argument("--out", default=str(HERE / "pages"))
    args = ap.parse_args()
    errs = [e for p in PAGES for e in check(p)]
    for e in errs:
        print("ERROR", e)
    if args.suspects:
        for p in PAGES:
            for s in suspects(p):
                print("review", s)
    if errs or args.check or args.suspects:
        return 1 if errs else 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for p in PAGES:
        (out / f"{p['slug']}.txt").write_text(render(p), encoding="utf-8")
        (out / f"{p['slug']}.json").write_text(
            json.dumps(gold(p), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    n_art = sum(len(p["articles"]) for p in PAGES)
    print(f"wrote {len(PAGES)} pages, {n_art} articles to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
