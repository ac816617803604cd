"""`python -m innozone investment …` subcommands of the projects part."""


def add_parsers(sub) -> dict:
    return {}
