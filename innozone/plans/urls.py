from django.urls import path

from . import views, views_import

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("import/", views_import.plan_import_start, name="import"),
    path("import/confirm/", views_import.plan_import_confirm, name="import_confirm"),
    path("<int:plan_id>/", views.plan_overview, name="overview"),
    path("<int:plan_id>/export/<str:kind>/", views.plan_export, name="export"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
    path("tasks/<int:task_id>/report/", views.report_file, name="report_file"),
    path("reports/<int:report_id>/", views.report_detail, name="report"),
    path("reports/<int:report_id>/review/", views.report_review, name="review"),
    path(
        "reports/<int:report_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("review/", views.review_queue, name="review_queue"),
    path("mine/", views.my_tasks, name="mine"),
]
