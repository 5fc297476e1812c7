"""bench/corpus.py: one article in five has a lead photo, its renditions made once per picture and shared, and
the reader pages the load test measures show them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from articles.models import Article, ArticlePhoto

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import corpus  # noqa: E402

pytestmark = pytest.mark.django_db


@pytest.fixture
def written():
    data = corpus.generate(40, seed=3)
    meetings, photos = corpus.write_rows(data)
    return data, photos


def test_one_article_in_five_has_a_photo_whose_renditions_are_made_once_per_picture(written):
    data, photos = written
    assert photos == 8 == ArticlePhoto.objects.count()
    pictures = {photo.image.name: photo.renditions for photo in ArticlePhoto.objects.all()}
    assert len(pictures) == corpus.PHOTO_VARIANTS  # the other rows name the same files
    assert all(len(renditions["jpeg"]) == 3 for renditions in pictures.values())
    photo = ArticlePhoto.objects.select_related("photographer").first()
    assert photo.article.credits.filter(person=photo.photographer, role="图").exists()


def test_the_home_article_and_topic_pages_render_with_the_photos(client, written):
    article = Article.objects.published().filter(photos__isnull=False).order_by("-published_at").first()
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'type="image/webp" srcset="' in page and f'alt="{article.photos.get().alt}"' in page
    assert "图/" in page  # the photographer's credit
    home = client.get("/").content.decode()
    assert "-960.jpg" in home and 'class="top-story' in home
    topic = article.topics.first() or Article.topics.field.related_model.objects.filter(articles__isnull=False).first()
    assert client.get(topic.get_absolute_url()).status_code == 200
