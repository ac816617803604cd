from django.urls import path

from . import views

app_name = "vouchers"
urlpatterns = [
    path("", views.home, name="home"),
    path("apply/", views.apply, name="apply"),
    path("applications/<int:application_id>/", views.application_detail, name="application"),
    path("<int:voucher_id>/", views.voucher_detail, name="voucher"),
    path("<int:voucher_id>/proof.json", views.voucher_proof, name="proof"),
    path("<int:voucher_id>/cancel/", views.voucher_cancel, name="cancel"),
    path("orders/<int:order_id>/", views.order_detail, name="order"),
    path("provider/", views.provider_home, name="provider"),
    path("provider/register/", views.provider_register, name="provider_register"),
    path("office/", views.office, name="office"),
    path("office/vouchers/", views.office_vouchers, name="office_vouchers"),
    path("office/redemptions/", views.office_redemptions, name="office_redemptions"),
    path("office/settlements/", views.office_settlements, name="office_settlements"),
    path("office/settlements/<int:batch_id>.xlsx", views.settlement_export, name="settlement_export"),
    path("office/providers/", views.office_providers, name="office_providers"),
]
