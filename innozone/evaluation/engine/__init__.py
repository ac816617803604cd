"""Composite-indicator engine (pure Python: numpy, pandas, scipy, SALib; no Django).

The steps follow the JRC/OECD Handbook on Constructing Composite Indicators (2008) and reproduce COINr
1.1.14's default methods as described in shared/data/coinr-asem/METHODS.md. One module per step:

    io (read_coinr) → denominate → impute → screen → treat → normalise → weights → aggregate → results

Each step is a function `step(data, method, *, parameters)` returning a `StepResult` (the data and a record
of what it did). `run_pipeline` chains them; `analysis` explains a result; `uncertainty` and `sensitivity`
vary the assumptions, vectorised across replications.
"""

from .framework import Dataset, Framework, FrameworkError
from .io import read_coinr
from .pipeline import PipelineResult, Settings, run_pipeline
from .results import StepResult

# 2.0.0: imputation runs before screening by default (COINr's example order); treatment records the units moved.
ENGINE_VERSION = "2.0.0"

__all__ = [
    "ENGINE_VERSION",
    "Dataset",
    "Framework",
    "FrameworkError",
    "PipelineResult",
    "Settings",
    "StepResult",
    "read_coinr",
    "run_pipeline",
]
