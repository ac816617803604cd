"""`python -m innozone onestop …` subcommands of the stats part."""


def add_parsers(sub) -> dict:
    return {}
