import datetime as dt
import re

import pytest

from articles.ocr import KnownPeople, KnownPerson, KnownTopic, PageError, decode_page, parse_page

SEED_PEOPLE = [
    [("张红军", "区党工委书记", "主持"), ("宋紫谦", "郑州市委组织部组织三处副处长", "点评")],
    [
        ("张红军", "高新区党工委书记", "会见"),
        (
            "吴志强",
            "应急管理部灭火救援专家组成员、中国安全产业协会副会长、中国消防协会常务理事、中国无人系统安全专业委员会主委",
            "",
        ),
        ("郑彦松", "开放创新工作领导小组副组长兼办公室主任", "参加"),
        ("袁狄平", "中国矿业大学深圳研究院院长", "参加"),
        ("王建刚", "河南省消防协会会长", "参加"),
    ],
    [
        ("郭程明", "高新区党工委副书记、管委会主任", "会见"),
        ("岳志铭", "康佳集团上海康佳实业有限公司投资发展部总经理", ""),
    ],
    [
        ("王德敏", "高新区党工委副书记", "主持"),
        ("栗正新", "河南工业大学高新产业技术研究院院长", "汇报"),
        ("孙兆达", "三磨所总经理助理", "汇报"),
    ],
]


# ---------------------------------------------------------------------------------------------------
# The seed page


def test_seed_articles_dates_and_paragraphs(seed_page):
    arts = seed_page.articles
    assert len(arts) == 4
    assert [a.date for a in arts] == [dt.date(2023, 2, 12), dt.date(2023, 2, 3), dt.date(2023, 2, 9), dt.date(2023, 2, 8)]
    assert [a.time_of_day for a in arts] == ["上午", "下午", "下午", "上午"]
    assert [a.date_text for a in arts] == ["2月12日", "2月3日下午", "2月9日下午", "2月8日上午"]
    assert [len(a.paragraphs) for a in arts] == [9, 4, 4, 3]


def test_seed_year_only_gives_the_same_dates(seed_text):
    page = parse_page(seed_text, year=2023)
    assert [a.date.isoformat() for a in page.articles] == ["2023-02-12", "2023-02-03", "2023-02-09", "2023-02-08"]


def test_seed_headline_belongs_to_first_article(seed_page):
    first = seed_page.articles[0]
    assert first.kicker == "坚持大抓基层的鲜明导向"
    assert first.title == "有力推动基层党建工作全面提质"
    assert first.subtitle == "高新区党（工）委（党组）书记述职评议“交答卷”"
    assert not first.title_is_generated
    for art in seed_page.articles[1:]:
        assert not art.kicker and not art.subtitle


def test_seed_generated_titles(seed_page):
    arts = seed_page.articles
    assert [a.title for a in arts[1:]] == [
        "张红军会见吴志强一行",
        "郭程明会见岳志铭一行",
        "王德敏主持召开2023世界金刚石大会总体方案汇报会",
    ]
    for art in arts[1:]:
        assert art.title_is_generated
        assert any("标题" in note for note in art.needs_review)
    assert not any("标题" in note for note in arts[0].needs_review)


def test_seed_bylines(seed_page):
    got = [[(c.name, c.role) for c in a.credits] for a in seed_page.articles]
    assert got == [
        [("孙庆辉", "文/图")],
        [("孙庆辉", "记者"), ("王彦凯", "通讯员"), ("邵泳淇", "通讯员")],
        [("孙庆辉", "记者"), ("杨斯捷", "通讯员")],
        [("孙庆辉", "记者"), ("寄静媛", "通讯员")],
    ]
    j = seed_page.articles[0].to_json()
    assert j["reporters"] == ["孙庆辉"] and j["photographers"] == ["孙庆辉"] and j["correspondents"] == []


def test_seed_people_exactly(seed_page):
    got = [[(p.name, p.title, p.role) for p in a.people] for a in seed_page.articles]
    assert got == SEED_PEOPLE


def test_seed_no_other_people(seed_page):
    all_names = {p.name for a in seed_page.articles for p in a.people}
    assert all_names == {"张红军", "宋紫谦", "吴志强", "郑彦松", "袁狄平", "王建刚", "郭程明", "岳志铭", "王德敏", "栗正新", "孙兆达"}
    for bad in ("孙庆辉", "康佳", "大力支持", "杰出青年", "高新", "金刚石", "寄静媛"):
        assert bad not in all_names


def test_seed_meetings(seed_page):
    meetings = [(i, m.name, m.kind, m.date, m.time_of_day, m.chair) for i, a in enumerate(seed_page.articles) for m in a.meetings]
    assert meetings == [
        (0, "2022年度党（工）委（党组）书记抓基层党建述职评议会", "会议", dt.date(2023, 2, 12), "上午", "张红军"),
        (3, "2023世界金刚石大会总体方案汇报会", "会议", dt.date(2023, 2, 8), "上午", "王德敏"),
    ]


def test_seed_organizations(seed_page):
    orgs = [a.organizations for a in seed_page.articles]
    assert "郑州市委组织部" in orgs[0]
    for name in ("中铁安全技术集团有限公司", "中国矿业大学深圳研究院", "应急管理部", "中国安全产业协会", "河南省消防协会"):
        assert name in orgs[1]
    for name in ("康佳集团", "上海康佳实业有限公司", "市商务局", "投资促进中心"):
        assert name in orgs[2]
    for name in ("河南工业大学高新产业技术研究院", "三磨所", "工信部"):
        assert name in orgs[3]
    everything = {o for lst in orgs for o in lst}
    assert not everything & {"产业布局", "超前布局", "交易场所", "行业协会", "头部", "围绕中心", "公司"}


def test_seed_paragraphs_are_clean(seed_page):
    text = "\n".join(p for a in seed_page.articles for p in a.paragraphs)
    assert "2月3日下午" in text
    assert "高新区5个办事处" in text
    assert "基层治理做得更实" in text  # column break inside a sentence
    assert "副秘书长" in text and "介绍。康佳集团" in text
    assert not re.search(r"[\u4e00-\u9fff\d，。] | [\u4e00-\u9fff\d，。]", text)
    for junk in ("本报讯", "孙庆辉", "文/图", "通讯员", "鲜明导向有力", "交答卷", "\n"):
        assert all(junk not in p for a in seed_page.articles for p in a.paragraphs), junk
    assert seed_page.articles[0].paragraphs[0].startswith("2月12日，郑州高新区利用周日一上午")
    assert seed_page.articles[0].paragraphs[-1].endswith("政协委员参会。")


def test_seed_json_shape(seed_page):
    doc = seed_page.to_json()
    assert set(doc) == {"articles", "residue"}
    assert doc["residue"] == []
    first = doc["articles"][0]
    assert first["date"] == "2023-02-12"
    assert first["meetings"][0]["chair"] == "张红军"
    assert first["people"][0] == {"name": "张红军", "title": "区党工委书记", "role": "主持"}


def test_seed_from_gbk_bytes(seed_text):
    text, enc = decode_page(seed_text.encode("gb18030"))
    assert enc == "gb18030"
    page = parse_page(text, year=2023)
    assert [len(a.paragraphs) for a in page.articles] == [9, 4, 4, 3]


# ---------------------------------------------------------------------------------------------------
# A composed page: bracketed bylines, run-together names, lists, web punctuation, relative dates,
# headline blocks before articles, compound surnames, a known person, negative cases.


def test_composed_structure(composed_page):
    arts = composed_page.articles
    assert len(arts) == 4
    assert [len(a.paragraphs) for a in arts] == [2, 2, 2, 2]
    assert [a.date for a in arts] == [dt.date(2023, 3, 14), dt.date(2023, 3, 14), None, dt.date(2023, 3, 11)]
    assert [a.time_of_day for a in arts] == ["上午", "晚上", "", ""]
    assert any("日前" in note for note in arts[2].needs_review)


def test_composed_headlines(composed_page):
    a1, a2, a3, a4 = composed_page.articles
    assert (a1.kicker, a1.title, a1.subtitle) == ("", "高新区召开安全生产工作会议", "全面压实企业主体责任")
    # printed after article 3's byline, but it is about article 4
    assert (a4.kicker, a4.title, a4.subtitle) == ("务实合作结硕果", "高新区企业亮相AI产业博览会", "")
    assert a2.title_is_generated and a2.title == "郑州市数字经济讲座在高新区创新大厦举行"
    assert a3.title_is_generated and a3.kicker == ""


def test_composed_bylines(composed_page):
    got = [[(c.name, c.role) for c in a.credits] for a in composed_page.articles]
    assert got == [
        [("李明", "记者"), ("王芳", "通讯员")],
        [("张三", "记者"), ("李四", "通讯员"), ("王五", "通讯员")],
        [("戴忠祥", "通讯员"), ("邱新玲", "通讯员")],
        [("赵敏", "文/图")],
    ]
    assert composed_page.articles[0].source_line == "本报讯（记者 李明 通讯员 王芳）"
    assert all(not p.startswith(("（", "(", "【")) for a in composed_page.articles for p in a.paragraphs[:1])


def test_composed_people(composed_page):
    got = [[(p.name, p.title, p.role) for p in a.people] for a in composed_page.articles]
    assert got == [
        [
            ("欧阳晓明", "区党工委副书记、管委会副主任", "主持"),
            ("古冰涛", "区领导", "参加"),
            ("侯建华", "区领导", "参加"),
            ("郑侃", "区领导", "参加"),
            ("司马光荣", "区应急管理局局长", "汇报"),
        ],
        [("刘建华", "河南大学经济学院教授", ""), ("马红军", "市科技局副局长", "出席")],
        [("阳文彬", "云台镇综合执法大队干部", "")],
        [],  # 张红军 is not known yet, and has no title here
    ]


def test_composed_known_person(composed_text):
    page = parse_page(composed_text, issue_date=dt.date(2023, 3, 15), known_people=[KnownPerson("张红军")])
    assert [p.name for p in page.articles[3].people] == ["张红军"]


def test_a_page_parses_alike_whatever_else_is_known(composed_text):
    """Confirmed people who are not on the page change nothing (their names go into the splitter's memos' keys
    and the people finder's index), whether passed as a list or prepared as an import run prepares them."""
    known = [KnownPerson("张红军"), KnownPerson("孙庆辉", is_journalist=True)]
    others = [KnownPerson(f"{s}{g}") for s in "欧阳司马上官诸葛" for g in ("子墨", "若溪", "一鸣", "书瑶")]
    alone = parse_page(composed_text, issue_date=dt.date(2023, 3, 15), known_people=known)
    crowded = parse_page(composed_text, issue_date=dt.date(2023, 3, 15), known_people=[*others, *known])
    prepared = parse_page(composed_text, issue_date=dt.date(2023, 3, 15), known_people=KnownPeople([*others, *known]))
    assert alone.as_dict() == crowded.as_dict() == prepared.as_dict()


def test_composed_web_punctuation_and_spaces(composed_page):
    a2 = composed_page.articles[1]
    assert a2.paragraphs[0].startswith("昨晚，郑州市数字经济讲座在高新区创新大厦举行，河南大学")
    assert "2023中国（郑州）AI产业博览会" in composed_page.articles[3].paragraphs[0]


def test_composed_organizations(composed_page):
    orgs = [a.organizations for a in composed_page.articles]
    assert "区应急管理局" in orgs[0]
    assert "河南大学经济学院" in orgs[1] and "市科技局" in orgs[1]
    assert "康佳集团" in orgs[2]
    assert "深圳市人工智能行业协会" in orgs[3]


def test_composed_meeting(composed_page):
    m = composed_page.articles[0].meetings
    assert [(x.name, x.chair, x.date) for x in m] == [("2023年安全生产工作会议", "欧阳晓明", dt.date(2023, 3, 14))]


# ---------------------------------------------------------------------------------------------------
# Topics, errors, purity


def test_topics(seed_text):
    topics = [
        KnownTopic("党的建设", ("党建", "基层党组织", "述职评议")),
        KnownTopic("招商引资", ("招商", "投资", "项目合作", "签约")),
        KnownTopic("体育", ("足球", "篮球")),
    ]
    page = parse_page(seed_text, year=2023, known_topics=topics)
    assert page.articles[0].topics[0] == "党的建设"
    assert "招商引资" in page.articles[1].topics
    assert all("体育" not in a.topics for a in page.articles)


@pytest.mark.parametrize("text", ["", "今天天气很好。", "本报记者 孙庆辉\n坚持大抓基层"])
def test_no_marker_raises(text):
    with pytest.raises(PageError, match="本报讯"):
        parse_page(text)


def test_deterministic(seed_text):
    a = parse_page(seed_text, year=2023).to_json()
    b = parse_page(seed_text, year=2023).to_json()
    assert a == b


def test_bracket_marker_and_run_together_lead_byline():
    text = "【本报讯】（记者 李明）3月5日至7日，区长王建国带队赴深圳考察。\n"
    art = parse_page(text, issue_date=dt.date(2023, 3, 10)).articles[0]
    assert art.date == dt.date(2023, 3, 5)
    assert [(c.name, c.role) for c in art.credits] == [("李明", "记者")]
    assert [(p.name, p.title) for p in art.people] == [("王建国", "区长")]
    assert art.paragraphs == ["3月5日至7日，区长王建国带队赴深圳考察。"]


def test_feature_without_marker_opens_with_its_byline():
    text = (
        "本报讯 3月1日，某区召开会议，部署全年工作。\n记者 王五\n\n"
        "守护一库清水的志愿者\n本报记者 邢剑 通讯员 付春\n"
        "清晨，在水库岸边，一群志愿者正在捡拾垃圾。队长令狐婷婷说，\n"
        "大家每周都来。\n"
    )
    page = parse_page(text, issue_date=dt.date(2023, 3, 2))
    assert len(page.articles) == 2
    feature = page.articles[1]
    assert feature.source_line == ""
    assert feature.title == "守护一库清水的志愿者"
    assert [(c.name, c.role) for c in feature.credits] == [("邢剑", "记者"), ("付春", "通讯员")]
    assert [p.name for p in feature.people] == ["令狐婷婷"]
    assert feature.time_of_day == "" and feature.date is None
    assert [p.name for p in page.articles[0].people] == []


def test_lead_bracket_broken_inside_a_word():
    text = "本报讯（记者 栗文静 通讯\n员 孙浩）3月6日，镇党委书记邵明远带队赴郑州考察。\n"
    art = parse_page(text, year=2023).articles[0]
    assert [(c.name, c.role) for c in art.credits] == [("栗文静", "记者"), ("孙浩", "通讯员")]
    assert art.paragraphs == ["3月6日，镇党委书记邵明远带队赴郑州考察。"]


def test_names_that_read_as_words_need_strong_evidence():
    text = (
        "本报讯 3月6日，区应急管理局副局长甘露要求，各企业要落实责任。区长栗明会见了华能集团江苏分公司"
        "总经理黄山一行。记者走进居民家中，了解情况。\n"
    )
    art = parse_page(text, year=2023).articles[0]
    assert [(p.name, p.title) for p in art.people] == [
        ("甘露", "区应急管理局副局长"),
        ("栗明", "区长"),
        ("黄山", "华能集团江苏分公司总经理"),
    ]


# ---------------------------------------------------------------------------------------------------
# Items beyond 本报讯 (issue 13): every item its own article, furniture off, nothing lost.


def page_of(*blocks: str, issue_date=dt.date(2023, 11, 11)):
    return parse_page("\n\n".join(blocks), issue_date=issue_date)


def shape(page):
    return [(a.kind, a.title, a.source_line) for a in page.articles]


WIRE = (
    "习近平同中非共和国总统会谈\n\n新华社北京10月19日电（记者 孙奕、冯歆然）国家主席习近平19日在人民大会堂同来华进行国事访问"
    "的中非共和国总统图瓦德拉举行会谈。"
)
MARKER = "本报讯（记者 李明）11月10日上午，区委书记张红军主持召开区委常委会会议，研究部署下一步工作。"


def test_wire_item_above_the_first_marker_is_its_own_article():
    page = page_of(WIRE, "区委常委会召开会议\n" + MARKER)
    wire, local = page.articles
    assert (wire.title, wire.kicker, wire.subtitle) == ("习近平同中非共和国总统会谈", "", "")
    assert wire.source_line == "新华社北京10月19日电（记者孙奕、冯歆然）"
    assert [(c.name, c.role) for c in wire.credits] == [("孙奕", "记者"), ("冯歆然", "记者")]
    assert wire.date == dt.date(2023, 10, 19)
    assert wire.paragraphs[0].startswith("国家主席习近平19日")
    assert local.title == "区委常委会召开会议" and local.source_line == "本报讯（记者 李明）"


def test_item_closed_by_its_bracketed_byline_is_not_merged_into_the_one_before():
    page = page_of(
        MARKER,
        "市人大代表视察民生实事项目\n11月9日，市人大常委会组织部分市人大代表视察全市民生实事项目推进情况。\n"
        "（记者 王建军 通讯员 赵磊）",
    )
    assert len(page.articles) == 2
    item = page.articles[1]
    assert item.title == "市人大代表视察民生实事项目" and item.source_line == ""
    assert [(c.name, c.role) for c in item.credits] == [("王建军", "记者"), ("赵磊", "通讯员")]
    assert item.date == dt.date(2023, 11, 9)
    assert any("没有“本报讯”" in note for note in item.needs_review)
    assert "王建军" not in "".join(page.articles[0].paragraphs)


def test_item_after_a_closing_byline_starts_a_new_article():
    page = page_of(
        "本报讯 11月8日，城关镇召开秋季防火工作会议，安排部署森林防火工作。\n记者 孙丽 报道\n"
        "县政协委员调研乡村振兴工作\n\n11月9日，县政协组织部分委员到城关镇调研乡村振兴工作。\n记者 周涛"
    )
    first, second = page.articles
    assert [c.name for c in first.credits] == ["孙丽"]
    assert second.title == "县政协委员调研乡村振兴工作"
    assert [c.name for c in second.credits] == ["周涛"]
    assert second.paragraphs == ["11月9日，县政协组织部分委员到城关镇调研乡村振兴工作。"]


def test_item_opening_with_a_bracketed_byline():
    page = page_of(MARKER, "城关镇开展消防演练\n\n（记者 赵磊）11月9日，城关镇组织开展冬季消防应急演练。")
    item = page.articles[1]
    assert item.source_line == "（记者赵磊）" and item.title == "城关镇开展消防演练"
    assert [(c.name, c.role) for c in item.credits] == [("赵磊", "记者")]
    assert item.paragraphs == ["11月9日，城关镇组织开展冬季消防应急演练。"]


def test_all_media_reporters_under_a_headline():
    page = page_of(
        MARKER + "\n记者 李明",
        "守护一库清水的志愿者\n全媒体记者：邢剑 付春\n清晨，在水库岸边，一群志愿者正在捡拾垃圾。\n大家每周都来。",
    )
    feature = page.articles[1]
    assert feature.title == "守护一库清水的志愿者"
    assert [(c.name, c.role) for c in feature.credits] == [("邢剑", "记者"), ("付春", "记者")]


@pytest.mark.parametrize(
    "credit, expected",
    [
        ("记者 周涛 摄", [("周涛", "图")]),
        ("周涛/摄", [("周涛", "图")]),
        ("通讯员 赵磊 摄", [("赵磊", "图")]),
        ("记者 周涛 通讯员 赵磊 摄", [("周涛", "图"), ("赵磊", "图")]),
    ],
)
def test_photo_news_is_its_own_article_with_its_photographers(credit, expected):
    page = page_of(MARKER, f"金秋稻田收割忙\n图为11月8日，农民在城关镇东湖村驾驶收割机收割水稻。\n{credit}")
    assert shape(page)[1] == ("图片新闻", "金秋稻田收割忙", "")
    photo = page.articles[1]
    assert [(c.name, c.role) for c in photo.credits] == expected
    assert photo.date == dt.date(2023, 11, 8)
    assert page.articles[0].kind == "消息" and "图为" not in "".join(page.articles[0].paragraphs)


def test_short_news_column_gives_one_article_per_item():
    page = page_of(
        MARKER,
        "简讯\n■11月7日，区市场监管局开展冬季食品安全专项检查，共检查餐饮单位32家。\n"
        "▲11月8日，城关镇举办农村实用技术培训班，120余名农民参加培训。\n●11月9日，区图书馆开展“书香进社区”志愿服务活动。",
    )
    briefs = page.articles[1:]
    assert [a.kind for a in briefs] == ["简讯"] * 3
    assert [a.date for a in briefs] == [dt.date(2023, 11, 7), dt.date(2023, 11, 8), dt.date(2023, 11, 9)]
    assert briefs[0].title == "区市场监管局开展冬季食品安全专项检查" and briefs[0].title_is_generated
    assert "简讯" in page.furniture


def test_a_bare_credit_closing_a_short_item_is_its_byline_not_its_text():
    page = page_of(
        MARKER,
        "简讯\n■11月7日，区市场监管局开展冬季食品安全专项检查，共检查餐饮单位32家。（孙丽）\n"
        "▲11月8日，城关镇举办农村实用技术培训班，120余名\n农民参加培训。\n（李强 张伟）\n"
        "●11月9日，区图书馆开展“书香进社区”志愿服务活动（一期）。\n■11月10日，区档案馆开放日活动举行。\n（王芳）",
    )
    briefs = page.articles[1:]
    assert [[(c.name, c.role) for c in a.credits] for a in briefs] == [
        [("孙丽", "记者")], [("李强", "记者"), ("张伟", "记者")], [], [("王芳", "记者")]
    ]
    assert briefs[0].paragraphs == ["11月7日，区市场监管局开展冬季食品安全专项检查，共检查餐饮单位32家。"]
    assert briefs[0].byline == ["（孙丽）"]
    assert briefs[1].paragraphs == ["11月8日，城关镇举办农村实用技术培训班，120余名农民参加培训。"]
    assert briefs[2].paragraphs[0].endswith("（一期）。")  # a bracket inside the sentence is text
    assert not any(p.name in ("孙丽", "李强", "张伟") for a in briefs for p in a.people)


def test_a_bare_credit_before_the_next_items_headline_is_the_credit_not_the_headline():
    page = page_of(
        "●1月8日，区卫健委组织专\n家开展冬季流感防治知识讲座。\n（巫晓丹 韩冰）\n\n雪后道路畅通\n\n"
        "图为1月8日，环卫工人在解\n放路清扫积雪。\n记者 向阳 摄"
    )
    brief, photo = page.articles
    assert [c.name for c in brief.credits] == ["巫晓丹", "韩冰"] and brief.byline == ["（巫晓丹 韩冰）"]
    assert (photo.kicker, photo.title, photo.subtitle) == ("", "雪后道路畅通", "")


def test_a_bracketed_byline_broken_over_the_last_two_lines_closes_the_item():
    page = page_of(
        "本报讯 7月11日，南岗村农家\n书屋完成改造提升，新增图书2000\n余册。（记者 姬晓燕 通讯员 麻\n建军）",
        "本报讯 7月12日，北关社区举\n办纳凉晚会。（记者 宁远 通讯\n员 伍佳）",
    )
    assert [[(c.name, c.role) for c in a.credits] for a in page.articles] == [
        [("姬晓燕", "记者"), ("麻建军", "通讯员")], [("宁远", "记者"), ("伍佳", "通讯员")]
    ]
    assert [a.paragraphs for a in page.articles] == [
        ["7月11日，南岗村农家书屋完成改造提升，新增图书2000余册。"], ["7月12日，北关社区举办纳凉晚会。"]
    ]


def test_a_headline_as_wide_as_an_indented_line_is_a_headline_when_set_apart_over_an_item():
    # column 14 wide: the headline is 12, as wide as a paragraph's indented first line
    page = page_of(
        "一碗烩面里的乡愁\n\n全媒体记者：葛思远 岑露\n清晨六点，老城区西大街的\n一家烩面馆已经坐满了食客。店\n"
        "主甘国强一边拉面，一边和熟客\n打着招呼。\n\n区图书馆开展读书月活动啦\n\n8月25日，区图书馆启动读书\n"
        "月活动，为读者准备了丰富多彩\n的阅读推广活动。\n记者 卞文杰 报道"
    )
    assert [a.title for a in page.articles] == ["一碗烩面里的乡愁", "区图书馆开展读书月活动啦"]
    assert [[c.name for c in a.credits] for a in page.articles] == [["葛思远", "岑露"], ["卞文杰"]]
    assert page.articles[1].date == dt.date(2023, 8, 25)


def test_furniture_anywhere_is_taken_off_and_paragraphs_join_again():
    page = parse_page(
        "2023年11月11日 星期六 责任编辑：刘洋 第4版\n要闻\n区委常委会召开会议\n第4版\n"
        "本报讯（记者 李明）11月10日上午，区委书记张红军主持\n②7\n召开区委常委会会议，传达学习\n（下转第二版）\n"
        "全会精神。区领导王芳、刘强2023年11月11日星期六责任编辑：刘洋第4版、陈静出席会议。\n",
        issue_date=dt.date(2023, 11, 11),
    )
    (article,) = page.articles
    assert article.title == "区委常委会召开会议"
    assert article.paragraphs == [
        "11月10日上午，区委书记张红军主持召开区委常委会会议，传达学习全会精神。区领导王芳、刘强、陈静出席会议。"
    ]
    assert [p.name for p in article.people] == ["张红军", "王芳", "刘强", "陈静"]
    assert len(page.furniture) == 6
    assert page.residue == []


def test_headline_lines_nobody_claims_are_kept_as_the_page_residue():
    page = page_of(MARKER + "\n记者 李明", "下期预告")
    assert page.residue == ["下期预告"]
    assert page.to_json()["residue"] == ["下期预告"]
    assert any("残留" in note for note in page.articles[0].needs_review)


def test_a_page_of_wire_copy_only_is_a_page():
    assert shape(page_of(WIRE)) == [("消息", "习近平同中非共和国总统会谈", "新华社北京10月19日电（记者孙奕、冯歆然）")]


def test_a_page_of_more_than_300_items_is_refused_in_one_line():
    text = "\n".join(f"本报讯 11月{i % 28 + 1}日，城关镇召开会议。" for i in range(301))
    with pytest.raises(PageError, match="上限 300 篇") as exc:
        parse_page(text, year=2023)
    assert "\n" not in str(exc.value)
