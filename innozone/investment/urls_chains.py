from django.urls import path

from .views import chains, targets

urlpatterns: list = [
    path("chains/", chains.chain_list, name="chains"),
    path("chains/new/", chains.chain_new, name="chain_new"),
    path("chains/import-template.xlsx", chains.chain_import_template, name="chain_import_template"),
    path("chains/<int:pk>/", chains.chain_detail, name="chain"),
    path("chains/<int:pk>/edit/", chains.chain_edit, name="chain_edit"),
    path("chains/<int:pk>/delete/", chains.chain_delete, name="chain_delete"),
    path("chains/<int:pk>/import/", chains.chain_import, name="chain_import"),
    path("chains/<int:pk>/links/new/", chains.link_new, name="link_new"),
    path("links/<int:pk>/", chains.link_detail, name="link"),
    path("links/<int:pk>/edit/", chains.link_edit, name="link_edit"),
    path("links/<int:pk>/delete/", chains.link_delete, name="link_delete"),
    path("links/<int:pk>/place/", chains.placement_add, name="placement_add"),
    path("links/<int:pk>/targets/new/", targets.target_new, name="target_new"),
    path("placements/<int:pk>/edit/", chains.placement_edit, name="placement_edit"),
    path("placements/<int:pk>/remove/", chains.placement_remove, name="placement_remove"),
    path("targets/", targets.target_list, name="targets"),
    path("targets/<int:pk>/edit/", targets.target_edit, name="target_edit"),
    path("targets/<int:pk>/delete/", targets.target_delete, name="target_delete"),
]
