"""Data the registry's demo is built from."""
