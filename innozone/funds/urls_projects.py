from django.urls import path

from .views import projects, projects_money, projects_monitoring

urlpatterns = [
    path("projects/", projects.project_list, name="projects"),
    path("projects/new/<int:award_id>/", projects.project_new, name="project_new"),
    path("projects/<int:pk>/", projects.project_detail, name="project"),
    path("projects/<int:pk>/sign/", projects.project_sign, name="project_sign"),
    path("projects/<int:pk>/dossier.zip", projects.project_dossier, name="project_dossier"),
    path("projects/<int:pk>/tranches/", projects_money.tranche_request, name="tranche_request"),
    path("projects/<int:pk>/matching/", projects_money.matching_record, name="matching_record"),
    path("projects/<int:pk>/repayments/", projects_money.repayment_create, name="repayment_create"),
    path("projects/<int:pk>/changes/", projects_monitoring.change_request, name="change_request"),
    path("projects/<int:pk>/inspections/", projects_monitoring.inspection_open, name="inspection_open"),
    path("projects/<int:pk>/terminate/", projects_monitoring.project_terminate, name="project_terminate"),
    path("projects/<int:pk>/performance/", projects_monitoring.performance_record, name="performance_record"),
    path("projects/tranches/", projects_money.tranche_queue, name="tranches"),
    path("projects/tranches/<int:pk>/decide/", projects_money.tranche_decide, name="tranche_decide"),
    path("projects/tranches/<int:pk>/pay/", projects_money.tranche_pay, name="tranche_pay"),
    path("projects/tranches/<int:pk>/evidence/", projects_money.tranche_evidence, name="tranche_evidence"),
    path("projects/burn-down/", projects_money.burn_down, name="burn"),
    path("projects/matching/", projects_money.matching_page, name="matching"),
    path("projects/repayments/<int:pk>/pay/", projects_money.repayment_pay, name="repayment_pay"),
    path("projects/reports/<int:pk>/submit/", projects_monitoring.report_submit, name="report_submit"),
    path("projects/reports/<int:pk>/review/", projects_monitoring.report_review, name="report_review"),
    path("projects/milestones/<int:pk>/done/", projects_monitoring.milestone_done, name="milestone_done"),
    path("projects/changes/<int:pk>/decide/", projects_monitoring.change_decide, name="change_decide"),
    path("projects/inspections/<int:pk>/draw/", projects_monitoring.inspection_draw, name="inspection_draw"),
    path("projects/inspections/<int:pk>/record/", projects_monitoring.inspection_record, name="inspection_record"),
]
