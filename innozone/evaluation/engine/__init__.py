"""Composite-indicator engine (pure Python: numpy, pandas, scipy, SALib; no Django).

The steps follow the JRC/OECD handbook and reproduce COINr 1.1.14's default methods, as described in
shared/data/coinr-asem/METHODS.md (see docs/evaluation.md):

    denominate → screen → impute → treat → normalise → aggregate → rank

Each step is a function taking a data frame (units × indicators) and explicit parameters and returning
the new frame plus a record of what it did. `run_pipeline` chains them; `uncertainty` and `sensitivity`
re-run the normalise/aggregate part vectorised across replications.
"""

from .framework import Dataset, Framework, FrameworkError, read_coinr
from .pipeline import PipelineResult, run_pipeline

ENGINE_VERSION = "1.0.0"

__all__ = [
    "ENGINE_VERSION",
    "Dataset",
    "Framework",
    "FrameworkError",
    "PipelineResult",
    "read_coinr",
    "run_pipeline",
]
