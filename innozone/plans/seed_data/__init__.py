"""Default data built from the two seed documents in shared/seeds/ (see docs/data-model.md)."""
