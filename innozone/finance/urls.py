from django.urls import path

from .views import claims, funds, loans, overview, pools

app_name = "finance"
urlpatterns = [
    path("", overview.overview, name="overview"),
    path("banks/", pools.bank_list, name="banks"),
    path("pools/", pools.pool_list, name="pools"),
    path("pools/<int:pool_id>/", pools.pool_detail, name="pool"),
    path("pools/<int:pool_id>/rule/", pools.pool_rule, name="pool_rule"),
    path("pools/<int:pool_id>/contribute/", pools.pool_contribute, name="pool_contribute"),
    path("loans/", loans.loan_list, name="loans"),
    path("loans/new/", loans.loan_create, name="loan_create"),
    path("loans/<int:loan_id>/", loans.loan_detail, name="loan"),
    path("loans/<int:loan_id>/status/", loans.loan_status, name="loan_status"),
    path("loans/<int:loan_id>/claim/", loans.loan_claim, name="loan_claim"),
    path("loans/<int:loan_id>/subsidy/", loans.loan_subsidy, name="loan_subsidy"),
    path("subsidies/", loans.subsidy_list, name="subsidies"),
    path("subsidies/<int:subsidy_id>/pay/", loans.subsidy_pay, name="subsidy_pay"),
    path("claims/", claims.claim_list, name="claims"),
    path("claims/<int:claim_id>/", claims.claim_detail, name="claim"),
    path("claims/<int:claim_id>/decide/", claims.claim_decide, name="claim_decide"),
    path("claims/<int:claim_id>/recover/", claims.claim_recover, name="claim_recover"),
    path("funds/", funds.fund_list, name="funds"),
    path("investments/<int:investment_id>/exit/", funds.investment_exit, name="investment_exit"),
]
