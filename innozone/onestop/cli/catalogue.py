"""`python -m innozone onestop …` subcommands of the catalogue part."""


def add_parsers(sub) -> dict:
    return {}
