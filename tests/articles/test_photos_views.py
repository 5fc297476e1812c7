"""Reader pages with photos: the article's photos with captions and credits, the home page's top story and
photo news; srcset, sizes, width/height and alt; the original never linked."""

from __future__ import annotations

import re

import pytest

from tests.factories import image_bytes, make_article, make_credit, make_person, make_photo

pytestmark = pytest.mark.django_db


def page(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, f"{url}: {response.status_code}"
    return response.content.decode()


@pytest.fixture
def story(db):
    article = make_article("高新区举办金刚石产业推介会", body="推介会上，企业代表介绍了产品。\n\n第二段。")
    writer = make_person("孙庆辉", kind="journalist")
    photographer = make_person("王摄影", kind="journalist")
    make_credit(article, writer, role="文")
    lead = make_photo(article, data=image_bytes(2000, 1300), caption="推介会现场。", alt="会场坐满了企业代表",
                      photographer=photographer)
    second = make_photo(article, order=1, caption="企业展台。", alt="展台上陈列着金刚石样品")
    return article, lead, second, photographer


def test_article_page_shows_its_photos_with_captions_and_credits(client, story):
    article, lead, second, photographer = story
    html = page(client, article.get_absolute_url())
    figures = re.findall(r"<figure.*?</figure>", html, re.S)
    assert len(figures) == 2
    first = figures[0]
    assert '<source type="image/webp" srcset="' in first and " 1600w" in first
    assert 'alt="会场坐满了企业代表"' in first and 'width="1600" height="1040"' in first
    assert 'fetchpriority="high"' in first and 'loading="lazy"' not in first  # the first picture on the screen
    assert f'推介会现场。 <span class="credit">图/<a href="{photographer.get_absolute_url()}">王摄影</a></span>' in first
    assert 'loading="lazy"' in figures[1] and "企业展台。" in figures[1]
    # the byline as printed: 文/甲 图/乙
    assert "文/<a" in html and f'图/<a href="{photographer.get_absolute_url()}">王摄影</a></span></p>' in html
    # the original (with its EXIF) is never linked
    assert lead.image.url not in html and second.image.url not in html


def test_the_photographer_has_a_page_listing_the_article(client, story):
    article, _, _, photographer = story
    html = page(client, photographer.get_absolute_url())
    assert article.title in html


def test_home_has_a_top_story_with_its_lead_photo_and_a_strip_of_photo_news(client, story):
    article, lead, _, _ = story
    others = [make_article(f"图片新闻{i}") for i in range(3)]  # each published an hour before the last
    for other in others:
        make_photo(other, alt=f"{other.title}的画面")
    make_article("没有图片的稿件")
    html = page(client, "/")
    top = html[html.index('class="top-story"'):html.index('class="photo-news"')]
    assert article.title in top and 'alt="会场坐满了企业代表"' in top  # the newest with a photo
    assert 'fetchpriority="high"' in top and "<figcaption" not in top
    strip = html[html.index('class="photo-news"'):html.index("<h1>最新报道</h1>")]
    assert "图片新闻</h2>" in strip and strip.count("<li>") == 3
    for other in others:
        assert other.title in strip and f'alt="{other.title}的画面"' in strip
    assert 'loading="lazy"' in strip and article.title not in strip
    assert "没有图片的稿件" not in top + strip


def test_photos_of_unpublished_articles_are_not_shown(client):
    draft = make_article("草稿里的图片", published=False)
    make_photo(draft, alt="草稿图片")
    html = page(client, "/")
    assert "草稿里的图片" not in html and "草稿图片" not in html and "top-story" not in html


def test_a_photo_without_renditions_is_not_shown(client):
    article = make_article("还没有缩略图")
    photo = make_photo(article)
    type(photo).objects.filter(pk=photo.pk).update(renditions={})
    html = page(client, article.get_absolute_url())
    assert "<figure" not in html and photo.image.url not in html
