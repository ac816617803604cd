"""`python -m innozone policies …` subcommands of the matching part."""


def add_parsers(sub) -> dict:
    return {}
