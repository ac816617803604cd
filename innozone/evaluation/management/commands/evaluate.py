import sys

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from innozone.evaluation.engine import FrameworkError, read_coinr, run_pipeline
from innozone.evaluation.engine.pipeline import Settings
from innozone.evaluation.engine.uncertainty import Alternatives, uncertainty


def _range(text: str) -> tuple[float, float]:
    lo, hi = (float(v) for v in text.split(","))
    return lo, hi


class Command(BaseCommand):
    help = (
        "Compute a composite index from COINr-shaped iData/iMeta tables (CSV or Excel) and write one row per unit: "
        "uCode, every aggregate, Rank (and with --uncertainty the median rank and 5–95% interval)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="iData table (CSV or Excel)")
        parser.add_argument("--meta", required=True, help="iMeta table (CSV or Excel)")
        parser.add_argument("--denominate", action="store_true")
        parser.add_argument("--impute", default="none", help="none | mean | median | group-mean:COL | group-median:COL")
        parser.add_argument("--screen", type=float, default=None, help="minimum share of available data per unit")
        parser.add_argument("--treat", choices=["none", "winsorise"], default="none")
        parser.add_argument("--normalise", choices=["minmax", "zscore", "rank", "dist2targ"], default="minmax")
        parser.add_argument("--range", type=_range, default=(0.0, 100.0), help="min-max range, e.g. 0,100")
        parser.add_argument("--m-sd", type=_range, default=(0.0, 1.0), help="z-score mean,sd, e.g. 0,1")
        parser.add_argument("--aggregate", choices=["amean", "gmean", "hmean"], default="amean")
        parser.add_argument(
            "--weighting",
            choices=["manual", "equal", "pca"],
            default="manual",
            help="iMeta weights, equal weights, or weights from each pillar's first principal component",
        )
        parser.add_argument(
            "--uncertainty",
            type=int,
            default=0,
            metavar="N",
            help="N Monte Carlo replications varying weights (±25%%), normalisation and aggregation",
        )
        parser.add_argument("--seed", type=int, default=0)
        parser.add_argument("--out", default="-", help="CSV file to write (default: standard output)")

    def handle(self, *args, **opts):
        try:
            dataset = read_coinr(opts["data"], opts["meta"])
        except FrameworkError as e:
            raise CommandError("\n".join(["invalid input:", *(f"  {p}" for p in str(e).split("; "))])) from e
        except (OSError, ValueError) as e:
            raise CommandError(str(e)) from e
        settings = Settings(
            denominate=opts["denominate"],
            screen=opts["screen"],
            impute=opts["impute"],
            treat=opts["treat"],
            normalise=opts["normalise"],
            range_=opts["range"],
            m_sd=opts["m_sd"],
            aggregate=opts["aggregate"],
            weighting=opts["weighting"],
        )
        try:
            result = run_pipeline(dataset, settings)
        except ValueError as e:
            raise CommandError(str(e)) from e
        frame = result.to_frame()
        if opts["uncertainty"]:
            lo, hi = settings.range_
            positive = (max(lo, 1.0), max(hi, 100.0))
            alts = Alternatives(
                normalise=({"normalise": "minmax", "range_": positive}, {"normalise": "zscore", "m_sd": (10.0, 2.0)}),
                aggregate=("amean", "gmean"),
                weight_noise=0.25,
            )
            ua = uncertainty(dataset, settings, alts, n=opts["uncertainty"], rng=np.random.default_rng(opts["seed"]))
            stats = ua.to_frame().set_index("uCode")
            frame["MedianRank"] = frame["uCode"].map(stats["Median"])
            frame["RankQ5"] = frame["uCode"].map(stats["Q5"])
            frame["RankQ95"] = frame["uCode"].map(stats["Q95"])
        if opts["out"] == "-":
            frame.to_csv(sys.stdout, index=False)
        else:
            frame.to_csv(opts["out"], index=False)
            self.stderr.write(f"wrote {len(frame)} units to {opts['out']}")
