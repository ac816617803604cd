"""Default evaluation framework from seed 000 (2.5(3)): counties/districts and parks judged on 创新管理,
创新环境, 创新能力 and 创新效果. The data are DEMO values drawn from a fixed seed, not statistics."""

import numpy as np
import pandas as pd

from .models import DataSet, Framework

ORDER = 20  # after plans: the live data set reads the accepted 2020 reports

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


def seed_evaluation(actor=None) -> Framework:
    """Create the demo framework with a 县区 and a 园区 data set, once."""
    from . import services

    existing = Framework.objects.filter(name=FRAMEWORK_NAME).first()
    if existing:
        return existing
    meta = meta_frame()
    first = services.framework_import(
        actor=actor,
        name=FRAMEWORK_NAME,
        meta=meta,
        data=data_frame("县区"),
        dataset_name="兰州市县区 2024（演示数据）",
        year=2024,
        is_demo=True,
        description="依据《创新型试点城市建设的思路》2.5(3)：从创新管理、创新环境、创新能力和创新效果四方面评价县区。"
        "数据为随机生成的演示数据，不是统计数据。",
    )
    DataSet.objects.create(
        framework=first.framework,
        name="兰州市县区 2023（演示数据）",
        year=2023,
        rows=services._records(previous_year(data_frame("县区"))),
        is_demo=True,
    )
    DataSet.objects.create(
        framework=first.framework,
        name="园区 2024（演示数据）",
        year=2024,
        rows=services._records(data_frame("园区")),
        is_demo=True,
    )
    return first.framework


def seed_evaluation_run(framework: Framework):
    """Published demo rankings of the districts for 2023 and 2024 (the latter with uncertainty and
    sensitivity analysis), once. Returns the 2024 run."""
    from . import services
    from .engine.pipeline import Settings
    from .models import Run

    settings = Settings(impute="group-mean:Group", treat="winsorise", range_=(0.0, 100.0))
    dataset = framework.datasets.get(name="兰州市县区 2024（演示数据）")
    existing = Run.objects.filter(dataset=dataset).first()
    if existing:
        return existing
    earlier = services.run_create(
        actor=None,
        dataset=framework.datasets.get(name="兰州市县区 2023（演示数据）"),
        title="兰州市县区创新评价 2023（演示）",
        settings=settings,
        uncertainty_runs=200,
    )
    services.run_publish(actor=None, run=earlier)
    run = services.run_create(
        actor=None,
        dataset=dataset,
        title="兰州市县区创新评价 2024（演示）",
        settings=settings,
        uncertainty_runs=1000,
        sensitivity_runs=128,
    )
    return services.run_publish(actor=None, run=run)


def seed_live_dataset(framework: Framework):
    """The parks again, with 高新技术企业数 taken live from the accepted 2020 progress reports, once."""
    from . import services

    name = "园区 2020（平台实时指标演示）"
    if framework.datasets.filter(name=name).exists():
        return None
    base = framework.datasets.get(name="园区 2024（演示数据）")
    return services.dataset_build_live(actor=None, base=base, year=2020, name=name)


def seed(*, with_activity: bool = True) -> str:
    """The demo framework, its published runs and, with activity, the data set built from live indicators."""
    framework = seed_evaluation()
    seed_evaluation_run(framework)
    if with_activity:
        seed_live_dataset(framework)
    return f"evaluation: {framework.name} ({framework.datasets.count()} data sets)"
