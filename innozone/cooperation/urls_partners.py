from django.urls import path

from .views import partners as views

urlpatterns = [
    path("", views.partners, name="partners"),
    path("partners/new/", views.partner_new, name="partner_new"),
    path("partners/<int:partner_id>/", views.partner, name="partner"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("agreements/", views.agreements, name="agreements"),
    path("agreements/new/", views.agreement_new, name="agreement_new"),
    path("agreements/<int:agreement_id>/", views.agreement, name="agreement"),
    path("agreements/<int:agreement_id>/edit/", views.agreement_edit, name="agreement_edit"),
    path("projects/", views.projects, name="projects"),
    path("projects/new/", views.project_new, name="project_new"),
    path("projects/<int:project_id>/", views.project, name="project"),
    path("projects/<int:project_id>/edit/", views.project_edit, name="project_edit"),
    path("bases/", views.bases, name="bases"),
    path("bases/<int:platform_id>/partners/", views.base_partner_add, name="base_partner_add"),
    path("bases/links/<int:link_id>/remove/", views.base_partner_remove, name="base_partner_remove"),
    path("experts/", views.experts, name="experts"),
    path("stats/", views.stats, name="stats"),
]
