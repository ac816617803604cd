"""`python -m innozone onestop …` subcommands of the cases part."""


def add_parsers(sub) -> dict:
    return {}
