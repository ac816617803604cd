from django.urls import path

from .views import applications, calls, office

urlpatterns = [
    path("", calls.index, name="index"),
    path("programmes/new/", calls.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", calls.programme_detail, name="programme"),
    path("programmes/<int:pk>/edit/", calls.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/calls/new/", calls.call_new, name="call_new"),
    path("calls/<int:pk>/", calls.call_detail, name="call"),
    path("calls/<int:pk>/edit/", calls.call_edit, name="call_edit"),
    path("calls/<int:pk>/stage/", calls.call_stage, name="call_stage"),
    path("calls/<int:pk>/apply/", applications.application_start, name="application_start"),
    path("applications/mine/", applications.applications_mine, name="applications_mine"),
    path("applications/<int:pk>/", applications.application_detail, name="application"),
    path("applications/<int:pk>/edit/", applications.application_edit, name="application_edit"),
    path("applications/<int:pk>/eligibility/", applications.application_eligibility, name="application_eligibility"),
    path("applications/<int:pk>/co-applicants/", applications.application_co, name="application_co"),
    path(
        "applications/<int:pk>/co-applicants/confirm/",
        applications.application_co_confirm,
        name="application_co_confirm",
    ),
    path("applications/<int:pk>/files/", applications.application_files, name="application_files"),
    path("applications/<int:pk>/files/<int:file_id>/", applications.application_file, name="application_file"),
    path("applications/<int:pk>/submit/", applications.application_submit, name="application_submit"),
    path("applications/<int:pk>/withdraw/", applications.application_withdraw, name="application_withdraw"),
    path("applications/<int:pk>/receipt/", applications.application_receipt, name="application_receipt"),
    path("checks/", office.checks, name="checks"),
    path("applications/<int:pk>/check/", office.check, name="application_check"),
    path("recommendations/", office.recommendations, name="recommendations"),
    path("applications/<int:pk>/recommend/", office.recommend, name="application_recommend"),
]
