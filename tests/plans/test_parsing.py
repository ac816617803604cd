"""The plan parser on its own (no database): seed 001, annotation styles, targets, deadlines, numbering."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from innozone.plans.parsing import parse_text, read_docx
from innozone.plans.seed_data import lanbai_2020

# A verbatim copy of the seed document, news-page clutter included (see corpus/SOURCES.md).
SEED_001 = Path(__file__).parent / "corpus" / "seed001.txt"


def units(task):
    return {"lead": list(task.lead), "implementing": list(task.implementing), "cooperating": list(task.cooperating)}


def test_seed_001_parses_to_the_structure_entered_by_hand():
    parsed = parse_text(SEED_001.read_text(encoding="utf-8"))
    assert parsed.year == lanbai_2020.YEAR
    assert parsed.title == lanbai_2020.TITLE
    assert [(n, t) for n, t in parsed.sections] == [(n, t) for n, t in lanbai_2020.SECTIONS]
    assert len(parsed.tasks) == len(lanbai_2020.TASKS) == 10
    for got, want in zip(parsed.tasks, lanbai_2020.TASKS, strict=True):
        assert got.number == want["number"]
        assert got.section == want["section"]
        assert got.text == want["text"]
        assert units(got) == {r: want[r] for r in ("lead", "implementing", "cooperating")}, got.number
    targets = [(t.indicator, t.unit, t.comparator, t.value, t.split) for t in parsed.tasks[5].targets]
    want = [
        (i["name"], i["unit"], i["comparator"], Decimal(i["target"]), {k: Decimal(v) for k, v in i["split"].items()})
        for i in lanbai_2020.INDICATORS
    ]
    assert targets == want
    assert all(not t.targets for i, t in enumerate(parsed.tasks) if i != 5)


def test_seed_001_news_page_clutter_is_listed_as_unplaced_not_swallowed():
    parsed = parse_text(SEED_001.read_text(encoding="utf-8"))
    unplaced = " ".join(u.text for u in parsed.unplaced)
    assert "相关新闻" in unplaced
    assert "相关新闻" not in parsed.tasks[-1].text


def test_full_width_brackets_and_semicolons():
    text = "2021年工作要点\n一、重点任务\n1．建设创新平台。（牵头单位：省科技厅；配合单位：省财政厅、省发展改革委）\n"
    (task,) = parse_text(text).tasks
    assert units(task) == {"lead": ["省科技厅"], "implementing": [], "cooperating": ["省财政厅", "省发展改革委"]}
    assert task.text == "建设创新平台。"
    assert task.section == "一、重点任务"


def test_square_bracket_labels():
    text = "（一）优化环境\n1.推进放管服改革。【牵头单位】省政务服务局 【责任单位】兰州市、白银市\n"
    (task,) = parse_text(text).tasks
    assert units(task) == {"lead": ["省政务服务局"], "implementing": ["兰州市", "白银市"], "cooperating": []}


def test_annotation_after_a_dash():
    text = "一、任务\n1.加快成果转化——牵头单位：省科技厅；协办单位：省教育厅\n"
    (task,) = parse_text(text).tasks
    assert units(task) == {"lead": ["省科技厅"], "implementing": [], "cooperating": ["省教育厅"]}
    assert task.text == "加快成果转化"


def test_annotation_on_the_next_line_and_time_limit():
    text = (
        "一、任务\n（一）培育科技型企业。\n责任单位：省科技厅、省工信厅\n完成时限：2021年9月\n"
        "（二）另一项。\n责任单位：省财政厅\n"
    )
    parsed = parse_text(text, year=2021)
    assert [units(t)["implementing"] for t in parsed.tasks] == [["省科技厅", "省工信厅"], ["省财政厅"]]
    assert parsed.tasks[0].deadline == dt.date(2021, 9, 30)
    assert parsed.tasks[0].text == "培育科技型企业。"


def test_first_listed_unit_leads_when_the_document_says_so():
    text = "说明：列第一位的为牵头单位。\n一、任务\n1.建设孵化器。（责任单位：兰州市、兰州新区管委会、省科技厅）\n"
    parsed = parse_text(text)
    assert parsed.first_listed_leads
    assert units(parsed.tasks[0]) == {
        "lead": ["兰州市"],
        "implementing": ["兰州新区管委会", "省科技厅"],
        "cooperating": [],
    }


def test_without_the_rule_an_implementing_list_stays_implementing():
    text = "一、任务\n1.建设孵化器。（责任单位：兰州市、省科技厅）\n"
    assert units(parse_text(text).tasks[0])["lead"] == []


def test_role_verbs_after_the_names():
    text = "一、任务\n1.完善政策体系。（省发展改革委牵头，省科技厅、省财政厅配合）\n"
    assert units(parse_text(text).tasks[0]) == {
        "lead": ["省发展改革委"],
        "implementing": [],
        "cooperating": ["省科技厅", "省财政厅"],
    }


def test_other_role_words_and_trailing_deng():
    text = "一、任务\n1.推进。(主责单位:省科技厅;承办单位:兰州市等;参与单位:各市(州)人民政府)\n"
    assert units(parse_text(text).tasks[0]) == {
        "lead": ["省科技厅"],
        "implementing": ["兰州市"],
        "cooperating": ["各市(州)人民政府"],
    }


def test_a_bracket_without_role_words_is_part_of_the_text():
    text = "一、任务\n1.落实《若干意见》(甘发〔2019〕16号)精神。(牵头单位:省科技厅)\n"
    (task,) = parse_text(text).tasks
    assert task.text == "落实《若干意见》(甘发〔2019〕16号)精神。"
    assert units(task)["lead"] == ["省科技厅"]


@pytest.mark.parametrize(
    ("sentence", "indicator", "value", "unit", "comparator"),
    [
        ("开发100个以上新产品", "新产品", "100", "个", ">="),
        ("技术合同成交额达到300亿元", "技术合同成交额", "300", "亿元", "="),
        ("研发经费投入强度不低于2.5%", "研发经费投入强度", "2.5", "%", ">="),
        ("新增高新技术企业超过50家", "高新技术企业", "50", "家", ">"),
        ("支持资金不少于5000万元", "支持资金", "5000", "万元", ">="),
        ("培育和引进100个以上创新团队", "创新团队", "100", "个", ">="),
        ("能耗控制在120万吨以内", "能耗", "120", "万吨", "<="),
    ],
)
def test_quantified_targets(sentence, indicator, value, unit, comparator):
    (task,) = parse_text(f"一、任务\n1.{sentence}。(牵头单位:省科技厅)\n").tasks
    (target,) = task.targets
    assert (target.indicator, target.value, target.unit, target.comparator) == (
        indicator,
        Decimal(value),
        unit,
        comparator,
    )


def test_split_by_city_in_brackets_and_years_are_not_targets():
    text = (
        "一、任务\n1.2021年培育100家以上高新技术企业（兰州80、白银20），落实甘发〔2019〕16号文件。(牵头单位:兰州市)\n"
    )
    (task,) = parse_text(text).tasks
    (target,) = task.targets
    assert target.split == {"兰州": Decimal(80), "白银": Decimal(20)}


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("2020年6月底前完成", dt.date(2020, 6, 30)),
        ("年底前完成", dt.date(2021, 12, 31)),
        ("上半年完成", dt.date(2021, 6, 30)),
        ("2022年3月31日前完成", dt.date(2022, 3, 31)),
        ("三季度完成", dt.date(2021, 9, 30)),
        ("长期坚持", None),
        ("持续推进", None),
        ("2020年6月底前启动，2020年11月底前完成", dt.date(2020, 11, 30)),
    ],
)
def test_deadlines(phrase, expected):
    (task,) = parse_text(f"2021年工作要点\n一、任务\n1.推进建设，{phrase}。(牵头单位:省科技厅)\n").tasks
    assert task.deadline == expected


def test_a_year_mentioned_in_passing_is_not_a_deadline():
    (task,) = parse_text("一、任务\n1.总结2019年12月获批以来的经验。(牵头单位:省科技厅)\n", year=2021).tasks
    assert task.deadline is None


def test_numbering_levels_full_width_and_circled():
    text = (
        "一、总体任务\n（一）创新主体\n１．培育企业。（牵头单位：省科技厅）\n"
        "（二）创新平台\n(1)建设实验室。（牵头单位：省教育厅）\n①建设中试基地。（牵头单位：省工信厅）\n"
    )
    parsed = parse_text(text)
    assert [(t.number, t.section) for t in parsed.tasks] == [
        ("1", "（一）创新主体"),
        ("①", "(1)建设实验室。（牵头单位：省教育厅）"),  # (1) holds an annotated item, so ① is the task
    ]


def test_units_given_at_section_level_make_the_section_the_task():
    text = "一、任务\n（一）建设平台。（牵头单位：省科技厅）\n1.建设实验室。\n2.建设中心。\n"
    (task,) = parse_text(text).tasks
    assert task.number == "一"
    assert "建设实验室" in task.text and "建设中心" in task.text
    assert units(task)["lead"] == ["省科技厅"]


def test_docx_paragraphs_and_tables(tmp_path):
    from docx import Document

    doc = Document()
    doc.add_paragraph("2021年重点工作任务分工方案")
    doc.add_paragraph("一、重点任务")
    doc.add_paragraph("1.建设创新平台。（牵头单位：省科技厅；配合单位：省财政厅）")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "附表"
    table.rows[0].cells[1].text = "说明"
    buffer = io.BytesIO()
    doc.save(buffer)
    text = read_docx(io.BytesIO(buffer.getvalue()))
    assert "附表\t说明" in text
    parsed = parse_text(text)
    assert parsed.year == 2021
    assert units(parsed.tasks[0]) == {"lead": ["省科技厅"], "implementing": [], "cooperating": ["省财政厅"]}


def test_spans_point_at_the_source_text():
    text = SEED_001.read_text(encoding="utf-8")
    parsed = parse_text(text)
    for task in parsed.tasks:
        for span in task.spans:
            if span.kind == "unit":
                assert text[span.start : span.end].strip() in task.units(span.label)


PIECES = st.sampled_from(
    [
        "一、",
        "（一）",
        "1.",
        "(1)",
        "①",
        "牵头单位：",
        "配合单位:",
        "责任单位",
        "【牵头单位】",
        "——",
        "；",
        "、",
        "，",
        "（",
        "）",
        "(",
        ")",
        "\n",
        "省科技厅",
        "兰州市",
        "100个以上",
        "新产品",
        "(兰州80、白银20)",
        "年底前",
        "2020年6月底前",
        "列第一位的为牵头单位",
        "牵头",
        "配合",
        "各成员单位",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=40).map("".join))
def test_never_crashes_and_never_invents_a_unit(text):
    parsed = parse_text(text)
    for task in parsed.tasks:
        for role in ("lead", "implementing", "cooperating"):
            for name in task.units(role):
                assert name and name in text
        for span in task.spans:
            assert 0 <= span.start <= span.end <= len(text)


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_windows_and_old_mac_line_breaks_parse_alike_and_spans_point_into_the_given_text(newline):
    plain = SEED_001.read_text(encoding="utf-8")
    text = plain.replace("\n", newline)
    expected, parsed = parse_text(plain), parse_text(text)
    assert [t.as_dict() for t in parsed.tasks] == [t.as_dict() for t in expected.tasks]
    for task in parsed.tasks:
        for span in task.spans:
            if span.kind == "unit":
                assert text[span.start : span.end].strip() in task.units(span.label)
