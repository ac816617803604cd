"""Pure rules for the enterprise registry: identity, size class, self-assessment (no Django, no other app)."""
