"""URLs reversed once (newsroom.links): the same as reverse(), under whatever prefix the site is mounted."""

from __future__ import annotations

from django.urls import clear_script_prefix, reverse, set_script_prefix

from newsroom.links import site_links, slug_url


def test_a_remembered_url_is_what_reverse_gives():
    assert slug_url("people:person_detail", "zhang-hong-jun") == reverse(
        "people:person_detail", kwargs={"slug": "zhang-hong-jun"}
    )
    assert site_links()["home"] == reverse("articles:home")


def test_urls_follow_the_script_prefix():
    try:
        set_script_prefix("/quba/")
        assert slug_url("articles:topic_detail", "anquan") == "/quba/topics/anquan/"
        assert site_links()["search"] == "/quba/search/"
    finally:
        clear_script_prefix()
    assert slug_url("articles:topic_detail", "anquan") == "/topics/anquan/"
