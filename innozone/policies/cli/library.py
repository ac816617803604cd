"""`python -m innozone policies …` subcommands of the library part."""


def add_parsers(sub) -> dict:
    return {}
