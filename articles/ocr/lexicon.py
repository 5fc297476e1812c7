"""Word lists the pipeline reasons with, and its jieba: the project's one tokenizer.

Everything here is data or a cheap lookup. jieba's dictionary (about one second to load) is loaded
lazily, once per process, the first time :func:`tokenizer` or :func:`word_freq` is called; a page's known
names are fed to its tokenizer explicitly (:func:`tokenizer`), never added to a shared one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Sequence

from ..search.tokenizer import Tokenizer, frequency, tag, tokenizer_for

# ---------------------------------------------------------------------------------------------------
# Characters

CJK = "\u4e00-\u9fff\u3400-\u4dbf"
CJK_RE = re.compile(f"[{CJK}]")
_CJK_RUN_RE = re.compile(f"[{CJK}]+")


def is_cjk_run(text: str) -> bool:
    """Is ``text`` CJK characters only (and not empty)?"""
    return _CJK_RUN_RE.fullmatch(text) is not None


# ---------------------------------------------------------------------------------------------------
# Word lists as patterns and lookups


def alternation(words: Iterable[str]) -> str:
    """A regex matching what ``|``-joined ``words``, longest first, match, written as a trie
    (``副(?:书记|主任)``): the engine tries the few words that share what it has read instead of every word at
    every position. Its branches are not grouped (each starts with its first character, which lets the engine
    skip the characters of a text that start no word): put it in ``(?:…)`` to follow it with more."""
    trie: dict = {}
    for word in words:
        if not word:
            raise ValueError("an empty word matches everywhere")
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        # longer words first: a node's continuations before the word that ends there; characters with the same
        # continuation share a branch ([区县市]长)
        shared: dict[str, list[str]] = {}
        for ch, child in sorted(node.items()):
            if ch:
                shared.setdefault(pattern(child), []).append(ch)
        branches = [(re.escape(chars[0]) if len(chars) == 1 else f"[{''.join(map(re.escape, chars))}]") + rest
                    for rest, chars in shared.items()]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        # a word ends here too: an empty branch last (cheaper for the engine than an optional group)
        return "(?:" + "|".join(branches) + ("|)" if "" in node else ")")

    return "|".join(re.escape(ch) + pattern(child) for ch, child in sorted(trie.items()))


def by_first(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their first character: ``text.startswith(index.get(text[:1], ()))`` is
    ``text.startswith(words)`` asking only the words that can match."""
    return _by_character(words, 0)


def by_last(words: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """``words`` grouped by their last character, for ``text.endswith(index.get(text[-1:], ()))``."""
    return _by_character(words, -1)


def _by_character(words: Iterable[str], at: int) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for word in words:
        if not word:
            raise ValueError("an empty word starts and ends every text")
        index.setdefault(word[at], []).append(word)
    return {ch: tuple(group) for ch, group in index.items()}


# ---------------------------------------------------------------------------------------------------
# Surnames: the 百家姓 plus surnames common in today's China. Compound surnames are kept apart.

_SINGLE_SURNAMES = (
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平"
    "黄和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童"
    "颜郭梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔"
    "吉钮龚程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰"
    "秋仲伊宫宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴"
    "胥能苍双闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍却璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹"
    "习宦艾鱼容向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾"
    "辛阚那简饶空曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公岳帅缑亢况郈琴商牟佘佴伯赏墨哈谯笪"
    "年爱阳佟言福付覃粟栗闫仝揭展邸晋亓冼邝麦谌郄银钦鄢隋麻綦笃禚铁旷兰蔺阿初占卢来候区种寄"
)
SURNAMES: frozenset[str] = frozenset(_SINGLE_SURNAMES)

COMPOUND_SURNAMES: frozenset[str] = frozenset(
    ["万俟", "司马", "上官", "欧阳", "夏侯", "诸葛", "闻人", "东方", "赫连", "皇甫", "尉迟", "公羊", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "公孙", "仲孙", "轩辕", "令狐", "钟离", "宇文", "长孙", "慕容", "鲜于", "闾丘", "司徒", "司空", "亓官", "司寇", "子车", "颛孙", "端木", "巫马", "公西", "漆雕", "乐正", "壤驷", "公良", "拓跋", "夹谷", "宰父", "谷梁", "段干", "百里", "东郭", "南门", "呼延", "归海", "羊舌", "微生", "梁丘", "左丘", "东门", "西门", "南宫", "第五"]
)

# Surnames that are also everyday function words or very common morphemes: a name starting with one of
# them needs a given name that is not itself a common word (向大家, 和分管, 于是, 高度, 全区 ...).
WEAK_SURNAMES: frozenset[str] = frozenset(
    "向和于从时经应解查党能都通全以由高金文方常安平明成计江路国关双水花云红公相后东益干宣单包石吉家封"
    "曲富山车谷牧秋宫宁甘龙叶幸司印宿白尚农温别连习容古易步满广利越隆师空沙养须丰权盖区种初来占候"
    "万支管房宗丁洪左荣惠井巴弓班伊厉武景蒙池乔阴苍申扶桑桂牛寿边燕庄晏柴充艾鱼居衡终言福爱年商琴伯"
)

# Surnames that are first of all prepositions/conjunctions/pronouns: 向大家, 和分管, 于是, 全部门 ...
FUNCTION_SURNAMES: frozenset[str] = frozenset("向和于从以由对及把将在时经应解查都通全能党相后同各该其")

# Characters that practically never stand in a given name (function words, units, office words).
GIVEN_NAME_BLACKLIST: frozenset[str] = frozenset(
    "的了在是与及或对为从被把将就也都而并但因所于之其这那个们有无不没来去到说会要能应须得着过吗呢吧啊"
    "等则即让使给以由如若该此某各每些党委局部处区市县省镇村乡街号楼室司厂院校队组团社届级项次位名件份"
    "批期版年月日分秒米吨亩员作表指提介汇通出参率带陪讲亲详实看慰调考听检走担现接回感充首随获签"
    "谈议前后内外上下里间者主记副"
)

# Last characters of festivals, fairs, matches and campaigns (丰收节, 展销会, 龙舟赛, 宣传周, 丰收季): a word
# before one of them makes an event, not a surname and its given name.
EVENT_ENDINGS: frozenset[str] = frozenset("节会赛展周季杯")

# ---------------------------------------------------------------------------------------------------
# Titles: the printed position right before a name. Longest first when used in a regex.

TITLE_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        set(
            ["书记", "副书记", "主任", "副主任", "常务副主任", "处长", "副处长", "院长", "副院长", "常务副院长", "会长", "副会长", "常务副会长", "理事", "常务理事", "理事长", "副理事长", "主委", "副主委", "总经理", "副总经理", "经理", "局长", "副局长", "区长", "副区长", "常务副区长", "镇长", "副镇长", "乡长", "副乡长", "县长", "副县长", "市长", "副市长", "省长", "副省长", "厅长", "副厅长", "司长", "副司长", "部长", "副部长", "干部", "负责人", "主要负责人", "助理", "总经理助理", "主席", "副主席", "委员", "常委", "组长", "副组长", "专家", "成员", "秘书长", "副秘书长", "董事长", "副董事长", "董事", "总裁", "副总裁", "总监", "主管", "校长", "副校长", "所长", "副所长", "站长", "副站长", "科长", "副科长", "股长", "队长", "副队长", "大队长", "中队长", "政委", "社长", "总编辑", "主编", "行长", "副行长", "监事长", "院士", "教授", "副教授", "研究员", "副研究员", "工程师", "高级工程师", "总工程师", "巡视员", "调研员", "馆长", "台长", "团长", "主任委员", "副主任委员", "村支书", "支书", "村主任", "网格员", "民警", "辅警", "党员", "老党员", "村民", "居民", "市民", "群众", "志愿者", "教师", "老师", "医生", "护士", "律师", "创始人", "合伙人", "法人", "代表", "人大代表", "政协委员", "党代表", "特派员", "指导员", "联络员", "辅导员", "讲解员", "班长", "检察官", "法官", "庭长", "副庭长", "检察长", "副检察长", "审判员", "书记员", "总指挥", "副总指挥", "指挥长", "副指挥长", "首席执行官", "会计", "博士", "硕士", "学生", "同学", "选手", "运动员", "教练", "企业家", "负责同志", "领导", "区领导", "市领导", "省领导", "县领导", "教导员", "厂长", "矿长", "村长", "店长", "园长", "副总", "医师", "主任医师", "护士长", "警长", "警官", "秘书", "干事", "科员", "专员", "带头人", "监事", "讲师", "工人", "职工", "员工", "老人", "快递员", "环卫工", "司机", "保安", "农民", "种植户", "养殖户", "第一书记", "党支部书记", "首席专家", "总监理", "总会计师", "总经济师", "常务副总经理", "执行董事", "总编", "副总编", "楼长", "网格长", "河长", "林长", "户主"]
        ),
        key=len,
        reverse=True,
    )
)

# Words after which a name may end (what may follow a name). Checked with str.startswith.
FOLLOWERS: tuple[str, ...] = tuple(
    sorted(
        set(
            ["主持", "会见", "会晤", "接见", "表示", "强调", "指出", "要求", "在", "到", "对", "就", "和", "与", "及", "以及", "等", "一行", "同志", "带领", "率", "率队", "带队", "陪同", "出席", "参加", "参会", "参与", "介绍", "通报", "汇报", "建议", "提出", "说", "讲", "讲话", "作", "做", "认为", "希望", "代表", "向", "为", "指导", "点评", "致辞", "发言", "主讲", "宣读", "宣布", "先后", "一同", "分别", "还", "也", "都", "亲自", "详细", "实地", "深入", "来", "前往", "赴", "看望", "慰问", "调研", "考察", "听取", "检查", "走访", "是", "担任", "现任", "的", "接受", "回答", "感谢", "首先", "随后", "则", "又", "有关", "关于", "主动", "共同", "当选", "获得", "荣获", "被", "以", "通过", "签署", "签约", "坦言", "透露", "告诉", "称", "表态", "谈到", "解读", "总结", "部署", "布置", "动员", "宣讲", "授课", "批示", "结合", "围绕", "针对", "从", "同", "跟", "给", "把", "将", "已", "曾", "正", "并", "或", "共", "逐一", "一起", "一道", "一并", "对此", "特别", "专门", "再次", "高度", "进一步", "重点", "主抓", "牵头", "负责", "分管", "同时", "及时", "调度", "视察", "巡查", "督导", "督查", "察看", "查看", "观看", "观摩", "走进", "来到", "到达", "抵达", "随同", "会同", "作为", "领学", "领读", "带头", "发表", "颁发", "揭牌", "启动", "点赞", "肯定", "充分", "认真", "简要", "一一", "莅临", "出任", "获评", "带来", "讲述", "回忆", "感慨", "激动", "笑着", "高兴", "亲切", "分享", "讲授", "传达", "回顾", "用", "了解", "询问", "查阅", "现场", "今天", "昨天", "今年", "近日", "日前", "上午", "下午", "晚上", "当天", "致", "即", "先", "便", "再", "均", "连续", "多次", "长期", "始终", "一直", "依次", "主动", "专程", "特意", "不仅", "不但", "既", "正在", "说道", "坦承", "现身"]
        ),
        key=len,
        reverse=True,
    )
)

_EXTRA_TITLES = ["总理", "副总理", "总书记", "委员长", "焊工", "电工", "钳工", "车工", "技工", "木工", "瓦工", "护工", "农民工", "研究生", "博士生", "硕士生", "博士研究生", "在读博士生", "大学生", "小哥", "大姐", "大哥", "阿姨", "大爷", "大妈", "奶奶", "爷爷", "师傅", "传承人", "非遗传承人", "工匠", "主播", "作家", "画家", "书法家", "退役军人"]
# Trades and duties ending in 员, and the people an item meets by what they are to it (店主, 老顾客, 患者)
_PERSON_NOUNS = ["预报员", "首席预报员", "消防员", "消防队员", "队员", "技术员", "检验员", "质检员", "调解员", "宣传员",
                 "宣讲员", "安全员", "信息员", "协管员", "护林员", "巡河员", "巡逻员", "保洁员", "管理员", "驾驶员",
                 "调度员", "监督员", "业务员", "营业员", "服务员", "乘务员", "邮递员", "外卖员", "配送员", "收银员",
                 "飞行员", "护理员", "评估员", "解说员", "播音员", "教练员", "裁判员", "工作人员", "店主", "摊主",
                 "业主", "车主", "场主", "顾客", "老顾客", "游客", "乘客", "旅客", "患者", "家长", "学员", "村医",
                 "厨师", "商户", "个体户", "经营户", "创业者"]
TITLE_SUFFIXES = tuple(sorted((set(TITLE_SUFFIXES) | set(_EXTRA_TITLES) | set(_PERSON_NOUNS)) - {"保安"}, key=len,
                              reverse=True))
_EXTRA_FOLLOWERS = ["像", "老人", "正是", "便是", "就是", "也是", "还是", "自己", "本人"]
FOLLOWERS = tuple(sorted((set(FOLLOWERS) | set(_EXTRA_FOLLOWERS)) - {"肯定"}, key=len, reverse=True))

# One-character followers that, standing right after a two-character name, beat a three-character name
# (李华为表示 -> 李华 + 为).
SHORT_FOLLOWERS: frozenset[str] = frozenset("在到对就和与及等向为是的将也都还又率赴说作称被把同跟给从由以并曾正已")

# Verbs after a bare name (no title) that make it a person: 李明表示 / 王芳强调.
SPEECH_VERBS: tuple[str, ...] = (
    "表示", "强调", "指出", "要求", "认为", "介绍", "提出", "建议", "希望", "坦言", "透露", "告诉", "主持",
    "通报", "汇报", "说", "讲话", "发言", "致辞", "点评", "同志", "一行", "率队", "带队", "感慨",
)

# Role in the event, as the text says it. First match after a name (in its clause) wins.
ROLE_WORDS: tuple[tuple[str, str], ...] = (
    ("主持", "主持"),
    ("会见", "会见"),
    ("会晤", "会见"),
    ("接见", "会见"),
    ("出席", "出席"),
    ("讲话", "讲话"),
    ("致辞", "讲话"),
    ("发言", "讲话"),
    ("作报告", "讲话"),
    ("点评", "点评"),
    ("参加", "参加"),
    ("参会", "参加"),
    ("参与", "参加"),
    ("汇报", "汇报"),
    ("通报", "汇报"),
    ("陪同", "陪同"),
    ("调研", "调研"),
    ("考察", "考察"),
    ("慰问", "慰问"),
    ("看望", "慰问"),
    ("主讲", "主讲"),
    ("授课", "主讲"),
    ("宣讲", "主讲"),
    ("宣读", "宣读"),
    ("签约", "签约"),
    ("签署", "签约"),
)

# Verbs that make the name after them the object (the guest received), not the actor.
OBJECT_VERBS: tuple[str, ...] = ("会见", "会晤", "接见", "看望", "慰问", "欢迎", "宴请", "约见")

# Words that end a title span when walking back from a name (the title starts after them).
TITLE_BREAKERS: tuple[str, ...] = tuple(
    sorted(
        ["会见", "会晤", "接见", "听取", "陪同", "邀请", "带领", "主持", "召开", "参加", "出席", "看望", "慰问", "欢迎", "感谢", "以及", "来自", "向", "对", "和", "与", "及", "由", "在", "同", "随", "经", "据", "受", "是", "为", "等", "的", "率", "请", "了", "有", "并"],
        key=len,
        reverse=True,
    )
)

# ---------------------------------------------------------------------------------------------------
# Organizations

ORG_SUFFIXES: tuple[str, ...] = tuple(
    sorted(
        ["有限责任公司", "股份有限公司", "有限公司", "分公司", "公司", "集团", "研究院", "研究所", "设计院", "科学院", "大学", "学院", "中学", "小学", "学校", "医院", "银行", "协会", "学会", "商会", "联合会", "委员会", "基金会", "管委会", "办事处", "党工委", "人民政府", "政府", "法院", "检察院", "公安局", "分局", "局", "厅", "部", "中心", "所", "站", "馆", "报社", "电视台", "合作社", "指挥部", "实验室", "工作室", "联盟", "促进会", "研究会", "事务所", "服务中心", "产业园", "街道办"],
        key=len,
        reverse=True,
    )
)

# Organization-looking words that are too generic to keep alone.
GENERIC_ORGS: frozenset[str] = frozenset(
    ["公司", "集团", "大学", "学院", "协会", "学会", "委员会", "管委会", "党工委", "区党工委", "法院", "检察院", "政府", "中心", "部", "局", "所", "站", "馆", "行业协会", "相关部门", "有关部门", "各部门", "该公司", "本公司", "母公司", "子公司", "分公司", "头部企业", "场所", "交易场所", "住所", "厕所", "派出所", "研究所", "办事处", "各办事处", "指挥部", "街道", "工作室", "实验室", "职能部门", "各局", "全局", "总部", "外部", "内部", "全部", "干部", "局部", "东部", "西部", "南部", "北部", "中部", "俱乐部", "本部", "支部", "党支部", "各支部", "总公司", "中心城区", "市中心"]
)

# Prefixes that mean "not a name of an organization but a phrase" (相关部门, 各级政府 ...).
ORG_BAD_PREFIXES: tuple[str, ...] = (
    "相关", "有关", "各级", "各", "该", "本", "全区", "全市", "全县", "全省", "全国", "多家", "其他", "一家",
    "多个", "各个", "这", "那", "其", "所", "每", "行业", "头部", "重点", "龙头", "知名", "国内外", "国际知名",
)

# Verbs/prepositions that start a new phrase (an organization starts after them).
ORG_BREAKERS: tuple[str, ...] = tuple(
    sorted(
        ["会见", "会晤", "接见", "听取", "参观", "考察", "走访", "调研", "赴", "到", "在", "与", "和", "同", "及", "以及", "由", "对", "向", "为", "把", "将", "被", "围绕", "通过", "依托", "联合", "携手", "带领", "召开", "举行", "举办", "成立", "组建", "签约", "支持", "推动", "加强", "服务", "获得", "得到", "邀请", "来自", "前往", "深入", "引进", "引入", "落户", "入驻", "牵头", "负责", "了", "的", "是", "据", "从", "让", "使", "给", "代表", "率", "等"],
        key=len,
        reverse=True,
    )
)

# ---------------------------------------------------------------------------------------------------
# Stop-words for headline keywords and topic scoring.

STOPWORDS: frozenset[str] = frozenset(
    ["的", "了", "和", "与", "及", "在", "是", "为", "对", "把", "被", "将", "就", "也", "都", "而", "并", "但", "有", "无", "不", "这", "那", "个", "们", "等", "中", "上", "下", "我们", "他们", "一个", "进行", "工作", "相关", "有关", "开展", "推动", "推进", "加强", "坚持", "全面", "进一步", "一步", "持续", "不断", "积极", "深入", "切实", "着力", "努力", "主动", "提升", "提高", "实现", "发展", "建设", "高质量", "全力", "大力", "一是", "二是", "三是", "四是", "五是", "要", "会", "上午", "下午", "晚上", "中午", "日前", "近日", "本报讯", "记者", "通讯员", "本报"]
)

# ---------------------------------------------------------------------------------------------------
# jieba: the project's one tokenizer (articles.search.tokenizer), fed the page's known names


def tokenizer(names: Iterable[str] = ()) -> Tokenizer:
    """The tokenizer that cuts ``names`` (a page's known people) as words; the same for the same names."""
    return tokenizer_for(frozenset(names))


def warm_up() -> float:
    """Load jieba's dictionary and tag table now (about 1-2 s once per process); returns the seconds
    it took. Optional: everything loads lazily on first use anyway."""
    start = time.perf_counter()
    tokenizer()
    return time.perf_counter() - start


def word_freq(word: str) -> int:
    """jieba's own dictionary frequency of ``word`` (0 when absent), not the boost given to known names:
    a known name that is also a common word (高峰) still needs a name boundary after it."""
    return frequency(word)


def word_tag(word: str) -> str:
    """jieba's part-of-speech tag of a dictionary word ('' when absent); loaded with the dictionary."""
    return tag(word)


def keywords(text: str, words: Tokenizer | None = None) -> list[str]:
    """Content words of a short text (headline): tokens of two or more characters, minus stop-words, cut by
    ``words`` (the page's tokenizer; one without names by default)."""
    out: list[str] = []
    for tok in (words or tokenizer()).cut(text):
        _add_keyword(out, tok)
    return out


def _add_keyword(out: list[str], tok: str) -> None:
    tok = tok.strip()
    if len(tok) < 2 or tok in STOPWORDS or not CJK_RE.search(tok):
        return
    if tok not in out:
        out.append(tok)


def keywords_of(lines: Sequence[str], words: Tokenizer | None = None) -> list[list[str]]:
    """``keywords(line, words)`` of each line, the lines cut in one call: jieba cuts its text in pieces at every
    character that is not a word's (a line break among them) and gives the line break as a token of its own."""
    if len(lines) < 2 or any("\n" in line or "\r" in line for line in lines):
        return [keywords(line, words) for line in lines]
    out: list[list[str]] = [[]]
    for tok in (words or tokenizer()).cut("\n".join(lines)):
        if tok == "\n":
            out.append([])
        else:
            _add_keyword(out[-1], tok)
    if len(out) != len(lines):  # not cut as said above: each line on its own
        return [keywords(line, words) for line in lines]
    return out
