"""The example framework from seed 000 (2.5(3)): counties/districts and parks judged on 创新管理, 创新环境,
创新能力 and 创新效果, as COINr tables. The data are DEMO values drawn from a fixed seed, not statistics.
Used by the demo data and as the example inside the import template."""

import numpy as np
import pandas as pd

FRAMEWORK_NAME = "兰州市创新型县区评价指标体系（演示）"

# Indicators the platform can compute from its own data (iMeta column Source): plan progress reports.
LIVE = {"F1": "plans:高新技术企业"}

PILLARS = [
    (
        "Mgmt",
        "创新管理",
        [
            ("M1", "科技管理机构人员数", "人", 1),
            ("M2", "年度出台科技政策文件数", "件", 1),
            ("M3", "科技计划项目组织数", "项", 1),
        ],
    ),
    (
        "Env",
        "创新环境",
        [
            ("E1", "地方财政科技支出占比", "%", 1),
            ("E2", "科技企业孵化器面积", "万平方米", 1),
            ("E3", "工程建设项目审批时限", "工作日", -1),
        ],
    ),
    (
        "Cap",
        "创新能力",
        [("C1", "R&D经费投入强度", "%", 1), ("C2", "每万人R&D人员", "人", 1), ("C3", "每万人发明专利拥有量", "件", 1)],
    ),
    (
        "Eff",
        "创新效果",
        [
            ("F1", "高新技术企业数", "家", 1),
            ("F2", "技术合同成交额", "亿元", 1),
            ("F3", "高新技术产业增加值占比", "%", 1),
        ],
    ),
]

UNITS = {
    "县区": [
        ("CG", "城关区", "城区"),
        ("QLH", "七里河区", "城区"),
        ("XG", "西固区", "城区"),
        ("AN", "安宁区", "城区"),
        ("HG", "红古区", "城区"),
        ("YD", "永登县", "县域"),
        ("GL", "皋兰县", "县域"),
        ("YZ", "榆中县", "县域"),
    ],
    "园区": [
        ("LZXQ", "兰州新区", "国家级新区"),
        ("LZGX", "兰州高新区", "国家高新区"),
        ("BYGX", "白银高新区", "国家高新区"),
        ("LZJK", "兰州经开区", "国家经开区"),
    ],
}


def meta_frame() -> pd.DataFrame:
    rows = []
    for code, _name, indicators in PILLARS:
        for icode, iname, unit, direction in indicators:
            rows.append(
                {
                    "iCode": icode,
                    "iName": iname,
                    "Level": 1,
                    "Parent": code,
                    "Direction": direction,
                    "Weight": 1,
                    "Unit": unit,
                    "Type": "Indicator",
                    "Source": LIVE.get(icode),
                }
            )
    rows += [
        {
            "iCode": code,
            "iName": name,
            "Level": 2,
            "Parent": "Index",
            "Direction": 1,
            "Weight": 1,
            "Unit": "",
            "Type": "Aggregate",
        }
        for code, name, _ in PILLARS
    ]
    rows.append(
        {
            "iCode": "Index",
            "iName": "创新综合指数",
            "Level": 3,
            "Parent": None,
            "Direction": 1,
            "Weight": 1,
            "Unit": "",
            "Type": "Aggregate",
        }
    )
    rows.append(
        {
            "iCode": "Group",
            "iName": "类型",
            "Level": None,
            "Parent": None,
            "Direction": None,
            "Weight": None,
            "Unit": "",
            "Type": "Group",
        }
    )
    return pd.DataFrame(rows)


def data_frame(kind: str, seed: int = 2020) -> pd.DataFrame:
    rng = np.random.default_rng(seed + len(kind))
    scale = {
        "M1": 60,
        "M2": 12,
        "M3": 40,
        "E1": 2.5,
        "E2": 20,
        "E3": 90,
        "C1": 1.5,
        "C2": 30,
        "C3": 8,
        "F1": 80,
        "F2": 20,
        "F3": 25,
    }
    rows = []
    for code, name, group in UNITS[kind]:
        strength = rng.uniform(0.4, 1.6)
        row = {"uCode": code, "uName": name, "Group": group}
        for icode, base in scale.items():
            value = base * strength * rng.lognormal(0, 0.35)
            row[icode] = round(float(value), 2)
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.loc[len(frame) - 1, "C2"] = np.nan  # one gap, filled by group-mean imputation
    return frame


def previous_year(frame: pd.DataFrame, seed: int = 2023) -> pd.DataFrame:
    """Last year's demo values: this year's with a little less growth and some noise."""
    rng = np.random.default_rng(seed)
    earlier = frame.copy()
    for col in [c for c in frame.columns if c not in ("uCode", "uName", "Group")]:
        earlier[col] = (frame[col] * rng.lognormal(-0.06, 0.15, size=len(frame))).round(2)
    return earlier
