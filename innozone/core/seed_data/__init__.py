"""Regions, organizations and demo users named by the seed documents (shared/seeds/)."""
