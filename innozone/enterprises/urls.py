from django.urls import path

from .views import dossier, importing, pipeline, registry

app_name = "enterprises"
urlpatterns = [
    path("", registry.registry_list, name="list"),
    path("mine/", registry.mine, name="mine"),
    path("register/", registry.register, name="register"),
    path("import/", importing.import_page, name="import"),
    path("import/template.xlsx", importing.import_template, name="import_template"),
    path("pipeline/", pipeline.board, name="board"),
    path("pipeline/ready/", pipeline.ready, name="ready"),
    path("<int:enterprise_id>/", dossier.detail, name="detail"),
    path("<int:enterprise_id>/edit/", dossier.profile_edit, name="edit"),
    path("<int:enterprise_id>/parties/", dossier.parties_edit, name="parties"),
    path("<int:enterprise_id>/figures/", dossier.figures_file, name="figures"),
    path("<int:enterprise_id>/qualifications/new/", dossier.qualification_new, name="qualification_new"),
    path("<int:enterprise_id>/pipeline/enter/", dossier.pipeline_enter, name="pipeline_enter"),
    path("<int:enterprise_id>/pipeline/advance/", dossier.pipeline_advance, name="pipeline_advance"),
    path("qualifications/<int:qualification_id>/revoke/", dossier.qualification_revoke, name="qualification_revoke"),
    path("qualifications/<int:qualification_id>/evidence/", dossier.evidence_download, name="evidence"),
]
