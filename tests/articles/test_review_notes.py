"""未识别标题 and the importer's other notes reach editors in Chinese: the parser's English glosses ("（title
generated from the lead）") are dropped where notes are stored and wherever older ones are shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from articles import services
from articles.models import Article
from newsroom.text import without_english_gloss
from tests.factories import make_draft

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "000_b452db4c0ddb8c92.txt"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("标题由导语生成，请核对（title generated from the lead）", "标题由导语生成，请核对"),
        ("未找到署名（no byline found）", "未找到署名"),
        ("没有“本报讯”：按署名行识别的稿件（feature without 本报讯, found by its byline）", "没有“本报讯”：按署名行识别的稿件"),
        ("日期 2月12日 缺年份（no issue date or year given）", "日期 2月12日 缺年份"),
        ("日期不确切：“日前”（vague date）", "日期不确切：“日前”"),
        ("无法按 gbk 解码（undecodable text: illegal multibyte sequence）", "无法按 gbk 解码"),
        ("人名“张三”与已有1人同名（区教育局）", "人名“张三”与已有1人同名（区教育局）"),
        ("第1篇《高新区CBD（CBD）建设》", "第1篇《高新区CBD（CBD）建设》"),
    ],
)
def test_without_english_gloss(note, expected):
    assert without_english_gloss(note) == expected


@pytest.mark.django_db
def test_imported_notes_are_chinese(staff_client):
    report = services.import_text(text=SEED.read_text(encoding="utf-8"), year=2023)
    generated = Article.objects.filter(title_is_generated=True)
    assert generated.exists()
    for article in Article.objects.all():
        assert "generated" not in article.review_notes and "（title" not in article.review_notes
    assert any("标题由导语生成，请核对" in note for note in report.needs_review)
    assert not any("generated" in note for note in report.needs_review)
    queue = staff_client.get(reverse("admin:articles_review_queue")).content.decode()
    assert "标题由导语生成" in queue and "generated from" not in queue


@pytest.mark.django_db
def test_older_english_notes_are_shown_without_the_gloss(staff_client):
    article = make_draft("旧稿件", review_notes="标题由导语生成，请核对（title generated from the lead）\n未找到署名（no byline found）")
    queue = staff_client.get(reverse("admin:articles_review_queue")).content.decode()
    assert "标题由导语生成，请核对<br>未找到署名" in queue and "generated from" not in queue
    change = staff_client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "标题由导语生成，请核对\n未找到署名</textarea>" in change and "generated from" not in change


@pytest.mark.django_db
def test_import_preview_is_chinese(staff_client):
    url = reverse("admin:articles_sourcepage_import")
    response = staff_client.post(url, {"text": SEED.read_text(encoding="utf-8"), "year": "2023", "issue_date": "",
                                       "page_number": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "标题由导语生成" in html or "标题由系统从导语生成" in html
    assert "generated from" not in html
