from django.urls import path

from . import views

app_name = "evaluation"
urlpatterns = [
    path("", views.home, name="home"),
    path("template.xlsx", views.template, name="template"),
    path("import/", views.import_framework, name="import"),
    path("frameworks/<int:framework_id>/datasets/new/", views.import_dataset, name="import_dataset"),
    path("datasets/<int:dataset_id>/run/", views.run_new, name="run_new"),
    path("datasets/<int:dataset_id>/live/", views.dataset_live, name="dataset_live"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/units/<str:code>/", views.unit_profile, name="unit"),
    path("runs/<int:run_id>/publish/", views.run_publish, name="publish"),
    path("runs/<int:run_id>/what-if/", views.run_what_if, name="what_if"),
    path("runs/<int:run_id>/compare/", views.run_compare, name="compare"),
    path("runs/<int:run_id>/export.xlsx", views.run_export, name="export"),
    path("runs/<int:run_id>/report.pdf", views.run_export, {"fmt": "pdf"}, name="export_pdf"),
]
