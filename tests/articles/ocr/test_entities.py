from articles.ocr.entities import (
    KnownPeople,
    PeopleFinder,
    find_meetings,
    find_organizations,
    name_at,
    organization_of,
    plausible_name,
    title_before,
)
from articles.ocr.types import KnownPerson, ParsedPerson


def people(paragraphs, **kwargs):
    finder = PeopleFinder(kwargs.pop("known_people", ()), kwargs.pop("known_organizations", ()))
    return [(p.name, p.title, p.role) for p in finder.find(paragraphs, **kwargs)]


def names(paragraphs, **kwargs):
    return [p[0] for p in people(paragraphs, **kwargs)]


def test_title_anchored_with_role():
    assert people(["会议由区党工委书记张红军主持。"]) == [("张红军", "区党工委书记", "主持")]


def test_title_spans_a_whole_enumeration():
    text = (
        "高新区党工委书记张红军会见应急管理部灭火救援专家组成员、中国安全产业协会副会长、"
        "中国消防协会常务理事、中国无人系统安全专业委员会主委吴志强，并就项目合作进行座谈。"
    )
    assert people([text]) == [
        ("张红军", "高新区党工委书记", "会见"),
        (
            "吴志强",
            "应急管理部灭火救援专家组成员、中国安全产业协会副会长、中国消防协会常务理事、中国无人系统安全专业委员会主委",
            "",
        ),
    ]


def test_list_of_titled_people_each_gets_own_title_and_shared_role():
    text = "开放创新工作领导小组副组长兼办公室主任郑彦松、中国矿业大学深圳研究院院长袁狄平、河南省消防协会会长王建刚参加座谈。"
    assert people([text]) == [
        ("郑彦松", "开放创新工作领导小组副组长兼办公室主任", "参加"),
        ("袁狄平", "中国矿业大学深圳研究院院长", "参加"),
        ("王建刚", "河南省消防协会会长", "参加"),
    ]


def test_leader_list():
    assert people(["区领导古冰涛、侯建华、郑侃参加活动。"]) == [
        ("古冰涛", "区领导", "参加"),
        ("侯建华", "区领导", "参加"),
        ("郑侃", "区领导", "参加"),
    ]
    assert names(["张伟、李娜等市领导出席。"]) == ["张伟", "李娜"]


def test_title_after_name():
    assert people(["阳文彬是云台镇综合执法大队干部，他介绍了情况。"]) == [
        ("阳文彬", "云台镇综合执法大队干部", "")
    ]


def test_compound_surnames():
    assert people(["区应急管理局局长司马光荣通报了情况。管委会副主任欧阳晓明主持会议。"]) == [
        ("司马光荣", "区应急管理局局长", "汇报"),
        ("欧阳晓明", "管委会副主任", "主持"),
    ]


def test_two_and_three_character_names_after_titles():
    assert names(["三磨所总经理助理孙兆达有关筹备工作的汇报。"]) == ["孙兆达"]
    assert names(["河南工业大学高新产业技术研究院院长栗正新、书记郑侃参加。"]) == ["栗正新", "郑侃"]
    assert names(["副处长宋紫谦到会指导。"]) == ["宋紫谦"]


def test_speech_verb_with_bare_name():
    assert names(["李明华表示，要抓好落实。"]) == ["李明华"]


def test_propagation_within_the_article():
    paras = ["会议由区党工委书记张红军主持。", "每位书记述职后，张红军逐一作了点评。"]
    finder = PeopleFinder()
    found = finder.find(paras)
    assert [p.name for p in found] == ["张红军"]
    # and on later articles of the same page, even without a title
    assert [p.name for p in finder.find(["会见前，张红军带领考察团参观。"])] == ["张红军"]
    assert [p.name for p in PeopleFinder().find(["会见前，张红军带领考察团参观。"])] == []


def test_known_person_is_recognised_anywhere():
    text = ["在张红军的带领下，企业代表参观了展区。"]
    assert names(text) == []
    assert names(text, known_people=[KnownPerson("张红军")]) == ["张红军"]


def test_known_journalists_and_byline_staff_are_not_people():
    text = ["区长孙庆辉出席。副区长李明出席。"]
    assert names(text, exclude={"孙庆辉"}) == ["李明"]
    assert names(text, known_people=[KnownPerson("李明", is_journalist=True)]) == ["孙庆辉"]


def test_common_words_are_never_people():
    text = [
        "此次大会已获得工信部的大力支持。引进国内外知名院士、专家学者、杰出青年等优秀人才。",
        "康佳集团相关负责人介绍了公司的基本情况。康佳表示将加大投入。高新区表示欢迎。",
        "推动金刚石期货产品挂牌。双方表示要加强合作。文件指出，通知要求各单位落实。",
        "高新区党（工）委（党组）书记述职评议。党组书记进行书面述职，纪委书记和分管党建的副职参会。",
        "局长向大家介绍了情况。书记高度重视。",
    ]
    assert names(text) == []


def test_name_at_and_plausible_name():
    assert name_at("张红军主持会议", 0) == "张红军"
    assert name_at("郑侃参加", 0) == "郑侃"
    assert name_at("李华为表示", 0) == "李华"
    assert name_at("和分管党建", 0) is None
    assert plausible_name("欧阳晓明")
    assert not plausible_name("高新区")
    assert not plausible_name("大力支持")


def test_title_before_and_organization_of():
    text = "会议由区党工委书记张红军主持"
    assert title_before(text, text.index("张红军")) == "区党工委书记"
    text = "郭程明会见康佳集团上海康佳实业有限公司投资发展部总经理岳志铭一行"
    assert title_before(text, text.index("岳志铭")) == "康佳集团上海康佳实业有限公司投资发展部总经理"
    assert organization_of("郑州市委组织部组织三处副处长") == "郑州市委组织部组织三处"
    assert organization_of("开放创新工作领导小组副组长兼办公室主任") == "开放创新工作领导小组"
    assert organization_of("三磨所总经理助理") == "三磨所"
    assert organization_of("区领导") == ""


def test_organizations():
    paras = [
        "郭程明会见康佳集团上海康佳实业有限公司投资发展部总经理岳志铭一行。",
        "并就与中铁安全技术集团有限公司项目合作事宜进行座谈。中国矿业大学深圳研究院院长袁狄平参加。",
        "市商务局、区核心板块项目指挥部、投资促进中心相关负责人参加会见。产业布局高度契合，围绕中心、服务大局。",
        "筹划建立以培育钻石为主的交易场所，依托行业协会导入应急救援产业。",
    ]
    orgs = find_organizations(paras, people=["郭程明", "岳志铭", "袁狄平"])
    assert orgs == [
        "康佳集团",
        "上海康佳实业有限公司",
        "中铁安全技术集团有限公司",
        "中国矿业大学深圳研究院",
        "市商务局",
        "区核心板块项目指挥部",
        "投资促进中心",
    ]


def test_known_organizations_are_found():
    assert "中船重工" in find_organizations(["为中船重工等头部企业提供方案。"], ["中船重工"])


def test_meetings():
    paras = [
        "2月12日，郑州高新区组织召开2022年度党（工）委（党组）书记抓基层党建述职评议会，深入学习。",
        "会议由区党工委书记张红军主持。要开展“三标”活动，举办人才引进签约专场活动。",
    ]
    found = find_meetings(paras, [ParsedPerson("张红军", "区党工委书记", "主持")])
    assert [(m.name, m.kind, m.chair) for m in found] == [
        ("2022年度党（工）委（党组）书记抓基层党建述职评议会", "会议", "张红军")
    ]


def test_list_after_a_title_and_rare_surnames_in_leader_lists():
    assert people(["副主任孟庆、侯丽娟、司马南出席。"]) == [
        ("孟庆", "副主任", "出席"),
        ("侯丽娟", "副主任", "出席"),
        ("司马南", "副主任", "出席"),
    ]
    assert names(["县领导寄国庆、邵俊、马丽出席会议。"]) == ["寄国庆", "邵俊", "马丽"]


def test_name_without_known_follower_uses_jieba_boundary():
    assert names(["社区网格员欧阳春梅像往常一样走进居民家中。"]) == ["欧阳春梅"]
    assert people(["82岁的居民汤淑珍老人说。"]) == [("汤淑珍", "居民", "")]


def test_known_person_with_rare_surname_gets_the_printed_title():
    found = people(["区委常委、宣传部部长乜小红出席。"], known_people=[KnownPerson("乜小红")])
    assert found == [("乜小红", "区委常委、宣传部部长", "出席")]


# Issue 13, point 4: people in the forms real pages print them.


def test_every_name_of_a_list_after_one_title_gets_it():
    assert people(["县领导韩建国、齐振华、蒋丽、苗青出席活动。"]) == [
        ("韩建国", "县领导", "出席"), ("齐振华", "县领导", "出席"), ("蒋丽", "县领导", "出席"), ("苗青", "县领导", "出席"),
    ]
    assert [p[:2] for p in people(["市人大代表视察团来我区视察，区人大常委会副主任郝明、贺丽君、邓志远陪同。"])] == [
        ("郝明", "区人大常委会副主任"), ("贺丽君", "区人大常委会副主任"), ("邓志远", "区人大常委会副主任"),
    ]


def test_a_name_stops_at_its_end():
    assert names(["区委书记易超针对安全生产工作提出要求。"]) == ["易超"]


def test_a_title_never_spans_a_verb_or_what_came_before():
    assert people(["深圳市考察团一行与华厦集团董事长尹志坚座谈交流。"])[0][:2] == ("尹志坚", "华厦集团董事长")


def test_a_name_printed_before_its_title():
    assert people(["张红军书记在调研时强调，要压实责任。"])[0][:2] == ("张红军", "书记")
    assert people(["李强总理在国务院常务会议上指出，要稳住经济大盘。"])[0][:2] == ("李强", "总理")


def test_led_by_chain():
    assert people(["由市委常委、副市长龚建平率领的考察团来我区考察。"])[0][:2] == ("龚建平", "市委常委、副市长")


def test_organization_abbreviations_are_never_people():
    assert names(["区人大、区政协领导参加活动。区委书记强调，要抓好落实。"]) == []


# Issue 13, point 5: meetings in their common forms.


def meetings(text, people_found=()):
    return [(m.name, m.chair) for m in find_meetings([text], list(people_found))]


def test_a_numbered_session_is_named_with_the_body_that_met():
    chair = ParsedPerson("陶然", "区政协主席", "主持")
    assert meetings("区政协十届二次会议主席团召开第四次会议，会议由区政协主席陶然主持。", [chair]) == [
        ("区政协十届二次会议主席团第四次会议", "陶然")
    ]


def test_a_meeting_that_is_the_subject_of_its_sentence():
    assert meetings("9月20日至21日，区第十二届人民代表大会第三次会议召开。") == [("区第十二届人民代表大会第三次会议", "")]


def test_a_named_review_meeting_and_its_chair():
    chair = ParsedPerson("张红军", "区党工委书记", "主持")
    assert meetings("高新区召开2023年度党组织书记抓基层党建专项述职评议会，区党工委书记张红军主持。", [chair]) == [
        ("2023年度党组织书记抓基层党建专项述职评议会", "张红军")
    ]


def test_festivals_fairs_and_matches_are_never_people():
    text = (
        "9月21日，我区2023年中国农民丰收节庆祝活动在马庄村举行。丰收节主持人介绍，龙舟赛表示欢迎，"
        "展销会指出，宣传周期间，首届农民运动会、龙湖杯篮球赛相继举行。龙舟赛组委会主任张明说，比赛吸引了20支队伍。"
    )
    assert people([text]) == [("张明", "龙舟赛组委会主任", "")]
    assert not plausible_name("丰收节") and not plausible_name("龙舟赛") and not plausible_name("展销会")
    assert plausible_name("李华") and plausible_name("李季") and plausible_name("张展")


def test_places_are_never_people():
    text = "白沙镇介绍了经验，钟楼街道表示支持，朱仙镇指出，常庄水库介绍，洛阳表示，黄河说，孟庄镇副镇长石磊介绍。"
    assert names([text]) == ["石磊"]


def test_a_name_before_its_title_is_followed_by_whatever_follows_a_person():
    text = "李卫国主任带队检查消防安全。赵明县长陪同调研。孙立新书记就下一步工作提出要求。"
    assert people([text]) == [("李卫国", "主任", ""), ("赵明", "县长", "陪同"), ("孙立新", "书记", "")]


def test_a_title_after_a_name_is_not_a_county_of_that_name():
    # 周正县长: 周正 is a name here, not a county 周正县 (a real 县 is followed by its organs, not a title)
    assert names(["周正县长就做好教育工作提出要求。"]) == ["周正"]
    assert names(["汝阳县委召开会议。"]) == []


def test_national_leaders_titles_follow_the_name_wherever_it_stands():
    text = "会议传达学习习近平总书记重要讲话精神，国务院总理强调的工作要求，会见了李强总理。"
    assert [(name, title) for name, title, _ in people([text])] == [("习近平", "总书记"), ("李强", "总理")]


def test_trades_and_the_people_an_item_meets_are_titles():
    text = "县气象局预报员马晓丽提醒，店主刘建华笑着说，老顾客钱大勇说，消防员陈立新示范。"
    assert people([text]) == [
        ("马晓丽", "县气象局预报员", ""), ("刘建华", "店主", ""), ("钱大勇", "老顾客", ""), ("陈立新", "消防员", "")
    ]


def test_the_organization_of_a_position_is_the_title_without_its_last_titles():
    assert organization_of("高新区党工委书记") == "高新区党工委"
    assert organization_of("区党工委副书记、管委会主任") == "区党工委"
    assert organization_of("郑州市科学技术局副局长") == "郑州市科学技术局"
    assert organization_of("县委常委、副县长") == "县委"
    assert organization_of("首席预报员") == ""


def test_a_list_before_its_title_may_open_with_a_conjunction():
    text = "县政协原副主席鲍正清，以及杭国庆、鞠晓燕等县领导出席会议。市领导王建新和李卫东、赵红梅等市领导参加。"
    assert people([text]) == [
        ("鲍正清", "县政协原副主席", ""), ("杭国庆", "县领导", "出席"), ("鞠晓燕", "县领导", "出席"),
        ("王建新", "市领导", "参加"), ("李卫东", "市领导", "参加"), ("赵红梅", "市领导", "参加"),
    ]


def test_known_people_are_prepared_once_and_found_alike():
    """An import run hands every page one KnownPeople: taken as it is, it finds what the list of people finds; a
    journalist's name is known but never indexed as a person to find, and the last entry of a name counts."""
    listed = [KnownPerson("张红军"), KnownPerson("孙庆辉"), KnownPerson("孙庆辉", is_journalist=True), KnownPerson("李")]
    known = KnownPeople(listed)
    assert KnownPeople.of(known) is known and list(known) == listed and len(known) == 4
    assert known.names == {"张红军", "孙庆辉", "李"} and known.person_names == {"张红军", "孙庆辉"}
    assert known.journalists == {"孙庆辉"} and known.index == {"张红": ["张红军"]}
    text = ["区委书记张红军主持会议，记者孙庆辉报道。"]
    assert names(text, known_people=known) == names(text, known_people=listed) == ["张红军"]
