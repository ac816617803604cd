"""`python -m innozone ip …` subcommands of the assets part."""


def add_parsers(sub) -> dict:
    return {}
