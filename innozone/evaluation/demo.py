"""Demo data of the evaluation: the example framework (example.py) with its data sets and published runs."""

from .example import FRAMEWORK_NAME, data_frame, meta_frame, previous_year
from .models import DataSet, Framework

ORDER = 20  # after plans: the live data set reads the accepted 2020 reports


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
