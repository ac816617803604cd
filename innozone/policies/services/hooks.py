"""What policies registers with core at start-up: one register function per part, each in its own module."""


def register() -> None:
    from . import hooks_grants, hooks_library

    hooks_library.register()
    hooks_grants.register()
