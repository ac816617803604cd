from django.urls import path

from .views import experts, people

urlpatterns = [
    path("people/", people.people_list, name="people"),
    path("people/new/", people.person_new, name="person_new"),
    path("people/<int:person_id>/", people.person_detail, name="person"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:person_id>/reveal/", people.person_reveal, name="person_reveal"),
    path("people/<int:person_id>/introductions/new/", people.introduction_new, name="introduction_new"),
    path("introductions/", people.introductions, name="introductions"),
    path("introductions/<int:introduction_id>/end/", people.introduction_end, name="introduction_end"),
    path("experts/", experts.expert_list, name="experts"),
    path("experts/new/", experts.expert_new, name="expert_new"),
    path("experts/me/", experts.my_expert, name="my_expert"),
    path("experts/<int:expert_id>/", experts.expert_detail, name="expert"),
    path("experts/<int:expert_id>/edit/", experts.expert_edit, name="expert_edit"),
    path("experts/<int:expert_id>/status/", experts.expert_status, name="expert_status"),
    path("experts/<int:expert_id>/availability/", experts.expert_availability, name="expert_availability"),
    path("experts/<int:expert_id>/relations/", experts.relation_add, name="relation_add"),
    path("relations/<int:relation_id>/remove/", experts.relation_remove, name="relation_remove"),
    path("committees/", experts.committees, name="committees"),
    path("committees/<int:committee_id>/", experts.committee_detail, name="committee"),
    path("seats/<int:seat_id>/remove/", experts.committee_member_remove, name="committee_member_remove"),
]
