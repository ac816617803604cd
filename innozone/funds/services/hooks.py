"""What funds registers with core from FundsConfig.ready(): approval handlers (the 公示 of the award list,
tranches staff → finance, change requests), dossier sections. Each part adds its own `register_*` here."""


def register() -> None:
    from . import hooks_calls, hooks_projects, hooks_reviews

    hooks_calls.register()
    hooks_reviews.register()
    hooks_projects.register()
