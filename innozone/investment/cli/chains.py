"""`python -m innozone investment …` subcommands of the chains part."""


def add_parsers(sub) -> dict:
    return {}
