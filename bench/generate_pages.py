"""Write synthetic OCR newspaper pages for throughput benchmarks of the importer.

    .venv/bin/python bench/generate_pages.py bench/out/synth --pages 1000 --seed 1 [--gold]

Each page has 3-5 articles of district/county government news (会议, 调研, 会见/招商, 安全检查, 乡村振兴,
党建) assembled from sentence templates with random officials (rare and compound surnames included),
places, organizations, dates and bylines, then typeset like the real OCR (fixed column width per page,
paragraph indents, column-break blank lines, stray spaces before numbers, bylines at the end or in the
lead, headlines before or after their article or missing). Deterministic for a seed. With ``--gold`` a
``.json`` in the bench/ocr_eval gold schema is written beside each page (from the generator's own
choices: good for volume checks, not a substitute for the hand-checked set).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "ocr_eval"))

from typeset import PageWriter, ocr_spaces  # noqa: E402

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
    "余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
    "栗寄訾晏仇解冀闵覃桂姬寇苗牛卜单甘柏向阳华封邢"
)
COMPOUND = ["欧阳", "司马", "诸葛", "令狐", "上官", "皇甫", "东方", "慕容"]
GIVEN = "建国华明伟红军海燕丽娟志刚晓峰文博春梅卫东秀英向东长青宏伟鹏程静怡子涵浩然思远宇航俊杰雪梅立新振华德胜玉兰桂芝永福鸿飞凯侃斌磊亮涛勇婷敏"


class Names:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[str] = set()

    def person(self) -> str:
        r = self.rng
        while True:
            sur = r.choice(COMPOUND) if r.random() < 0.08 else r.choice(SURNAMES)
            given = r.choice(GIVEN) if r.random() < 0.3 else r.choice(GIVEN) + r.choice(GIVEN)
            name = sur + given
            if name not in self.used and (len(given) == 1 or given[0] != given[1]):
                self.used.add(name)
                return name


PLACE_HEAD = "龙湖云台金水东风高新城关新华红旗白马永安和平青山长寿双桥清河柳林桃园杨庄王楼张集南岗陶湾"
DISTRICT_KIND = ["区", "县", "市"]
TOWN_KIND = ["镇", "乡", "街道"]
COMPANIES = [
    ("华为技术有限公司", "华为"),
    ("海尔智家股份有限公司", "海尔智家"),
    ("康佳集团", "康佳集团"),
    ("万达集团", "万达集团"),
    ("美的集团股份有限公司", "美的集团"),
    ("比亚迪股份有限公司", "比亚迪"),
    ("京东方科技集团", "京东方"),
    ("格力电器", "格力电器"),
    ("宇通客车股份有限公司", "宇通客车"),
    ("牧原食品股份有限公司", "牧原食品"),
    ("中国建筑第七工程局有限公司", "中建七局"),
    ("天能集团", "天能集团"),
    ("李宁体育用品有限公司", "李宁公司"),
    ("中铁安全技术集团有限公司", "中铁安全"),
]
BUREAUS = [
    "应急管理局",
    "发改委",
    "财政局",
    "农业农村局",
    "市场监管局",
    "住建局",
    "自然资源局",
    "水利局",
    "人社局",
    "教育局",
    "卫健委",
    "商务局",
    "生态环境局",
    "投资促进中心",
    "文化广电和旅游局",
]
UNIVERSITIES = ["郑州大学", "河南农业大学", "河南工业大学", "河南科技大学", "华北水利水电大学"]


def pick_place(rng: random.Random, n: int = 2) -> str:
    return "".join(rng.sample(PLACE_HEAD, n))


class Ctx:
    """One page's district, its leaders and its staff reporters."""

    def __init__(self, rng: random.Random, year: int):
        self.rng = rng
        self.names = Names(rng)
        kind = rng.choice(DISTRICT_KIND)
        self.kind = kind
        self.district = pick_place(rng) + kind
        self.year = year
        party = {"区": "区委", "县": "县委", "市": "市委"}[kind]
        gov = {"区": "区长", "县": "县长", "市": "市长"}[kind]
        self.leaders = [
            (self.names.person(), f"{party}书记"),
            (self.names.person(), f"{party}副书记、{gov}"),
            (self.names.person(), f"{party}常委、组织部部长"),
            (self.names.person(), f"副{gov}"),
            (self.names.person(), f"{party}常委、{kind}纪委书记、{kind}监委主任"),
        ]
        self.reporters = [self.names.person() for _ in range(3)]
        self.correspondents = [self.names.person() for _ in range(5)]

    def town(self) -> str:
        return pick_place(self.rng) + self.rng.choice(TOWN_KIND)

    def village(self) -> str:
        return pick_place(self.rng) + "村"


def date_phrase(rng: random.Random, issue: dt.date | None, year: int):
    """-> (text, gold date or None, time of day)."""
    tod = rng.choice(["", "", "上午", "下午", "晚上"])
    r = rng.random()
    if r < 0.15:
        return rng.choice(["日前", "近日"]), None, ""
    if r < 0.25 and issue:
        d = issue - dt.timedelta(days=1)
        t = rng.choice(["上午", "下午", ""])
        return ("昨晚", d, "晚上") if rng.random() < 0.4 else ("昨日" + t, d, t)
    base = issue or dt.date(year, rng.randint(1, 12), 28)
    d = base - dt.timedelta(days=rng.randint(1, 6))
    if d.year != year:
        d = dt.date(year, 1, rng.randint(1, 20))
    if r < 0.32 and issue and d.month == issue.month and d.day < 26:
        return f"{d.day}日至{d.day + 1}日", d, ""
    sp = " " if rng.random() < 0.5 and d.day < 10 else ""
    return f"{d.month}月{sp}{d.day}日{tod}", d, tod


def fmt_title(name_title: tuple[str, str]) -> str:
    n, t = name_title
    return f"{t}{n}"


# ---------------------------------------------------------------- article templates
def art_meeting(c: Ctx):
    rng = c.rng
    topic = rng.choice(
        [
            "乡村振兴工作推进会",
            "安全生产工作会议",
            "党建工作述职评议会",
            "重点项目建设调度会",
            "优化营商环境工作会议",
            "防汛工作部署会",
            "招商引资工作推进会",
            "纪检监察工作会议",
        ]
    )
    chair, speaker = rng.sample(c.leaders[:3], 2)
    extra = rng.sample(c.leaders[3:], 1)[0]
    reporter_b = c.names.person()
    bureau = rng.choice(BUREAUS)
    b_title = f"{c.kind}{bureau}{'局长' if bureau.endswith('局') else '主任'}"
    paras = [
        f"{{LEAD}}，{c.district}召开{topic}。{fmt_title(speaker)}出席会议并讲话，{fmt_title(chair)}主持会议。",
        f"会议通报了{c.year - 1}年度相关工作情况。{b_title}{reporter_b}汇报了近期工作进展，"
        f"{c.town()}、{c.town()}作了交流发言。",
        f"{speaker[0]}强调，要坚持问题导向、目标导向，压紧压实工作责任，大力推动各项任务落地见效；"
        f"要强化统筹协调，形成工作合力，以实际成效推动{c.district}高质量发展。",
        f"{fmt_title(extra)}出席会议。各{rng.choice(TOWN_KIND)}、{c.kind}直各单位主要负责人参加会议。",
    ]
    people = [speaker, chair, (reporter_b, b_title), extra]
    head = [f"{c.district}召开{topic}"]
    if rng.random() < 0.3:
        head = [
            rng.choice(
                ["凝心聚力谋发展 砥砺奋进新征程", "聚焦主责主业 提升履职能力", "坚持大抓基层的鲜明导向"]
            )
        ] + head
    return paras, people, head, []


def art_visit(c: Ctx):
    rng = c.rng
    host = rng.choice(c.leaders[:2])
    company, short = rng.choice(COMPANIES)
    guest = c.names.person()
    g_title = f"{company}{rng.choice(['副总裁', '董事长', '总经理', '副总经理', '投资发展部总经理'])}"
    aide = rng.choice(c.leaders[3:])
    paras = [
        f"{{LEAD}}，{fmt_title(host)}会见{g_title}{guest}一行，双方就项目合作事宜进行座谈。",
        f"{host[0]}对{guest}一行的到来表示欢迎，并介绍了{c.district}区位交通、产业基础和营商环境等情况。"
        f"他表示，将组建专班，全程做好服务保障，推动项目早日落地见效。",
        f"{guest}表示，{c.district}发展潜力大、前景广阔，企业将加快推进项目论证，争取早日签约。",
        f"{fmt_title(aide)}，{c.kind}{rng.choice(BUREAUS)}相关负责人参加会见。",
    ]
    return paras, [host, (guest, g_title), aide], [f"{c.district}与{short}洽谈项目合作"], [company]


def art_inspect(c: Ctx):
    rng = c.rng
    lead = rng.choice(c.leaders[:4])
    town, village = c.town(), c.village()
    sec = c.names.person()
    resident = c.names.person()
    paras = [
        f"{{LEAD}}，{fmt_title(lead)}到{town}调研乡村振兴和高标准农田建设工作。",
        f"在{town}{village}，{lead[0]}察看了高标准农田建设现场，详细了解工程进度和资金使用情况。"
        f"村党支部书记{sec}介绍，全村已建成高标准农田3200亩，带动{rng.randint(80, 400)}户群众增收。",
        f"“现在种地省心多了，一亩地能多收两百多斤。”村民{resident}说。",
        f"{lead[0]}指出，要严把工程质量关，确保建一片、成一片、见效一片，为乡村振兴打下坚实基础。",
    ]
    people = [lead, (sec, "村党支部书记"), (resident, "村民")]
    return paras, people, [f"{town}：高标准农田托起“丰收梦”"], []


def art_safety(c: Ctx):
    rng = c.rng
    town = c.town()
    chief = c.names.person()
    title = f"{c.kind}应急管理局{rng.choice(['局长', '副局长'])}"
    brand = rng.choice(["万达广场", "李宁专卖店", "康佳电器卖场", "海尔专卖店", "华润万家超市"])
    paras = [
        f"{{LEAD}}，{town}组织开展安全生产大检查，对辖区内的危化品经营单位、建筑工地、人员密集场所进行拉网式排查。",
        f"检查组先后来到{brand}、{town}中心学校等场所，详细查看了消防通道、应急照明、灭火器材配备等情况。",
        f"{title}{chief}介绍，此次检查共排查企业和场所{rng.randint(20, 90)}家，发现隐患{rng.randint(10, 80)}处，"
        f"已全部下达整改通知书。",
    ]
    return paras, [(chief, title)], [f"{town}筑牢安全生产防线"], [f"{c.kind}应急管理局"]


def art_party(c: Ctx):
    rng = c.rng
    town = c.town()
    sec = c.names.person()
    t1 = f"{town}党委书记"
    expert = c.names.person()
    uni = rng.choice(UNIVERSITIES)
    t2 = f"{uni}马克思主义学院教授"
    youth = c.names.person()
    paras = [
        f"{{LEAD}}，{town}召开党委理论学习中心组（扩大）学习会，{t1}{sec}主持会议并领学。",
        f"会议邀请{t2}{expert}作专题辅导报告。{youth}是{town}便民服务中心干部，作为青年代表交流了学习体会。",
        f"{sec}要求，全镇党员干部要学深悟透、融会贯通，切实把学习成果转化为推动发展的强大动力，"
        f"争当杰出青年、岗位标兵。",
    ]
    people = [(sec, t1), (expert, t2), (youth, f"{town}便民服务中心干部")]
    return paras, people, [f"{town}掀起理论学习热潮"], [uni]


def art_list(c: Ctx):
    rng = c.rng
    leaders = rng.sample(c.leaders, 3)
    label = f"{c.kind}领导"
    n = rng.randint(8, 30)
    paras = [
        f"{{LEAD}}，{label}{'、'.join(x[0] for x in leaders)}出席{c.district}重点项目集中开工仪式。",
        f"此次集中开工项目共{n}个，总投资{rng.randint(20, 300)}.{rng.randint(1, 9)}亿元，涵盖智能制造、新能源、生物医药等领域。",
        f"{leaders[0][0]}在致辞中表示，将为项目建设提供全方位、全周期的优质服务，推动项目早建成、早投产、早见效。",
    ]
    return paras, [(x[0], label) for x in leaders], [f"{c.district}{n}个重点项目集中开工"], []


TEMPLATES = [art_meeting, art_visit, art_inspect, art_safety, art_party, art_list]


def byline(c: Ctx, rng: random.Random):
    """-> (lead bracket text or '', end lines, reporters, correspondents, photographers)."""
    rep = rng.sample(c.reporters, 1)
    cor = rng.sample(c.correspondents, rng.randint(0, 2))
    style = rng.random()
    if style < 0.2:
        inner = f"记者 {rep[0]}" + (f" 通讯员 {' '.join(cor)}" if cor else "")
        return f"（{inner}）", [], rep, cor, []
    if style < 0.28:
        inner = f"记者{rep[0]}" + (f" 通讯员{'、'.join(cor)}" if cor else "")
        return f"({inner})", [], rep, cor, []
    if style < 0.4:
        return "", [f"文/图 {rep[0]}"], rep, [], rep
    if style < 0.5:
        return "", [f"本报记者 {rep[0]}"], rep, [], []
    if style < 0.6 and len(cor) == 2 and all(len(x) == 3 for x in cor):
        return "", [f"记者 {rep[0]}", f"通讯员 {''.join(cor)}"], rep, cor, []
    if style < 0.7:
        pho = c.names.person()
        return "", [f"记者 {rep[0]} 摄影 {pho}"], rep, [], [pho]
    lines = [f"记者 {rep[0]}"]
    if cor:
        if rng.random() < 0.5:
            lines = [f"记者 {rep[0]} 通讯员 {' '.join(cor)}"]
        else:
            lines.append(f"通讯员 {' '.join(cor)}")
    return "", lines, rep, cor, []


def make_page(rng: random.Random, idx: int) -> tuple[str, dict]:
    year = rng.randint(2019, 2024)
    issue = dt.date(year, rng.randint(1, 12), rng.randint(3, 28)) if rng.random() < 0.8 else None
    c = Ctx(rng, year)
    w = rng.randint(12, 16)
    pw = PageWriter(rng, rng.randint(26, 40))
    gold_arts = []
    for i, tmpl in enumerate(rng.sample(TEMPLATES, rng.randint(3, 5))):
        paras, people, head, orgs = tmpl(c)
        dtext, d, tod = date_phrase(rng, issue, year)
        bracket, end_lines, rep, cor, pho = byline(c, rng)
        src = rng.choice(["本报讯 ", "本报讯 ", "本报讯 ", "【本报讯】"])
        paras[0] = paras[0].replace("{LEAD}", f"{src}{bracket}{dtext}" if bracket else f"{src}{dtext}")
        pos = rng.choice(["before", "before", "after", None])
        if i > 0:
            pw.blank()
        if pos == "before":
            pw.headline(head)
        pw.paragraphs(
            [ocr_spaces(p, rng) if k else p for k, p in enumerate(paras)], w, first_article_line=i == 0
        )
        for b in end_lines:
            pw.text_line(b)
        if pos == "after":
            pw.headline(head)
        seen, gp = set(), []
        for n, t in people:
            if n not in seen:
                seen.add(n)
                gp.append({"name": n, "title": t})
        gold_arts.append(
            {
                "date": d.isoformat() if d else None,
                "time_of_day": tod,
                "title": (head[-1] if pos else ""),
                "title_lines": head if pos else [],
                "reporters": rep,
                "correspondents": cor,
                "photographers": pho,
                "people": gp,
                "organizations": orgs,
                "paragraph_count": len(paras),
                "lead": paras[0],
            }
        )
    gold = {"issue_date": issue.isoformat() if issue else None, "year": year, "articles": gold_arts}
    return pw.text(), gold


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outdir")
    ap.add_argument("--pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gold", action="store_true", help="also write NNNNN.json gold beside each page")
    args = ap.parse_args(argv)
    out = Path(args.outdir)
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    chars = arts = 0
    for i in range(args.pages):
        rng = random.Random(f"{args.seed}:{i}")  # each page on its own stream: page i is the same for any N
        text, gold = make_page(rng, i)
        (out / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        if args.gold:
            (out / f"{i:05d}.json").write_text(
                json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
        chars += len(text)
        arts += len(gold["articles"])
    print(
        f"wrote {args.pages} pages, {arts} articles, {chars} chars to {out} in {time.perf_counter() - t:.2f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
