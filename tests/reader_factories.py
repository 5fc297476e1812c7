"""A realistic seed for the reader site: four articles of 2023-02 as a district paper printed them.

``make_reader_seed()`` builds it with the factory functions and returns the rows by name, plus one draft and
one scheduled article that readers must never see. ``make_many_articles(n)`` adds plain articles for
pagination and query-count tests.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from articles.models import ArticleStatus
from tests.factories import (
    make_article,
    make_credit,
    make_meeting,
    make_mention,
    make_organization,
    make_person,
    make_position,
    make_source_page,
    make_topic,
)

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(day: str, hour: int = 6) -> dt.datetime:
    """2023-02-13 -> 2023-02-13 06:00 in Beijing time."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=SHANGHAI)


def make_reader_seed() -> SimpleNamespace:
    s = SimpleNamespace()

    # Organizations
    s.gxq = make_organization("郑州高新区", short_name="高新区", kind="government", confirmed=True)
    s.dgw = make_organization("郑州高新区党工委", short_name="区党工委", kind="party", parent=s.gxq, confirmed=True)
    s.gwh = make_organization("郑州高新区管委会", short_name="区管委会", kind="government", parent=s.gxq, confirmed=True)
    s.cumt = make_organization("中国矿业大学深圳研究院", kind="university", confirmed=True)
    s.zhongan = make_organization("河南中安应急科技有限公司", short_name="中安应急", kind="enterprise", confirmed=True)
    s.unused_org = make_organization("郑州高新区档案馆", kind="institution")

    # Topics
    s.dangjian = make_topic("党建", description="基层党组织建设、党委书记述职。")
    s.zhaoshang = make_topic("招商引资", description="项目洽谈、签约落地、企业考察。")
    s.yingji = make_topic("应急安全", description="应急管理、消防、安全生产。")
    s.chaoying = make_topic("超硬材料", description="金刚石、培育钻石与超硬材料产业。")
    s.empty_topic = make_topic("乡村振兴", description="农业农村、人居环境、特色产业。")

    # People: officials with their positions, our journalists
    s.zhang = make_person("张红军", confirmed=True)
    make_position(s.zhang, "党工委书记", s.dgw, start_date=dt.date(2021, 6, 1))
    s.wu = make_person("吴志强", confirmed=True)
    make_position(s.wu, "院长", s.cumt)
    s.guo = make_person("郭程明", confirmed=True)
    make_position(s.guo, "主任", s.gwh, start_date=dt.date(2022, 1, 1))
    s.yue = make_person("岳志铭", confirmed=True)
    make_position(s.yue, "董事长", s.zhongan)
    s.wang = make_person("王德敏", confirmed=True)
    make_position(s.wang, "副主任", s.gwh, start_date=dt.date(2021, 1, 1), end_date=dt.date(2023, 2, 28))
    make_position(s.wang, "党工委副书记", s.dgw, start_date=dt.date(2023, 3, 1), order=1)
    s.sun = make_person("孙庆辉", kind="journalist", confirmed=True)
    s.wangyk = make_person("王彦凯", kind="journalist", confirmed=True)
    s.lina = make_person("李娜", kind="journalist", confirmed=True)
    s.secret = make_person("李未发", confirmed=True)  # named only in the draft
    make_position(s.secret, "副局长", s.unused_org)

    page1 = make_source_page("（第1版原文）", issue_date=dt.date(2023, 2, 13), page_number=1)
    page2 = make_source_page("（第1版原文）", issue_date=dt.date(2023, 2, 16), page_number=1)

    # 1. 党建: the 述职评议会 chaired by 张红军
    s.shuzhi = make_article(
        "高新区召开2022年度基层党组织书记抓基层党建工作述职评议会",
        kicker="压实管党治党责任",
        subtitle="张红军主持并点评",
        body=(
            "本报讯 2月10日上午，高新区召开2022年度基层党组织书记抓基层党建工作述职评议会。"
            "区党工委书记张红军主持会议并逐一点评。\n\n"
            "会上，各街道党工委书记围绕党建责任落实、基层组织建设等方面进行述职。\n\n"
            "张红军强调，要深入学习贯彻党的二十大精神，以高质量党建引领高质量发展。"
        ),
        dateline_date=dt.date(2023, 2, 10),
        time_of_day="上午",
        issue_date=dt.date(2023, 2, 13),
        page_number=1,
        position_on_page=1,
        source_page=page1,
        published_at=at("2023-02-13"),
    )
    make_credit(s.shuzhi, s.sun, "记者", 0)
    make_credit(s.shuzhi, s.wangyk, "通讯员", 1)
    make_mention(s.shuzhi, s.zhang, "区党工委书记", "主持")
    s.shuzhi.topics.add(s.dangjian)
    s.shuzhi.organizations.add(s.dgw)
    s.shuzhi_meeting = make_meeting(
        "2022年度基层党组织书记抓基层党建工作述职评议会", date=dt.date(2023, 2, 10), time_of_day="上午", chair=s.zhang
    )
    s.shuzhi_meeting.articles.add(s.shuzhi)
    s.shuzhi_meeting.participants.add(s.zhang, s.secret)
    s.shuzhi_meeting.organizations.add(s.dgw)

    # 2. 张红军会见吴志强一行
    s.huijian_wu = make_article(
        "张红军会见吴志强一行",
        body=(
            "本报讯 2月12日下午，区党工委书记张红军会见了中国矿业大学深圳研究院院长吴志强一行。\n\n"
            "双方就科技成果转化、人才培养和项目合作进行了深入交流。"
        ),
        dateline_date=dt.date(2023, 2, 12),
        time_of_day="下午",
        issue_date=dt.date(2023, 2, 13),
        page_number=1,
        position_on_page=2,
        source_page=page1,
        published_at=at("2023-02-13"),
    )
    make_credit(s.huijian_wu, s.sun, "记者", 0)
    make_mention(s.huijian_wu, s.zhang, "区党工委书记", "会见", 0)
    make_mention(s.huijian_wu, s.wu, "中国矿业大学深圳研究院院长", "来访", 1)
    s.huijian_wu.topics.add(s.zhaoshang)
    s.huijian_wu.organizations.add(s.gxq, s.cumt)

    # 3. 郭程明会见岳志铭一行
    s.huijian_yue = make_article(
        "郭程明会见岳志铭一行",
        kicker="推动应急安全产业集聚发展",
        body=(
            "本报讯 2月12日，区管委会主任郭程明会见了河南中安应急科技有限公司董事长岳志铭一行。\n\n"
            "郭程明表示，高新区将为应急安全企业落地提供优质服务。"
        ),
        dateline_date=dt.date(2023, 2, 12),
        issue_date=dt.date(2023, 2, 16),
        page_number=1,
        position_on_page=1,
        source_page=page2,
        published_at=at("2023-02-16"),
    )
    make_credit(s.huijian_yue, s.lina, "通讯员", 0)
    make_mention(s.huijian_yue, s.guo, "区管委会主任", "会见", 0)
    make_mention(s.huijian_yue, s.yue, "河南中安应急科技有限公司董事长", "来访", 1)
    s.huijian_yue.topics.add(s.yingji, s.zhaoshang)
    s.huijian_yue.organizations.add(s.gwh, s.zhongan)

    # 4. 王德敏 and the 2023 世界金刚石大会
    s.jingangshi = make_article(
        "王德敏主持召开2023世界金刚石大会总体方案汇报会",
        body=(
            "本报讯 2月15日，王德敏主持召开2023世界金刚石大会总体方案汇报会，听取大会筹备情况汇报。\n\n"
            "王德敏要求，要突出超硬材料产业特色，高标准办好世界金刚石大会。"
        ),
        dateline_date=dt.date(2023, 2, 15),
        issue_date=dt.date(2023, 2, 16),
        page_number=1,
        position_on_page=2,
        source_page=page2,
        published_at=at("2023-02-16"),
    )
    make_credit(s.jingangshi, s.sun, "文/图", 0)
    make_mention(s.jingangshi, s.wang, "", "主持")
    s.jingangshi.topics.add(s.chaoying)
    s.jingangshi.organizations.add(s.gwh)

    s.articles = [s.shuzhi, s.huijian_wu, s.huijian_yue, s.jingangshi]

    # Never shown to readers: a draft naming someone no published article names, and a scheduled article.
    s.draft = make_article(
        "李未发调研安全生产工作",
        published=False,
        status=ArticleStatus.DRAFT,
        body="本报讯 2月20日，李未发调研金刚石企业安全生产工作。张红军陪同。",
        dateline_date=dt.date(2023, 2, 20),
    )
    make_mention(s.draft, s.secret, "区应急管理局副局长", "调研")
    make_mention(s.draft, s.zhang, "区党工委书记", "陪同", 1)
    s.draft.topics.add(s.chaoying)
    s.scheduled = make_article(
        "金刚石产业园明日开工",
        body="本报讯 明日，金刚石产业园开工。张红军出席。",
        dateline_date=dt.date(2023, 3, 1),
        published_at=timezone.now() + dt.timedelta(days=1),
    )
    make_mention(s.scheduled, s.zhang, "区党工委书记", "出席")
    s.scheduled.topics.add(s.chaoying)
    s.scheduled.organizations.add(s.unused_org)
    s.hidden = [s.draft, s.scheduled]
    return s


def make_many_articles(n: int, *, day: dt.date = dt.date(2023, 2, 20), topic=None, person=None, reporter=None):
    """``n`` published articles on ``day``, optionally on a topic, naming a person, credited to a reporter."""
    articles = []
    for i in range(n):
        article = make_article(
            f"高新区第{i + 1}次安全生产检查",
            body=f"本报讯 高新区开展第{i + 1}次安全生产检查。\n\n检查覆盖重点企业。",
            dateline_date=day,
            published_at=at(day.isoformat()) - dt.timedelta(minutes=i),
        )
        if topic:
            article.topics.add(topic)
        if person:
            make_mention(article, person, "区党工委书记")
        if reporter:
            make_credit(article, reporter)
        articles.append(article)
    return articles
