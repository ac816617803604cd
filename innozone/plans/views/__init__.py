"""The plan pages, by use case: `plans` (list, overview, exports), `reports` (filing and reviewing
progress reports), `importing` (a plan document → a reviewed plan)."""
