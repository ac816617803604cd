from django.urls import path

from .views import teams

urlpatterns = [
    path("teams/", teams.team_list, name="team_list"),
    path("teams/new/", teams.team_create, name="team_create"),
    path("teams/<int:team_id>/", teams.team_detail, name="team_detail"),
    path("teams/<int:team_id>/edit/", teams.team_edit, name="team_edit"),
    path("teams/<int:team_id>/members/", teams.team_member_add, name="team_member_add"),
    path("teams/<int:team_id>/members/<int:person_id>/remove/", teams.team_member_remove, name="team_member_remove"),
    path("teams/<int:team_id>/outputs/", teams.team_output_add, name="team_output_add"),
    path("teams/<int:team_id>/funding/", teams.team_funding_add, name="team_funding_add"),
    path("teams/<int:team_id>/status/", teams.team_status, name="team_status"),
]
