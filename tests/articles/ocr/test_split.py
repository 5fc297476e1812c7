from articles.ocr.split import is_headline_like, split_page, strip_lead


def test_seed_chunks_bylines_and_headline_gap(seed_text):
    page = split_page(seed_text)
    assert len(page.chunks) == 4
    assert len(page.gaps) == 5
    assert [c.byline_lines for c in page.chunks] == [
        ["记者 孙庆辉 文/图"],
        ["记者 孙庆辉", "通讯员 王彦凯 邵泳淇"],
        ["记者 孙庆辉 通讯员 杨斯捷"],
        ["记者 孙庆辉", "通讯员 寄静媛"],
    ]
    assert page.gaps[1] == [
        ["坚持大抓基层的鲜明导向", "有力推动基层党建工作全面提质", "高新区党（工）委（党组）书记述职评议“交答卷”"]
    ]
    assert page.gaps[0] == page.gaps[2] == page.gaps[3] == page.gaps[4] == []
    # headline and byline lines are not part of the body
    body = "".join(page.chunks[0].lines)
    assert "鲜明导向有力" not in body and "孙庆辉" not in body


def test_composed_preamble_and_lead_bylines(composed_text):
    page = split_page(composed_text)
    assert len(page.chunks) == 4
    assert page.gaps[0] == [["高新区召开安全生产工作会议", "——全面压实企业主体责任"]]
    assert page.gaps[3] == [["务实合作结硕果", "高新区企业亮相AI产业博览会"]]
    assert page.chunks[0].lead_byline == "记者 李明 通讯员 王芳"
    assert page.chunks[1].lead_byline == "记者 张三 通讯员 李四、王五"
    assert page.chunks[2].byline_lines == ["通讯员戴忠祥邱新玲"]


def test_headline_without_blank_after_sentence_end():
    text = "本报讯 3月1日，某区召开会议。\n会议要求抓落实。\n\n本报讯 3月2日，另一条消息。\n记者 王五\n标题行在这里\n"
    page = split_page(text)
    assert page.gaps[2] == [["标题行在这里"]]
    assert page.chunks[1].byline_lines == ["记者 王五"]


def test_glued_byline_is_split_off():
    page = split_page("本报讯 3月1日，某区召开会议，部署全年工作任务。记者 孙庆辉\n")
    assert page.chunks[0].byline_lines == ["记者 孙庆辉"]
    assert "孙庆辉" not in "".join(page.chunks[0].lines)


def test_no_marker_gives_no_chunks():
    assert split_page("今天天气很好。\n").chunks == []


def test_is_headline_like():
    assert is_headline_like("有力推动基层党建工作全面提质")
    assert not is_headline_like("会议要求，")
    assert not is_headline_like("一句话。又一句话")
    assert not is_headline_like("本报讯 2月3日")


def test_strip_lead():
    assert strip_lead("本报讯2月12日，郑州") == "2月12日，郑州"
    assert strip_lead("【本报讯】（记者李明通讯员王芳）3月14日上午") == "3月14日上午"
    assert strip_lead("本报讯（郑州）2月12日") == "（郑州）2月12日"
