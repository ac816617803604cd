"""`python -m innozone funds …` subcommands of the projects part."""


def add_parsers(subparsers) -> dict:
    """Add this part's subcommands; return {name: handler(command, options)}."""
    return {}
