"""What onestop registers with core at start-up: one register function per part."""


def register() -> None:
    from . import hooks_cases

    hooks_cases.register()
