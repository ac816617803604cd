"""The demo's policies as data (see library.py): the "1+N" measures under the framework and the funding
measures of seed 000 §2.3, each clause with its condition (JSON Logic over the registry's variables) and amount
rule. The seeds give no numbers: every clause with conditions or amounts is labelled "（演示条款）"."""

from __future__ import annotations

DEMO = "（演示条款）"


def v(name):
    return {"var": name}


def ge(name, value):
    return {">=": [v(name), value]}


def has(name, value):
    return {"in": [value, v(name)]}


def one_of(name, values):
    return {"in": [v(name), values]}


def no(rule):
    return {"!": rule}


def fixed(amount):
    return {"type": "fixed", "amount": str(amount)}


def ratio(figure, rate, cap=None):
    rule = {"type": "ratio", "figure": figure, "rate": str(rate)}
    if cap is not None:
        rule["cap"] = str(cap)
    return rule


def tiered(figure, tiers):
    return {"type": "tiered", "figure": figure, "tiers": [{"min": str(m), "amount": str(a)} for m, a in tiers]}


NONE = {"type": "none"}

LANZHOU_TEXT = """为贯彻落实甘发〔2019〕16号文件精神，加快形成省、市、区三级联动支持自创区发展建设的“1+N”政策体系，\
结合兰州市实际，制定本措施。本措施适用于在兰州市注册、具有独立法人资格的企业。
（以下条款的条件和金额为平台演示数据，并非正式政策内容。）"""


def policies(orgs) -> list[dict]:
    lz_kjj, by_kjj = orgs["兰州市科学技术局"], orgs["白银市科学技术局"]
    return [
        {
            "title": f"兰州市支持兰白自创区建设加快高新技术企业发展的若干措施{DEMO}",
            "issuer": "兰州市人民政府",
            "doc_number": "兰政发〔2024〕演示1号",
            "level": "city",
            "owner": lz_kjj,
            "summary": "对在兰州市注册的高新技术企业、科技型中小企业给予认定奖励、研发投入后补助和培育支持。",
            "full_text": LANZHOU_TEXT,
            "clauses": [
                {
                    "number": "第三条",
                    "title": f"高新技术企业认定奖励{DEMO}",
                    "text": "对在兰州市注册、持有有效高新技术企业证书的企业给予一次性奖励 10 万元。",
                    "kind": "reward",
                    "no_application": True,
                    "condition": {
                        "and": [has("region", "lz"), ge("years_registered", 1), has("qualifications", "hnte")]
                    },
                    "amount_rule": fixed(100000),
                },
                {
                    "number": "第四条",
                    "title": f"企业研发投入后补助{DEMO}",
                    "text": "研发费用占销售收入比例不低于 3%、销售收入不低于 500 万元的企业，"
                    "按研发费用的 5% 给予后补助，最高 50 万元。",
                    "kind": "subsidy",
                    "no_application": True,
                    "condition": {"and": [has("region", "lz"), ge("rd_ratio", 3), ge("revenue", 5000000)]},
                    "amount_rule": ratio("rd_total", "0.05", 500000),
                },
                {
                    "number": "第五条",
                    "title": f"科技型中小企业研发奖励{DEMO}",
                    "text": "入库科技型中小企业按上年度研发费用分档奖励。",
                    "kind": "reward",
                    "no_application": True,
                    "condition": {"and": [has("qualifications", "tsme"), ge("rd_total", 1000000)]},
                    "amount_rule": tiered("rd_total", [(1000000, 50000), (5000000, 100000), (10000000, 200000)]),
                },
                {
                    "number": "第六条",
                    "title": f"高新技术企业培育库入库{DEMO}",
                    "text": "注册满 1 年、尚未认定为高新技术企业、拥有发明专利或"
                    "高新技术产品收入占比不低于 50% 的企业，可申请入库培育。",
                    "kind": "recognition",
                    "item": "cultivation",
                    "condition": {
                        "and": [
                            ge("years_registered", 1),
                            no(has("qualifications", "hnte")),
                            {"or": [ge("invention_patents", 1), ge("hitech_income_ratio", 50)]},
                        ]
                    },
                    "amount_rule": NONE,
                },
                {
                    "number": "第七条",
                    "title": f"瞪羚企业专项奖励{DEMO}",
                    "text": "对认定的瞪羚企业给予 30 万元奖励（经公平竞争审查，适用例外规定）。",
                    "kind": "reward",
                    "favours_specific": True,
                    "condition": {"and": [has("region", "lz"), has("qualifications", "gazelle")]},
                    "amount_rule": fixed(300000),
                },
            ],
            "review": "exception",
        },
        {
            "title": f"白银市支持白银自创区科技创新的若干政策措施{DEMO}",
            "issuer": "白银市人民政府",
            "doc_number": "市政发〔2024〕演示2号",
            "level": "city",
            "owner": by_kjj,
            "summary": "支持白银市企业加大研发投入、培育规上企业和发明专利。",
            "clauses": [
                {
                    "number": "第二条",
                    "title": f"白银市企业研发补助{DEMO}",
                    "kind": "subsidy",
                    "no_application": True,
                    "condition": {"and": [has("region", "by"), ge("rd_ratio", 2.5), ge("employees", 20)]},
                    "amount_rule": ratio("rd_total", "0.08", 300000),
                },
                {
                    "number": "第三条",
                    "title": f"规模以上企业首次入统奖励{DEMO}",
                    "kind": "reward",
                    "condition": {"and": [has("region", "by"), ge("revenue", 20000000)]},
                    "amount_rule": fixed(50000),
                    "item": "funds",
                },
                {
                    "number": "第四条",
                    "title": f"发明专利奖励{DEMO}",
                    "kind": "reward",
                    "no_application": True,
                    "condition": {"and": [has("region", "by"), ge("invention_patents", 3)]},
                    "amount_rule": tiered("invention_patents", [(3, 30000), (10, 80000), (20, 150000)]),
                },
            ],
        },
        {
            "title": f"兰州自创区促进科技成果转移转化实施细则{DEMO}",
            "issuer": "兰州自创区管委会",
            "doc_number": "兰自创发〔2024〕演示3号",
            "level": "park",
            "owner": orgs["兰州自创区管委会"],
            "summary": "支持技术合同登记、创新券使用、创新平台建设和在孵企业发展。",
            "clauses": [
                {
                    "number": "第五条",
                    "title": f"技术合同登记奖励{DEMO}",
                    "kind": "reward",
                    "condition": {"and": [has("region", "lzgx"), {"==": [v("kind"), "enterprise"]}]},
                    "amount_rule": fixed(20000),
                    "item": "contract",
                },
                {
                    "number": "第六条",
                    "title": f"科技创新券支持{DEMO}",
                    "kind": "service",
                    "condition": one_of("size", ["small", "micro"]),
                    "amount_rule": NONE,
                    "item": "voucher",
                },
                {
                    "number": "第七条",
                    "title": f"省级科技创新平台认定奖励{DEMO}",
                    "kind": "reward",
                    "condition": {"and": [ge("sci_staff", 10), ge("rd_total", 2000000)]},
                    "amount_rule": fixed(300000),
                    "item": "platform",
                },
                {
                    "number": "第八条",
                    "title": f"初创企业房租补贴{DEMO}",
                    "kind": "subsidy",
                    "no_application": True,
                    "condition": {
                        "and": [has("region", "lzgx"), {"<=": [v("years_registered"), 3]}, {"==": [v("size"), "micro"]}]
                    },
                    "amount_rule": fixed(30000),
                },
            ],
        },
        {
            "title": f"兰白自创区省级科技专项资金支持办法{DEMO}",
            "issuer": "甘肃省科学技术厅",
            "doc_number": "甘科发〔2024〕演示4号",
            "level": "provincial",
            "owner": orgs["甘肃省科学技术厅"],
            "summary": "省级科技专项资金支持自创区企业开展研发和科技型中小企业评价。",
            "clauses": [
                {
                    "number": "第三条",
                    "title": f"省级科技专项资金项目{DEMO}",
                    "kind": "subsidy",
                    "condition": {
                        "and": [has("region", "gs"), ge("years_registered", 1), {"==": [v("sanctioned"), False]}]
                    },
                    "amount_rule": NONE,
                    "item": "funds",
                },
                {
                    "number": "第四条",
                    "title": f"科技型中小企业评价入库{DEMO}",
                    "kind": "recognition",
                    "condition": {
                        "and": [
                            {"==": [v("kind"), "enterprise"]},
                            one_of("size", ["medium", "small", "micro"]),
                            ge("sci_ratio", 10),
                        ]
                    },
                    "amount_rule": NONE,
                    "item": "tsme",
                },
            ],
        },
        {
            "title": f"兰州市建设国家创新型城市引导资金政策措施{DEMO}",
            "issuer": "兰州市人民政府",
            "doc_number": "",
            "level": "city",
            "owner": lz_kjj,
            "parent": None,
            "summary": "种子文件 000 第 2.3 节“引导资金”：确保政府科技投入稳定增加，"
            "重点扶持关键创新环节，设立产学研合作专项资金、"
            "专利技术转化和产业化资金，促进科技信贷。条件和金额为演示数据。",
            "full_text": "（1）确保政府科技投入稳定增加。设立国家创新型城市建设专项资金……\n"
            "（2）重点扶持关键创新环节。对承担部级重大专项、"
            "重要计划和项目的兰州企业和科研机构，给予资金配套。对关键技术的攻关项目、对外开放科研实验设施的企业和科研院所、对建立技术转移中心"
            "的高校和科研机构给予奖励……\n（3）设立产学研合作专项资金……\n（4）设立专利技术转化和产业化资金……\n（5）促进地方商业银行、金融机构"
            "与创新型企业开展资金合作，增加科技信贷品种，扩大科技信贷规模。",
            "clauses": [
                {
                    "number": "（二）1",
                    "title": f"部级重大专项配套资金{DEMO}",
                    "kind": "subsidy",
                    "condition": {"and": [has("region", "lz"), ge("rd_total", 5000000)]},
                    "amount_rule": ratio("rd_total", "0.1", 1000000),
                    "item": "funds",
                },
                {
                    "number": "（二）2",
                    "title": f"关键技术攻关奖励{DEMO}",
                    "kind": "reward",
                    "condition": {"and": [has("region", "lz"), ge("invention_patents", 3), ge("rd_ratio", 4)]},
                    "amount_rule": fixed(200000),
                },
                {
                    "number": "（二）3",
                    "title": f"对外开放科研实验设施奖励{DEMO}",
                    "kind": "reward",
                    "condition": {
                        "and": [
                            has("region", "lz"),
                            {"or": [one_of("kind", ["university", "institute"]), ge("total_assets", 50000000)]},
                        ]
                    },
                    "amount_rule": fixed(100000),
                },
                {
                    "number": "（二）4",
                    "title": f"技术转移中心建设奖励{DEMO}",
                    "kind": "reward",
                    "condition": {"and": [has("region", "lz"), one_of("kind", ["university", "institute"])]},
                    "amount_rule": fixed(150000),
                },
                {
                    "number": "（三）",
                    "title": f"产学研合作奖励{DEMO}",
                    "kind": "reward",
                    "condition": {"and": [ge("sci_ratio", 20), ge("invention_patents", 1)]},
                    "amount_rule": fixed(50000),
                },
                {
                    "number": "（四）",
                    "title": f"专利技术转化和产业化资金{DEMO}",
                    "kind": "subsidy",
                    "condition": {"and": [ge("invention_patents", 2), ge("hitech_income_ratio", 60)]},
                    "amount_rule": tiered("revenue", [(0, 50000), (50000000, 100000), (200000000, 200000)]),
                },
                {
                    "number": "（五）",
                    "title": f"科技信贷贴息{DEMO}",
                    "kind": "interest",
                    "condition": {"and": [one_of("size", ["small", "micro"]), {"==": [v("sanctioned"), False]}]},
                    "amount_rule": NONE,
                },
            ],
        },
    ]
