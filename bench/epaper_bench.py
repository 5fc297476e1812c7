"""E-paper import benchmark (a benchmark, not a test): the bundled page as a typeset PDF and as a scan.

    .venv/bin/python bench/epaper_bench.py [--json bench/out/epaper.json] [--md bench/out/epaper.md]

1. The bundled OCR page (fixtures/pages/000_b452db4c0ddb8c92.txt) is parsed, and its articles are typeset as
   a four-column A3 PDF with a real text layer (reportlab, the CJK font WenQuanYi Micro Hei): a header across
   the top, each article's headline (引题, 主题, 副题) across the page, its body in four balanced columns, its
   byline closing it.
2. That PDF is drawn at 200 dpi as a PNG: the same page, scanned (no text layer: OCR).
3. The .txt, the .pdf and the .png are each imported by `manage.py import_page` into a fresh, migrated SQLite
   database: wall time of the whole process, start-up included (targets: the PDF under 3 s, the A3 scan under
   20 s on 2 cores), and the articles its JSON report gives; and, in this process past start-up, how long
   reading the file (text layer or OCR) and drawing its two pictures take.
4. The PDF's and the scan's articles against the .txt's: people F1 (each article's people, by name), and the
   share of articles whose byline (reporters, correspondents, photographers), date and headline (引题, 主题,
   副题) are the same (target: F1 >= .95, every byline, date and headline).
Absolute times vary between runs and machines (other work on the same cores shows in them).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
PAGE = ROOT / "fixtures" / "pages" / "000_b452db4c0ddb8c92.txt"
ISSUE_DATE = "2023-02-14"
HEADER = "2023年2月14日 星期二 第1版 要闻"
SCAN_DPI = 200
TARGETS = {"txt": None, "pdf": 3.0, "scan": 20.0}


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()


def reference_articles() -> list[dict]:
    """The bundled page's articles as the .txt import reads them (no database: the pipeline alone)."""
    _django()
    from articles import services

    parsed = services.parse_text(PAGE.read_text(encoding="utf-8"), issue_date=None, year=2023,
                                 knowledge=services.Knowledge())
    return [a.to_json() for a in parsed.articles]


def _byline(article: dict) -> str:
    """The closing byline as printed: 记者 甲 通讯员 乙 丙, a reporter who also took the photos 记者 甲 文/图."""
    reporters, correspondents, photographers = (article[k] for k in ("reporters", "correspondents", "photographers"))
    parts = []
    if reporters:
        parts.append("记者 " + " ".join(reporters))
    if correspondents:
        parts.append("通讯员 " + " ".join(correspondents))
    if photographers and photographers == reporters:
        parts.append("文/图")
    elif photographers:
        parts.append("摄影 " + " ".join(photographers))
    return " ".join(parts)


def typeset_a3(articles: list[dict]) -> bytes:
    """The articles on one A3 page: the header, then each article across the page (headline lines centred,
    the body in four balanced columns, paragraphs indented two characters, the byline flush right at the end),
    in the largest body type from 10.5 pt down that fits."""
    from reportlab.lib.pagesizes import A3
    from reportlab.pdfgen import canvas

    from tests.articles.pdf_pages import FONT_NAME, _register, _wrap

    _register()
    width, height = A3
    margin, gutter, columns = 36, 14, 4
    column = (width - 2 * margin - gutter * (columns - 1)) / columns
    for body in (10.5, 10, 9.5, 9, 8.5, 8):
        per_line = int(column // body)
        leading = body * 1.5
        laid = []
        total = margin + 40
        for article in articles:
            flow = []
            for i, paragraph in enumerate(article["paragraphs"]):
                text = f"{article['source_line']} {paragraph}" if i == 0 and article["source_line"] else paragraph
                flow.extend((line, j == 0) for j, line in enumerate(_wrap(text, per_line - 2, per_line)))
            byline = _byline(article)
            if byline:
                flow.append((byline, None))  # None: set flush right
            per_column = -(-len(flow) // columns)
            heads = [(article["kicker"], 14), (article["title"], 24), (article["subtitle"], 14)]
            heads = [(text, size) for text, size in heads if text]
            block = sum(size * 1.6 for _, size in heads) + per_column * leading + 24
            laid.append((heads, flow, per_column))
            total += block
        if total <= height - margin:
            break
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A3)
    y = height - margin
    pdf.setFont(FONT_NAME, 12)
    pdf.drawString(margin, y, HEADER)
    pdf.line(margin, y - 8, width - margin, y - 8)
    y -= 40
    for heads, flow, per_column in laid:
        for text, size in heads:
            y -= size
            pdf.setFont(FONT_NAME, size)
            pdf.drawCentredString(width / 2, y, text)
            y -= size * 0.6
        y -= 10
        pdf.setFont(FONT_NAME, body)
        for n in range(columns):
            x = margin + n * (column + gutter)
            for k, (line, first) in enumerate(flow[n * per_column:(n + 1) * per_column]):
                baseline = y - body - k * leading
                if first is None:
                    pdf.drawRightString(x + column, baseline, line)
                else:
                    pdf.drawString(x + (2 * body if first else 0), baseline, line)
        y -= per_column * leading + 14
        pdf.line(margin, y, width - margin, y)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def scan_of(pdf: bytes, dpi: int = SCAN_DPI) -> bytes:
    """The PDF's page drawn at ``dpi`` as a greyscale PNG: what a scanner gives."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def read_back() -> dict[str, list[dict]]:
    """The articles of the .txt, of its A3 PDF and of that PDF scanned, read in this process (no database)."""
    _django()
    from articles import services

    reference = reference_articles()
    pdf = typeset_a3(reference)
    results = {"txt": reference}
    for source, raw, name in (("pdf", pdf, "page.pdf"), ("scan", scan_of(pdf), "page.png")):
        [page] = services.read_document(raw, name)
        parsed = services.parse_text(page.text, issue_date=None, year=2023, knowledge=services.Knowledge())
        results[source] = [a.to_json() for a in parsed.articles]
    return results


def compare(reference: list[dict], found: list[dict]) -> dict:
    """People F1 over (article, name) pairs, and the share of the reference's articles (matched in order)
    whose byline, date and headline are the same."""
    def people(articles):
        return {(i, p["name"]) for i, a in enumerate(articles) for p in a["people"]}

    want, got = people(reference), people(found)
    hits = len(want & got)
    precision = hits / len(got) if got else 0.0
    recall = hits / len(want) if want else 1.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    pairs = list(zip(reference, found, strict=False))

    def share(key) -> float:
        return round(sum(key(a) == key(b) for a, b in pairs) / len(reference), 3)

    return {
        "articles": len(found), "articles_expected": len(reference), "people_f1": round(f1, 3),
        "bylines": share(lambda a: (a["reporters"], a["correspondents"], a["photographers"])),
        "dates": share(lambda a: a["date"]), "headlines": share(lambda a: (a["kicker"], a["title"], a["subtitle"])),
    }


def stages(raw: bytes, name: str) -> dict:
    """In this process, past start-up: reading the file (text layer or OCR, reading order) and drawing its
    picture at the two widths, in seconds: what a PDF or a scan adds to an import of text."""
    _django()
    from articles import services

    start = time.perf_counter()
    [page] = services.read_document(raw, name)
    read = time.perf_counter() - start
    start = time.perf_counter()
    services.draw_page(page)
    return {"read_seconds": round(read, 2), "draw_seconds": round(time.perf_counter() - start, 2)}


def _import(db: Path, media: Path, path: Path) -> tuple[float, float, list[dict]]:
    """``manage.py import_page`` of ``path`` into a fresh database: (wall seconds, CPU seconds of the process,
    its articles). CPU time is much less moved by other work on the same cores than wall time is."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_DEBUG": "0", "DJANGO_MEDIA_ROOT": str(media),
           "DJANGO_SECRET_KEY": "bench-" + "x" * 50, "DJANGO_ALLOWED_HOSTS": "localhost"}
    manage = [PYTHON, "manage.py"]
    db.unlink(missing_ok=True)  # a repeated run starts from an empty database again
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    cpu_before = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run([*manage, "import_page", str(path), "--issue-date", ISSUE_DATE, "--format", "json"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    cpu = _children_cpu() - cpu_before
    if done.returncode not in (0, 1):  # 1: imported, with text placed in no article (kept for review)
        raise SystemExit(f"import_page {path.name} failed: {done.stderr.strip()}")
    return seconds, cpu, json.loads(done.stdout)["articles"]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--md", type=Path)
    parser.add_argument("--repeat", type=int, default=1,
                        help="import each file this many times and keep the fastest (other work on the cores only "
                             "ever adds time)")
    args = parser.parse_args()

    reference = reference_articles()
    pdf = typeset_a3(reference)
    results: dict = {"page": PAGE.name, "scan_dpi": SCAN_DPI, "cores": os.cpu_count(), "sources": {},
                     "repeat": args.repeat,
                     "load_average_before": round(os.getloadavg()[0], 2)}
    with tempfile.TemporaryDirectory(prefix="newsroom-epaper-") as tmp:
        tmp_path = Path(tmp)
        files = {"txt": PAGE, "pdf": tmp_path / "page.pdf", "scan": tmp_path / "page.png"}
        files["pdf"].write_bytes(pdf)
        files["scan"].write_bytes(scan_of(pdf))
        warm = tmp_path / "warm.sqlite3"
        _import(warm, tmp_path / "warm-media", PAGE)  # jieba's on-disk cache, Python's bytecode
        articles = {}
        runs: dict[str, list[tuple[float, float]]] = {source: [] for source in files}
        for _ in range(args.repeat):  # the sources in turn, so that a busy spell falls on all of them
            for source, path in files.items():
                seconds, cpu, articles[source] = _import(tmp_path / f"{source}.sqlite3", tmp_path / f"{source}-media",
                                                         path)
                runs[source].append((seconds, cpu))
        for source, path in files.items():
            seconds, cpu = min(runs[source])
            results["sources"][source] = {"file": path.name, "bytes": path.stat().st_size,
                                          "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2),
                                          "all_seconds": [round(w, 2) for w, _ in runs[source]],
                                          "target_seconds": TARGETS[source]}
        for source in ("pdf", "scan"):
            results["sources"][source].update(stages(files[source].read_bytes(), files[source].name))
    for source in ("pdf", "scan"):
        results["sources"][source].update(compare(articles["txt"], articles[source]))
    results["sources"]["txt"]["articles"] = len(articles["txt"])
    results["load_average_after"] = round(os.getloadavg()[0], 2)  # other work on the same cores shows here

    rows = ["| source | file | wall (s) | target | CPU (s) | read (s) | draw (s) | articles | people F1 | bylines "
            "| dates | headlines |", "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for source, r in results["sources"].items():
        target = f"< {r['target_seconds']:g} s" if r["target_seconds"] else ""
        scores = [r.get(k, "") for k in ("people_f1", "bylines", "dates", "headlines")]
        read, draw = (f"{r[k]:.2f}" if k in r else "" for k in ("read_seconds", "draw_seconds"))
        rows.append(f"| {source} | {r['file']} ({r['bytes'] // 1024} KB) | {r['seconds']:.2f} | {target} | "
                    f"{r['cpu_seconds']:.2f} | {read} | "
                    f"{draw} | {r['articles']} | "
                    + " | ".join(f"{s:g}" if s != "" else "(reference)" for s in scores) + " |")
    table = "\n".join(rows)
    print(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    if args.md:
        args.md.parent.mkdir(parents=True, exist_ok=True)
        args.md.write_text(
            "# E-paper import: the bundled page as a four-column A3 PDF and as its 200-dpi scan\n\n"
            f"`.venv/bin/python bench/epaper_bench.py --json bench/out/epaper.json --md bench/out/epaper.md"
            f"{f' --repeat {args.repeat}' if args.repeat > 1 else ''}` (part of `make bench`). Wall: the whole "
            "`manage.py import_page` process, start-up included, into a fresh SQLite database"
            f"{f', the fastest of {args.repeat} runs' if args.repeat > 1 else ''}; CPU: that process's user and "
            "system time (all its threads); read and draw: reading the file (text layer, or OCR and reading order) and "
            f"drawing its pictures at 800 and 1600 px, in one process. On {os.cpu_count()} cores shared with "
            f"other work (load average {results['load_average_before']} before the run, "
            f"{results['load_average_after']} after); scores against the .txt import of the same page. Figures "
            "vary between runs and machines.\n\n" + table + "\n"
        )


if __name__ == "__main__":
    main()
