"""What an article page tells link previews and search engines: Open Graph and Twitter card tags with the lead
photo, JSON-LD ``NewsArticle`` (headline, dates, authors, image, publisher), the canonical URL."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from .photos import picture


@dataclass(frozen=True)
class Sharing:
    url: str
    title: str
    description: str
    image: str  # absolute; "" without a lead photo
    image_width: int
    image_height: int
    image_alt: str
    published: str  # ISO 8601, Beijing time
    modified: str
    json_ld: SafeString


def _json_script(data: dict) -> SafeString:
    """``data`` as JSON safe inside <script type="application/ld+json">: no "</script>" can end it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _iso(moment) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def article_sharing(request, page) -> Sharing:
    """The tags of an article page (``page``: ``selectors.ArticlePage``), URLs made absolute for ``request``."""
    article = page.article
    url = request.build_absolute_uri(article.get_absolute_url())
    description = article.summary[:120]
    lead = page.photos[0] if page.photos else None
    shown = picture(lead) if lead is not None else None
    image = request.build_absolute_uri(shown.largest) if shown else ""
    authors = [
        {"@type": "Person", "name": credit.person.name, "url": request.build_absolute_uri(credit.person.get_absolute_url())}
        for credit in page.credits
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": article.title[:110],
        "description": description,
        "datePublished": _iso(article.published_at),
        "dateModified": _iso(article.updated_at or article.published_at),
        "inLanguage": "zh-CN",
        "author": authors or [{"@type": "Organization", "name": settings.SITE_NAME}],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.SITE_NAME,
            "url": request.build_absolute_uri("/"),
            "logo": {"@type": "ImageObject", "url": request.build_absolute_uri(static("img/logo.png"))},
        },
    }
    if shown:
        data["image"] = [request.build_absolute_uri(url_) for url_ in _image_urls(lead)]
    return Sharing(
        url=url, title=article.title, description=description, image=image,
        image_width=shown.width if shown else 0, image_height=shown.height if shown else 0,
        image_alt=lead.alt if lead is not None else "",
        published=_iso(article.published_at), modified=_iso(article.updated_at),
        json_ld=_json_script(data),
    )


def _image_urls(photo) -> list[str]:
    """The lead photo's JPEG renditions, widest first (search engines pick among them)."""
    storage = photo.image.storage
    return [storage.url(name) for _, _, name in reversed(photo.renditions.get("jpeg", []))]
