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


def test_a_day_link_is_what_reverse_gives_whatever_the_digits():
    import datetime as dt

    from newsroom.links import day_link

    for day in [dt.date(2023, 2, 12), dt.date(1988, 8, 8), dt.date(2022, 12, 31)]:
        expected = reverse("articles:archive_day", kwargs={
            "year": f"{day.year:04d}", "month": f"{day.month:02d}", "day": f"{day.day:02d}"})
        assert day_link(day) == expected
    try:
        set_script_prefix("/quba/")
        assert day_link(dt.date(2023, 2, 12)) == "/quba/2023/02/12/"
    finally:
        clear_script_prefix()
