from django.urls import path

from .views import records

urlpatterns = [
    path("", records.platform_list, name="list"),
    path("new/", records.platform_new, name="new"),
    path("<int:platform_id>/", records.platform_detail, name="detail"),
    path("<int:platform_id>/edit/", records.platform_edit, name="edit"),
    path("<int:platform_id>/status/", records.platform_status, name="status"),
    path("<int:platform_id>/carrier/", records.platform_carrier, name="carrier"),
    path("<int:platform_id>/apply/", records.recognition_apply, name="apply"),
    path("teams/<int:team_id>/apply/", records.team_apply, name="team_apply"),
    path("recognitions/", records.recognition_list, name="recognitions"),
    path("recognitions/<int:recognition_id>/", records.recognition_detail, name="recognition"),
    path("recognitions/<int:recognition_id>/decide/", records.recognition_decide, name="recognition_decide"),
    path("recognitions/<int:recognition_id>/draw/", records.recognition_draw, name="recognition_draw"),
    path("recognitions/<int:recognition_id>/materials/", records.recognition_materials, name="recognition_materials"),
]
