"""import_page and the import service: the seed page end to end, re-imports, namesakes, bad input."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles import services
from articles.models import Article, ArticleStatus, Credit, CreditRole, Meeting, Mention, SourcePage
from articles.reports import format_report
from articles.revisions import versions_of
from people.models import Organization, Person, PersonKind
from tests.factories import make_editor, make_person, make_position, make_reporter

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "pages" / "000_b452db4c0ddb8c92.txt"
OFFICIALS = {"张红军", "宋紫谦", "吴志强", "郑彦松", "袁狄平", "王建刚", "郭程明", "岳志铭", "王德敏", "栗正新", "孙兆达"}
STAFF = {"孙庆辉", "王彦凯", "邵泳淇", "杨斯捷", "寄静媛"}

SHORT_PAGE = """本报讯（记者 李明 通讯员 王芳）3月5日上午，新城区区长欧阳建国
主持召开全区安全生产工作会议。区应急管理局局长訾红
梅汇报了一季度安全检查情况。

欧阳建国强调，要压实安全生产责任。
"""


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_page", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Article, Person, Organization, Credit, Mention, Meeting, SourcePage)
    }


def test_seed_page_import_creates_articles_people_and_meetings():
    out, _ = run(str(SEED), "--year", "2023")
    assert Article.objects.count() == 4
    people = set(Person.objects.values_list("name", flat=True))
    assert people == OFFICIALS | STAFF
    assert Person.objects.count() == 16
    assert set(Person.objects.filter(kind=PersonKind.JOURNALIST).values_list("name", flat=True)) == STAFF
    articles = list(Article.objects.order_by("position_on_page"))
    assert [a.dateline_date for a in articles] == [
        dt.date(2023, 2, 12), dt.date(2023, 2, 3), dt.date(2023, 2, 9), dt.date(2023, 2, 8)
    ]
    assert [len(a.paragraphs) for a in articles] == [9, 4, 4, 3]
    first = articles[0]
    assert first.kicker == "坚持大抓基层的鲜明导向"
    assert first.title == "有力推动基层党建工作全面提质"
    assert first.status == ArticleStatus.DRAFT
    assert [(c.person.name, c.role) for c in first.credits.all()] == [("孙庆辉", "文/图")]
    assert [(c.person.name, c.role) for c in articles[1].credits.all()] == [
        ("孙庆辉", "记者"), ("王彦凯", "通讯员"), ("邵泳淇", "通讯员")
    ]
    zhang = Person.objects.get(name="张红军")
    assert zhang.mentions.count() == 2  # the same 张红军 in articles 1 and 2
    chair = Mention.objects.get(article=first, person=zhang)
    assert chair.role == "主持"
    assert "党工委书记" in chair.title_printed
    wu = Person.objects.get(name="吴志强")
    assert wu.positions.count() == 4
    meeting = Meeting.objects.get(name__contains="述职评议会")
    assert meeting.chair == zhang and meeting.date == dt.date(2023, 2, 12)
    assert first in meeting.articles.all()
    assert Meeting.objects.filter(name__contains="金刚石").exists()
    assert Organization.objects.filter(name="中铁安全技术集团有限公司").exists()
    page = SourcePage.objects.get()
    assert page.raw_text == SEED.read_text(encoding="utf-8")
    assert "新建 4" in out


def test_same_page_twice_changes_nothing_and_says_so():
    run(str(SEED), "--year", "2023")
    before = table_counts()
    out, _ = run(str(SEED), "--year", "2023")
    assert table_counts() == before
    assert "已经导入过" in out


def test_dry_run_writes_nothing_and_json_is_the_only_stdout():
    out, _ = run(str(SEED), "--year", "2023", "--dry-run", "--format", "json")
    assert all(n == 0 for n in table_counts().values())
    document = json.loads(out)
    assert len(document["articles"]) == 4
    first = document["articles"][0]
    assert first["date"] == "2023-02-12"
    assert first["reporters"] == ["孙庆辉"] and first["photographers"] == ["孙庆辉"]
    assert {p["name"] for a in document["articles"] for p in a["people"]} == OFFICIALS
    assert document["articles"][1]["correspondents"] == ["王彦凯", "邵泳淇"]


def test_publish_makes_articles_visible_from_the_issue_date():
    run(str(SEED), "--issue-date", "2023-02-14", "--page", "1", "--publish")
    articles = Article.objects.published()
    assert articles.count() == 4
    assert {a.issue_date for a in articles} == {dt.date(2023, 2, 14)}
    assert {a.page_number for a in articles} == {1}


def test_gbk_file_reads_the_same(tmp_path):
    gbk = tmp_path / "page.txt"
    gbk.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    run(str(gbk), "--year", "2023")
    assert Article.objects.count() == 4
    assert SourcePage.objects.get().encoding.lower().replace("-", "") in {"gb18030", "gbk"}
    # The same text in another encoding is the same page.
    out, _ = run(str(SEED), "--year", "2023")
    assert "已经导入过" in out and Article.objects.count() == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "空"),
        (b"   \n\n  ", "空"),
        (b"\x00\x01\x02\x03binary\x00\xff\xfe" * 50, ""),
        ("今天天气很好，没有新闻。".encode(), "本报讯"),
        (b"\xff\xfe\xfa\xfb\x80\x81" * 30, ""),
    ],
)
def test_bad_input_is_refused_with_exit_2_and_nothing_written(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(CommandError) as excinfo:
        run(str(bad), "--year", "2023")
    assert excinfo.value.returncode == 2
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)
    assert all(n == 0 for n in table_counts().values())


def test_oversized_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.seek(50 * 1024 * 1024)
        f.write(b"x")
    with pytest.raises(CommandError) as excinfo:
        run(str(big), "--year", "2023")
    assert excinfo.value.returncode == 2
    assert "过大" in str(excinfo.value)


def test_a_bad_page_in_a_directory_stops_the_whole_import(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text("没有电头的文字。", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run(str(tmp_path), "--year", "2023")
    assert "b.txt" in str(excinfo.value)
    assert all(n == 0 for n in table_counts().values())


def test_directory_import_shows_progress_and_summary(tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(SHORT_PAGE, encoding="utf-8")
    out, err = run(str(tmp_path), "--year", "2023", "--progress")
    assert "2/2" in err
    assert "合计：2 个版面" in out
    assert Article.objects.count() == 5


def test_missing_date_arguments_and_missing_file_are_refused(tmp_path):
    with pytest.raises(CommandError):
        run(str(SEED))
    with pytest.raises(CommandError) as excinfo:
        run(str(tmp_path / "nope.txt"), "--year", "2023")
    assert excinfo.value.returncode == 2


def test_reimport_of_an_edited_page_updates_drafts_but_not_published_or_edited(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    original = tmp_path / "page1.txt"
    original.write_text(text, encoding="utf-8")
    run(str(original), "--issue-date", "2023-02-14", "--page", "1")
    articles = list(Article.objects.order_by("position_on_page"))
    published, edited = articles[1], articles[2]
    published.status, published.published_at = ArticleStatus.PUBLISHED, dt.datetime(2023, 2, 14, tzinfo=dt.UTC)
    published.save()
    edited.title = "编辑改过的标题"
    edited.save()

    fixed = text.replace("述职并现场评议", "述职并当场评议").replace("表示欢迎", "表示热烈欢迎").replace(
        "进行详细讨论", "进行深入讨论")
    original.write_text(fixed, encoding="utf-8")
    out, _ = run(str(original), "--issue-date", "2023-02-14", "--page", "1")
    assert Article.objects.count() == 4
    assert SourcePage.objects.count() == 2  # the first text is kept
    articles = list(Article.objects.order_by("position_on_page"))
    assert "当场评议" in articles[0].body
    assert "表示热烈欢迎" not in articles[2].body and articles[2].title == "编辑改过的标题"
    assert "进行深入讨论" in articles[3].body
    assert "已更新" in out and "保留未改" in out


def test_namesakes_are_not_merged_silently():
    other = make_person("张红军", kind=PersonKind.OTHER)
    make_position(other, "村民")
    run(str(SEED), "--year", "2023")
    namesakes = Person.objects.filter(name="张红军")
    assert namesakes.count() == 2
    assert not other.mentions.exists()
    report = services.import_page(raw=SHORT_PAGE.encode(), year=2023, dry_run=True)
    assert not any("张红军" in note for note in report.needs_review)


def test_a_known_person_with_a_compatible_title_is_matched():
    known = make_person("张红军", confirmed=True)
    make_position(known, "高新区党工委书记")
    run(str(SEED), "--year", "2023")
    assert Person.objects.filter(name="张红军").count() == 1
    assert known.mentions.count() == 2


def test_confirmed_people_improve_the_next_import():
    """A name the text gives no title for is found once an editor has confirmed that person."""
    page = "本报讯 3月1日，新城区第一届运动会开幕，来自各街道的运动员参加比赛，最终由苗青山夺得长跑冠军。\n"
    report = services.import_page(raw=page.encode(), year=2023, dry_run=True)
    assert "苗青山" not in {p.name for a in report.parsed.articles for p in a.people}
    make_person("苗青山", confirmed=True)
    report = services.import_page(raw=page.encode(), year=2023, dry_run=True)
    assert "苗青山" in {p.name for a in report.parsed.articles for p in a.people}


def test_an_official_who_shares_a_journalists_name_is_a_separate_person():
    make_person("孙兆达", kind=PersonKind.JOURNALIST)
    run(str(SEED), "--year", "2023")
    namesakes = Person.objects.filter(name="孙兆达")
    assert sorted(p.kind for p in namesakes) == [PersonKind.JOURNALIST, PersonKind.OFFICIAL]
    official = namesakes.get(kind=PersonKind.OFFICIAL)
    assert official.disambiguator == "三磨所总经理助理"
    assert official.mentions.count() == 1
    assert "“孙兆达”与已有1人同名" in Article.objects.get(position_on_page=4).review_notes


def test_the_importing_user_owns_the_new_drafts(django_user_model):
    reporter = django_user_model.objects.create_user("reporter1", password="x-long-password-1")
    run(str(SEED), "--year", "2023", "--user", "reporter1")
    assert set(Article.objects.values_list("created_by", flat=True)) == {reporter.pk}
    assert SourcePage.objects.get().imported_by == reporter


# ---------------------------------------------------------------------------------------------------------
# Issue 13: items beyond 本报讯, residue kept and said, imports that respect roles and history.

VARIANTS_PAGE = """2023年11月11日 星期六 责任编辑：刘洋 第4版
习近平同中非共和国总统会谈

新华社北京10月19日电（记者 孙奕、冯歆然）国家主席习近平19日在人民大会堂同来华进行国事访问的中非共和国总统图瓦德拉举行会谈。

区委常委会召开会议
本报讯（记者 李明）11月10日上午，区委书记张红军主持召开区委常委会会议，研究部署下一步工作。

金秋稻田收割忙
图为11月8日，农民在城关镇东湖村驾驶收割机收割水稻。
记者 周涛 摄

简讯
■11月7日，区市场监管局开展冬季食品安全专项检查，共检查餐饮单位32家。
■11月9日，区图书馆开展“书香进社区”志愿服务活动。
"""


def import_variants(**options):
    return services.import_page(raw=VARIANTS_PAGE.encode(), issue_date=dt.date(2023, 11, 11), page_number=4, **options)


def test_every_item_of_a_real_page_is_its_own_article_of_its_kind():
    import_variants()
    articles = list(Article.objects.order_by("position_on_page"))
    assert [(a.kind, a.title) for a in articles] == [
        ("消息", "习近平同中非共和国总统会谈"),
        ("消息", "区委常委会召开会议"),
        ("图片新闻", "金秋稻田收割忙"),
        ("简讯", "区市场监管局开展冬季食品安全专项检查"),
        ("简讯", "区图书馆开展“书香进社区”志愿服务活动"),
    ]
    assert articles[0].source_line == "新华社北京10月19日电（记者孙奕、冯歆然）"
    photo = articles[2]
    assert [(c.person.name, c.role) for c in photo.credits.select_related("person")] == [("周涛", CreditRole.PHOTOGRAPHER)]
    assert "责任编辑" not in "".join(a.body for a in articles)


def test_text_placed_in_no_article_is_kept_with_the_page_and_the_command_says_so(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(SHORT_PAGE + "\n记者 李明\n\n下期预告\n", encoding="utf-8")
    with pytest.raises(SystemExit) as excinfo:
        run(str(page), "--year", "2023")
    assert excinfo.value.code == 1
    assert SourcePage.objects.get().residue == "下期预告"
    assert Article.objects.count() == 1


def test_the_report_shows_the_residue_and_the_kinds():
    report = services.import_page(raw=(SHORT_PAGE + "\n记者 李明\n\n下期预告\n").encode(), year=2023, dry_run=True)
    text = format_report(report)
    assert "未归入任何稿件的文字" in text and "下期预告" in text
    assert any("未能归入任何稿件" in note for note in report.needs_review)
    assert "［简讯］" in format_report(import_variants(dry_run=True))


def test_a_reimport_by_a_reporter_leaves_another_reporters_drafts_alone():
    owner, other = make_reporter("owner"), make_reporter("other")
    import_variants(user=owner)
    edited = VARIANTS_PAGE.replace("研究部署下一步工作", "研究部署明年工作")
    report = services.import_page(raw=edited.encode(), issue_date=dt.date(2023, 11, 11), page_number=4, user=other)
    assert {o.action for o in report.articles} == {"kept"}
    assert "研究部署下一步工作" in Article.objects.get(position_on_page=2).body
    report = services.import_page(raw=edited.replace("明年", "来年").encode(), issue_date=dt.date(2023, 11, 11),
                                  page_number=4, user=owner)
    assert report.count("updated") == 5
    assert "研究部署来年工作" in Article.objects.get(position_on_page=2).body


def test_every_update_of_an_imported_draft_records_a_revision():
    editor = make_editor("editor1")
    import_variants(user=editor)
    article = Article.objects.get(position_on_page=2)
    assert not versions_of(article).exists()
    edited = VARIANTS_PAGE.replace("研究部署下一步工作", "研究部署明年工作")
    services.import_page(raw=edited.encode(), issue_date=dt.date(2023, 11, 11), page_number=4, user=editor)
    versions = list(versions_of(article))
    assert len(versions) == 2  # the draft as it was, and the re-import
    latest = versions[0]
    assert latest.revision.user == editor and latest.revision.comment.startswith(services.REIMPORT_COMMENT)
    assert "明年" in latest.field_dict["body"] and "下一步" in versions[1].field_dict["body"]
    # with the byline and the people named as the re-import wrote them
    assert {v.content_type.model for v in latest.revision.version_set.all()} >= {"credit", "mention"}


def miss_the_first_look(monkeypatch):
    """Two imports of one page at once: each looks for the page before either has written it."""
    real = services._imported_page
    calls = []

    def first_miss(checksum):
        calls.append(checksum)
        return None if len(calls) % 2 == 1 else real(checksum)

    monkeypatch.setattr(services, "_imported_page", first_miss)


def test_the_same_page_imported_at_the_same_moment_one_wins_the_other_is_told(monkeypatch):
    import_variants()
    miss_the_first_look(monkeypatch)
    with pytest.raises(services.PageError, match="同一个版面正在被另一次导入写入"):
        import_variants()
    assert SourcePage.objects.count() == 1 and Article.objects.count() == 5


def test_the_command_that_loses_the_race_exits_2_with_one_line(monkeypatch, tmp_path):
    import_variants()
    miss_the_first_look(monkeypatch)
    page = tmp_path / "page.txt"
    page.write_text(VARIANTS_PAGE, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run(str(page), "--issue-date", "2023-11-11", "--page", "4")
    assert excinfo.value.returncode == 2 and "\n" not in str(excinfo.value)
    assert "同一个版面" in str(excinfo.value)
    assert SourcePage.objects.count() == 1 and Article.objects.count() == 5


def test_two_pages_whose_slugs_collide_both_import():
    first = SHORT_PAGE.replace("3月5日上午", "3月5日下午")
    services.import_page(raw=SHORT_PAGE.encode(), year=2023)
    services.import_page(raw=first.encode(), year=2023)
    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 and len(set(slugs)) == 2


def test_a_slug_taken_between_looking_and_writing_is_made_again(monkeypatch):
    services.import_page(raw=SHORT_PAGE.encode(), year=2023)
    taken = Article.objects.get().slug
    import newsroom.text

    real = newsroom.text.unique_slug
    calls = []

    def stale(instance, base):  # the first look misses the row another import has just written
        calls.append(base)
        return taken if len(calls) == 1 else real(instance, base)

    monkeypatch.setattr(newsroom.text, "unique_slug", stale)
    services.import_page(raw=SHORT_PAGE.replace("3月5日上午", "3月6日上午").encode(), year=2023)
    assert Article.objects.count() == 2 and len(calls) == 2


def test_a_page_of_more_than_300_items_is_refused_in_one_line(tmp_path):
    page = tmp_path / "dump.txt"
    page.write_text("\n".join(f"本报讯 3月{i % 28 + 1}日，城关镇召开会议。" for i in range(301)), encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        run(str(page), "--year", "2023")
    assert excinfo.value.returncode == 2 and "300" in str(excinfo.value) and "\n" not in str(excinfo.value)
    assert all(n == 0 for n in table_counts().values())


def test_an_unmigrated_database_is_told_to_run_migrate(monkeypatch):
    from articles.management.commands import import_page as command

    monkeypatch.setattr(command.connection.introspection, "table_names", lambda *a, **k: [])
    with pytest.raises(CommandError) as excinfo:
        run(str(SEED), "--year", "2023")
    assert excinfo.value.returncode == 2
    assert "manage.py migrate" in str(excinfo.value) and "\n" not in str(excinfo.value)


POSITIONS_PAGE = """本报讯 2月12日，高新区召开2023年度党组织书记抓基层党建专项述职评议会。高新区党工委书记张红军主持会议，郑州市委组织部副部长宋紫谦出席。
记者 李明

本报讯 2月13日，区党工委书记张红军到企业调研，区党工委副书记刘强陪同。
记者 李明
"""


def test_positions_belong_to_organizations_and_short_forms_resolve_on_the_page():
    services.import_page(raw=POSITIONS_PAGE.encode(), issue_date=dt.date(2023, 2, 14))
    zhang = Person.objects.get(name="张红军")
    assert [(p.organization.name, p.title) for p in zhang.positions.select_related("organization")] == [
        ("高新区党工委", "书记")
    ]
    song = Person.objects.get(name="宋紫谦").positions.select_related("organization").get()
    assert (song.organization.name, song.title) == ("郑州市委组织部", "副部长")
    liu = Person.objects.get(name="刘强").positions.select_related("organization").get()
    assert (liu.organization.name, liu.title) == ("高新区党工委", "副书记")
    leaders = Organization.objects.get(name="高新区党工委").positions.values_list("person__name", "title")
    assert sorted(leaders) == [("刘强", "副书记"), ("张红军", "书记")]


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_page_at_once_on_postgresql(monkeypatch):
    """Really at once: two threads, each with its own connection, both past the look-up before either writes."""
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the race is PostgreSQL's")
    real, barrier, seen = services._imported_page, threading.Barrier(2, timeout=30), threading.local()

    def looked_up_together(checksum):
        if not getattr(seen, "done", False):
            seen.done = True
            found = real(checksum)
            barrier.wait()
            return found
        return real(checksum)

    monkeypatch.setattr(services, "_imported_page", looked_up_together)
    outcomes = []

    def run_import():
        try:
            import_variants()
            outcomes.append("imported")
        except services.PageError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_import) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes) == sorted(["imported", services.SAME_PAGE_AT_ONCE])
    assert SourcePage.objects.count() == 1 and Article.objects.count() == 5


def test_a_meeting_over_several_days_keeps_its_last_day():
    page = """区人大常委会召开第十五次会议

本报讯（记者 孙庆辉）9月20日至21日，区人大常委会第十五次会议召开。区人大常委会主任郭程明主持会议。
会议听取了区政府关于全区安全生产工作情况的报告。
"""
    services.import_page(raw=page.encode(), issue_date=dt.date(2023, 9, 22), page_number=1)
    meeting = Meeting.objects.get()
    assert (meeting.date, meeting.end_date) == (dt.date(2023, 9, 20), dt.date(2023, 9, 21))
    assert meeting.chair.name == "郭程明"


BRIEFS_PAGE = """本报讯（记者 鲍文静）9月22日，我区2023年中国农民丰收节庆祝活动在马庄村举行，区委书记贝振华出席。

短讯
■9月21日，区税务局开展便民办税宣传进企业活动，为企业送去最新税费优惠政策。（孙丽）
▲9月21日，区图书馆举办读书分享会，30余名读者分享了阅读心得。
（毛雅琴 伍佳）
"""


def test_a_bare_credit_closing_a_short_item_is_stored_as_its_reporters():
    services.import_page(raw=BRIEFS_PAGE.encode(), issue_date=dt.date(2023, 9, 23))
    first, tax, library = Article.objects.order_by("position_on_page")
    assert [(c.person.name, c.role) for c in tax.credits.select_related("person")] == [("孙丽", CreditRole.REPORTER)]
    assert [c.person.name for c in library.credits.select_related("person")] == ["毛雅琴", "伍佳"]
    assert "孙丽" not in tax.body and "毛雅琴" not in library.body
    # a festival is no person, the secretary is
    assert list(first.mentions.values_list("person__name", flat=True)) == ["贝振华"]
    assert not Person.objects.filter(name__contains="丰收").exists()


@pytest.mark.parametrize(("flags", "shown"), [((), False), (("--progress",), True), (("--progress", "--quiet"), False)])
def test_progress_bars_only_on_a_terminal_or_when_asked_and_never_when_quiet(tmp_path, flags, shown):
    """stderr here is not a terminal: no bar unless --progress; --quiet wins. The summary is printed anyway."""
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(SHORT_PAGE, encoding="utf-8")
    out, err = run(str(tmp_path), "--year", "2023", *flags)
    assert ("2/2" in err) is shown
    assert out.count("合计：2 个版面") == 1
