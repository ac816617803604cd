"""`python -m innozone cooperation …` subcommands of the partners part."""


def add_parsers(sub) -> dict:
    return {}
