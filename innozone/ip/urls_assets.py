from django.urls import path

from .views import assets as views

urlpatterns: list = [
    path("", views.asset_list, name="assets"),
    path("assets/new/", views.asset_new, name="asset_new"),
    path("assets/<int:pk>/", views.asset_detail, name="asset"),
    path("assets/<int:pk>/edit/", views.asset_edit, name="asset_edit"),
    path("assets/<int:pk>/fees/", views.fee_pay, name="fee_pay"),
    path("assets/<int:pk>/transactions/", views.transaction_new, name="transaction_new"),
    path("transactions/", views.transaction_list, name="transactions"),
    path("transactions/<int:pk>/release/", views.transaction_release, name="transaction_release"),
    path("fees-due/", views.fees_due, name="fees_due"),
    path("import/", views.import_page, name="import"),
    path("parks/", views.parks, name="parks"),
    path("providers/", views.providers, name="providers"),
]
