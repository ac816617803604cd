from django.urls import path

from .views import enterprise, office, orders, provider

app_name = "vouchers"
urlpatterns = [
    path("", enterprise.home, name="home"),
    path("apply/", enterprise.apply, name="apply"),
    path("applications/<int:application_id>/", enterprise.application_detail, name="application"),
    path("<int:voucher_id>/", enterprise.voucher_detail, name="voucher"),
    path("<int:voucher_id>/proof.json", enterprise.voucher_proof, name="proof"),
    path("<int:voucher_id>/cancel/", enterprise.voucher_cancel, name="cancel"),
    path("orders/<int:order_id>/", orders.order_detail, name="order"),
    path("orders/<int:order_id>/evidence/<int:evidence_id>/", orders.evidence_download, name="evidence"),
    path("provider/", provider.provider_home, name="provider"),
    path("provider/register/", provider.provider_register, name="provider_register"),
    path("office/", office.office, name="office"),
    path("office/vouchers/", office.office_vouchers, name="office_vouchers"),
    path("office/redemptions/", office.office_redemptions, name="office_redemptions"),
    path("office/settlements/", office.office_settlements, name="office_settlements"),
    path("office/settlements/<int:batch_id>.xlsx", office.settlement_export, name="settlement_export"),
    path("office/providers/", office.office_providers, name="office_providers"),
]
