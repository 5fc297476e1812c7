from articles.ocr.headlines import assign, generate_title, line_score, parts
from articles.ocr.types import ParsedPerson

BODY_A = "郑州高新区召开党建述职评议会，各党组织书记述职，张红军点评基层党建工作。"
BODY_B = "高新区企业参加人工智能产业博览会，参观智能制造展区，签订战略合作协议。"
HEAD_A = ["坚持大抓基层的鲜明导向", "有力推动基层党建工作全面提质", "高新区书记述职评议“交答卷”"]
HEAD_B = ["高新区企业亮相人工智能产业博览会"]


def test_line_score_prefers_the_matching_body():
    assert line_score(HEAD_A[1], BODY_A) > line_score(HEAD_A[1], BODY_B)
    assert line_score(HEAD_B[0], BODY_B) > line_score(HEAD_B[0], BODY_A)


def test_block_after_an_article_goes_back_to_it():
    heads, notes = assign([[], [HEAD_A], []], [BODY_A, BODY_B], after_byline=[True, True])
    assert heads == [HEAD_A, []]


def test_block_before_an_article_goes_forward_even_after_a_byline():
    heads, _ = assign([[], [HEAD_B], []], [BODY_A, BODY_B], after_byline=[True, True])
    assert heads == [[], HEAD_B]


def test_gap_with_both_headlines_is_split():
    heads, _ = assign([[], [HEAD_A, HEAD_B], []], [BODY_A, BODY_B], after_byline=[True, True])
    assert heads == [HEAD_A, HEAD_B]


def test_preamble_goes_to_first_article():
    heads, _ = assign([[HEAD_A], [], []], [BODY_A, BODY_B])
    assert heads == [HEAD_A, []]


def test_parts_three_lines():
    assert parts(HEAD_A, BODY_A)[:3] == (HEAD_A[0], HEAD_A[1], HEAD_A[2])


def test_parts_one_line():
    assert parts(["只有一行标题"])[:3] == ("", "只有一行标题", "")


def test_parts_two_lines_with_dash_subtitle():
    assert parts(["高新区召开安全生产工作会议", "——全面压实企业主体责任"])[:3] == (
        "",
        "高新区召开安全生产工作会议",
        "全面压实企业主体责任",
    )


def test_parts_two_lines_kicker_and_title():
    body = "高新区组织企业参加人工智能产业博览会，企业代表参观展区。"
    assert parts(["务实合作结硕果", "高新区企业亮相人工智能产业博览会"], body)[:3] == (
        "务实合作结硕果",
        "高新区企业亮相人工智能产业博览会",
        "",
    )


def test_parts_two_lines_title_and_longer_subtitle():
    body = "郑州高新区召开党建述职评议会，各党组织书记逐一述职，张红军作点评。"
    kicker, title, subtitle, _ = parts(["党建述职评议会召开", "各党组织书记逐一上台述职接受现场点评和测评"], body)
    assert (kicker, title) == ("", "党建述职评议会召开")
    assert subtitle.startswith("各党组织书记")


def test_generated_titles():
    p = [
        ParsedPerson("张红军", "高新区党工委书记"),
        ParsedPerson("吴志强", "应急管理部灭火救援专家组成员、中国安全产业协会副会长"),
    ]
    lead = "2月3日下午，高新区党工委书记张红军会见应急管理部灭火救援专家组成员、中国安全产业协会副会长吴志强，并就项目合作进行座谈。"
    assert generate_title(lead, p) == "张红军会见吴志强一行"
    lead4 = "2月8日上午，高新区党工委副书记王德敏主持召开2023世界金刚石大会总体方案汇报会，听取汇报。"
    assert (
        generate_title(lead4, [ParsedPerson("王德敏", "高新区党工委副书记")])
        == "王德敏主持召开2023世界金刚石大会总体方案汇报会"
    )
    assert generate_title("日前，记者从云台镇了解到，该镇开展环境整治行动。") == "该镇开展环境整治行动"
