from django.urls import path

from .views import importing, plans, reports

app_name = "plans"
urlpatterns = [
    path("", plans.plan_list, name="list"),
    path("import/", importing.plan_import_start, name="import"),
    path("import/confirm/", importing.plan_import_confirm, name="import_confirm"),
    path("<int:plan_id>/", plans.plan_overview, name="overview"),
    path("<int:plan_id>/export/<str:kind>/", plans.plan_export, name="export"),
    path("tasks/<int:task_id>/", reports.task_detail, name="task"),
    path("tasks/<int:task_id>/report/", reports.report_file, name="report_file"),
    path("reports/<int:report_id>/", reports.report_detail, name="report"),
    path("reports/<int:report_id>/review/", reports.report_review, name="review"),
    path(
        "reports/<int:report_id>/attachments/<int:attachment_id>/",
        reports.attachment_download,
        name="attachment",
    ),
    path("review/", reports.review_queue, name="review_queue"),
    path("mine/", reports.my_tasks, name="mine"),
]
