"""Regions, organizations, aliases and groups named by the seed documents.

Group membership is the demo's best reading of the documents and is editable in the admin:
the documents name the leading groups' member units only through the tasks they are given.
"""

REGIONS = [
    # code, name, short name, kind, parent code
    ("gs", "甘肃省", "甘肃", "province", None),
    ("lz", "兰州市", "兰州", "city", "gs"),
    ("by", "白银市", "白银", "city", "gs"),
    ("lz-cg", "城关区", "", "district", "lz"),
    ("lz-qlh", "七里河区", "", "district", "lz"),
    ("lz-xg", "西固区", "", "district", "lz"),
    ("lz-an", "安宁区", "", "district", "lz"),
    ("lz-hg", "红古区", "", "district", "lz"),
    ("lz-yd", "永登县", "", "county", "lz"),
    ("lz-gl", "皋兰县", "", "county", "lz"),
    ("lz-yz", "榆中县", "", "county", "lz"),
    ("by-by", "白银区", "", "district", "by"),
    ("by-pc", "平川区", "", "district", "by"),
    ("by-jy", "靖远县", "", "county", "by"),
    ("by-hn", "会宁县", "", "county", "by"),
    ("by-jt", "景泰县", "", "county", "by"),
    ("lbzc", "兰州白银国家自主创新示范区", "兰白自创区", "zone", "gs"),
    ("lbsy", "兰白科技创新改革试验区", "兰白试验区", "zone", "gs"),
    ("lzxq", "兰州新区", "", "park", "lz"),
    ("lzgx", "兰州高新技术产业开发区", "兰州高新区", "park", "lz"),
    ("bygx", "白银高新技术产业开发区", "白银高新区", "park", "by"),
    ("lzjk", "兰州经济技术开发区", "兰州经开区", "park", "lz"),
]

ORGANIZATIONS = [
    # name, kind, region code, aliases
    ("兰白国家自主创新示范区办公室", "leading_group_office", "lbzc", ["兰白自创区办公室", "自创区办公室"]),
    ("兰白自创区建设领导小组", "leading_group", "lbzc", ["自创区领导小组"]),
    ("兰白试验区建设领导小组", "leading_group", "lbsy", ["试验区领导小组"]),
    ("兰州市人民政府", "government", "lz", ["兰州市"]),
    ("白银市人民政府", "government", "by", ["白银市"]),
    ("兰州自创区管委会", "committee", "lzgx", []),
    ("白银自创区管委会", "committee", "bygx", []),
    ("兰州新区管委会", "committee", "lzxq", ["兰州新区"]),
    ("兰州高新区管委会", "committee", "lzgx", ["兰州高新区", "兰州高新技术产业开发区管委会"]),
    ("白银高新区管委会", "committee", "bygx", ["白银高新区", "白银高新技术产业开发区管委会"]),
    ("兰州经开区管委会", "committee", "lzjk", ["兰州经开区", "兰州经济技术开发区管委会"]),
    ("甘肃省科学技术厅", "department", "gs", ["省科技厅"]),
    ("甘肃省教育厅", "department", "gs", ["省教育厅"]),
    ("甘肃省发展和改革委员会", "department", "gs", ["省发展改革委", "省发改委"]),
    ("甘肃省工业和信息化厅", "department", "gs", ["省工信厅"]),
    ("甘肃省市场监督管理局", "department", "gs", ["省市场监管局"]),
    ("中共甘肃省委组织部", "department", "gs", ["省委组织部"]),
    ("甘肃省人力资源和社会保障厅", "department", "gs", ["省人社厅"]),
    ("兰州市科学技术局", "department", "lz", ["市科技局", "兰州市科技局"]),
    ("白银市科学技术局", "department", "by", ["白银市科技局"]),
    ("丝绸之路国际知识产权港有限责任公司", "intermediary", "lz", ["丝绸之路国际知识产权港公司"]),
    ("兰州科技大市场公司", "intermediary", "lz", []),
    ("兰州市建设国家创新型试点城市领导小组", "leading_group", "lz", []),
    ("兰州国家创新型试点城市专家委员会", "intermediary", "lz", ["专家委员会"]),
    ("自创区领导小组成员单位", "group", "lbzc", ["自创区领导小组各成员单位"]),
    ("自创区、试验区领导小组成员单位", "group", "lbzc", ["自创区、试验区领导小组各成员单位"]),
    ("自创区、试验区领导小组相关成员单位", "group", "lbzc", []),
    # Demo enterprise, university, institute and provider for the other roles.
    ("兰州大学", "university", "lz-cg", []),
    ("中国科学院兰州化学物理研究所", "institute", "lz-cg", ["兰州化物所"]),
    ("甘肃陇原新材料科技有限公司", "enterprise", "lzgx", []),
    ("甘肃省分析测试中心（演示）", "provider", "lz-cg", []),
    # Demo finance office (the second step of a disbursement: staff → finance) and a cooperating bank.
    ("兰白自创区办公室财务科（演示）", "department", "lbzc", ["自创区财务科"]),
    ("兰州银行科技支行（演示）", "financial", "lz-cg", []),
]

# Members of the leading groups and of the groups a document means by "…各成员单位".
_PROVINCIAL_MEMBERS = [
    "甘肃省科学技术厅",
    "甘肃省教育厅",
    "甘肃省发展和改革委员会",
    "甘肃省工业和信息化厅",
    "甘肃省市场监督管理局",
    "中共甘肃省委组织部",
    "甘肃省人力资源和社会保障厅",
    "兰州市人民政府",
    "白银市人民政府",
]
GROUPS = [
    ("兰白自创区建设领导小组", _PROVINCIAL_MEMBERS),
    ("兰白试验区建设领导小组", _PROVINCIAL_MEMBERS),
    ("自创区领导小组成员单位", _PROVINCIAL_MEMBERS),
    ("自创区、试验区领导小组成员单位", _PROVINCIAL_MEMBERS),
    ("自创区、试验区领导小组相关成员单位", _PROVINCIAL_MEMBERS),
    ("兰州市建设国家创新型试点城市领导小组", ["兰州市科学技术局"]),
]

# Demo users: username, display name, role, organization. All share DEMO_PASSWORD.
DEMO_PASSWORD = "Innozone-2020"
USERS = [
    ("office", "自创区办公室 王主任", "office_admin", "兰白国家自主创新示范区办公室"),
    ("lanzhou", "兰州市 协调员", "coordinator", "兰州市人民政府"),
    ("baiyin", "白银市 协调员", "coordinator", "白银市人民政府"),
    ("kjt", "省科技厅 协调员", "coordinator", "甘肃省科学技术厅"),
    ("kjj", "兰州市科技局 协调员", "coordinator", "兰州市科学技术局"),
    ("scjg", "省市场监管局 协调员", "coordinator", "甘肃省市场监督管理局"),
    ("lzxq", "兰州新区 填报员", "reporter", "兰州新区管委会"),
    ("lzgx", "兰州高新区 填报员", "reporter", "兰州高新区管委会"),
    ("bygx", "白银高新区 填报员", "reporter", "白银高新区管委会"),
    ("enterprise", "陇原新材料 企业用户", "enterprise", "甘肃陇原新材料科技有限公司"),
    ("provider", "分析测试中心 服务机构", "provider", "甘肃省分析测试中心（演示）"),
    ("expert", "兰州大学 专家", "expert", "兰州大学"),
    ("finance", "财务科 审核员", "finance", "兰白自创区办公室财务科（演示）"),
    ("bank", "兰州银行 科技支行", "bank", "兰州银行科技支行（演示）"),
    ("leader", "省领导（只读）", "leader", "兰白自创区建设领导小组"),
    ("auditor", "审计员", "auditor", "兰白国家自主创新示范区办公室"),
]
