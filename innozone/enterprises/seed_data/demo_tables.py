"""Tables the registry's demo (innozone/enterprises/demo.py) draws from: fields with industries, places,
name parts and the self-assessment profiles."""

#: the market's technical fields (innozone/market/engine/fields.txt), with industries and the 高企 field
FIELDS = {
    "新材料": ([("C3091", "石墨及碳素制品制造"), ("C3985", "电子专用材料制造")], "materials"),
    "有色金属": ([("C3240", "有色金属合金制造"), ("C3239", "其他稀有金属冶炼")], "materials"),
    "新能源": ([("C3841", "锂离子电池制造"), ("C3825", "光伏设备及元器件制造")], "energy"),
    "生物医药": ([("C2761", "生物药品制造"), ("C2740", "中成药生产")], "biomed"),
    "电子信息": ([("I6513", "应用软件开发"), ("C3976", "光电子器件制造")], "electronics"),
    "先进制造": ([("C3491", "工业机器人制造"), ("C3421", "金属切削机床制造")], "manufacturing"),
    "节能环保": ([("C3591", "环境保护专用设备制造"), ("M7452", "检测服务")], "environment"),
    "现代农业": ([("M7330", "农业科学研究和试验发展"), ("C1495", "食品及饲料添加剂制造")], "biomed"),
    "化工": ([("C2614", "有机化学原料制造"), ("C2669", "其他专用化学产品制造")], "materials"),
    "装备制造": ([("C3511", "矿山机械制造"), ("C3441", "泵及真空设备制造")], "manufacturing"),
}
FIELD_WORDS = {
    "新材料": "新材料科技",
    "有色金属": "有色金属",
    "新能源": "新能源科技",
    "生物医药": "生物医药",
    "电子信息": "信息技术",
    "先进制造": "智能制造",
    "节能环保": "环保科技",
    "现代农业": "农业科技",
    "化工": "精细化工",
    "装备制造": "装备制造",
}
#: GB/T 2260 codes of the districts and counties (the parks take their city's code)
DIVISIONS = {
    "lz": "620100", "lz-cg": "620102", "lz-qlh": "620103", "lz-xg": "620104", "lz-an": "620105",
    "lz-hg": "620111", "lz-yd": "620121", "lz-gl": "620122", "lz-yz": "620123",
    "by": "620400", "by-by": "620402", "by-pc": "620403", "by-jy": "620421", "by-hn": "620422", "by-jt": "620423",
}  # fmt: skip
PARK_CITY = {"lzgx": "lz", "lzxq": "lz", "lzjk": "lz", "bygx": "by"}
#: where the demo enterprises sit: (district, park or None), weighted towards the parks
PLACES = [
    ("lz-cg", "lzgx"), ("lz-an", "lzgx"), ("lz-cg", "lzgx"), ("lz-yd", "lzxq"), ("lz-gl", "lzxq"),
    ("lz-yd", "lzxq"), ("lz-an", "lzjk"), ("lz-xg", "lzjk"), ("by-by", "bygx"), ("by-by", "bygx"),
    ("lz-cg", None), ("lz-qlh", None), ("lz-xg", None), ("lz-hg", None), ("lz-yz", None),
    ("by-by", None), ("by-pc", None), ("by-jy", None), ("by-hn", None), ("by-jt", None),
]  # fmt: skip
TRADE_NAMES = (
    "瑞丰 恒泰 华创 博远 天元 鼎新 晟达 安泰 嘉禾 同创 九州 长风 青城 汇川 锦程 金岸 皋兰 黄河 陇韵 祁连 丝路 敦煌"
)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = "建华 志强 海燕 国栋 丽娟 文博 晓东 明辉 玉兰 振宇 永红 春梅 立新 浩然 思远 雅琴 德胜 秀英 家豪 子涵".split()  # noqa: SIM905
#: the self-assessment outcomes the figures are shaped to give (cycled over the demo enterprises)
PROFILES = [
    "ready", "tsme_only", "mid_band", "no_ip", "low_sci", "ready", "low_rd", "foreign_rd",
    "low_hitech", "young", "large", "two_years",
]  # fmt: skip
#: words in an organization's name that tell its technical field, tried in order
FIELD_KEYWORDS = (
    ("有色", "有色金属"), ("稀土", "新材料"), ("新材料", "新材料"), ("新能源", "新能源"), ("生物", "生物医药"),
    ("制药", "生物医药"), ("医", "生物医药"), ("电子", "电子信息"), ("智能", "先进制造"), ("机械", "装备制造"),
    ("电机", "装备制造"), ("电工", "装备制造"), ("环保", "节能环保"), ("环境", "节能环保"), ("农", "现代农业"),
    ("畜牧", "现代农业"), ("化", "化工"), ("石", "化工"), ("检", "节能环保"), ("测", "新材料"),
)  # fmt: skip
#: the cultivation pipeline: each stage with the moves that lead there from 入库
PIPELINE_PATHS = [
    ("entered", []),
    ("coaching", ["coaching"]),
    ("applied", ["coaching", "applied"]),
    ("recognised", ["coaching", "applied", "recognised"]),
    ("rejected", ["coaching", "applied", "rejected"]),
    ("renewal", ["coaching", "applied", "recognised", "renewal"]),
]
