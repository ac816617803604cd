from django.urls import path

from .views import calendar, catalogue, lists

urlpatterns = [
    path("", catalogue.catalogue, name="catalogue"),
    path("items/new/", catalogue.item_new, name="item_new"),
    path("items/<int:pk>/", catalogue.item_detail, name="item"),
    path("items/<int:pk>/edit/", catalogue.item_edit, name="item_edit"),
    path("items/<int:pk>/status/", catalogue.item_status, name="item_status"),
    path("items/<int:pk>/materials/", catalogue.material_save, name="material_save"),
    path("materials/<int:pk>/delete/", catalogue.material_delete, name="material_delete"),
    path("materials/<int:pk>/template/", catalogue.material_template, name="material_template"),
    path("powers/", lists.powers, name="powers"),
    path("powers/new/", lists.power_new, name="power_new"),
    path("powers/<int:pk>/edit/", lists.power_edit, name="power_edit"),
    path("powers/<int:pk>/delete/", lists.power_delete, name="power_delete"),
    path("negative/", lists.negatives, name="negatives"),
    path("negative/new/", lists.negative_new, name="negative_new"),
    path("negative/<int:pk>/edit/", lists.negative_edit, name="negative_edit"),
    path("negative/<int:pk>/delete/", lists.negative_delete, name="negative_delete"),
    path("calendar/", calendar.calendar_page, name="calendar"),
    path("calendar/set/", calendar.calendar_set, name="calendar_set"),
    path("calendar/remove/", calendar.calendar_remove, name="calendar_remove"),
]
