from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from innozone.api.main import api
from innozone.core import views as core_views
from innozone.core.views import accounts as account_views
from innozone.core.views import publicity as publicity_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", account_views.PasswordChange.as_view(), name="password_change"),
    path("accounts/manage/", account_views.accounts_page, name="accounts"),
    path("accounts/manage/<int:user_id>/<slug:action>/", account_views.account_action, name="account_action"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("inbox/", core_views.notices, name="notices"),
    path("inbox/read/", core_views.notices_read, name="notices_read"),
    path("audit/", core_views.audit_log, name="audit"),
    path("tokens/", core_views.api_tokens, name="api_tokens"),
    path("approvals/", core_views.approvals_page, name="approvals"),
    path("approvals/<int:task_id>/decide/", core_views.approval_decide, name="approval_decide"),
    path("notices/", publicity_views.notice_list, name="publicity_list"),
    path("notices/<int:publicity_id>/", publicity_views.notice_detail, name="publicity_detail"),
    path("notices/objections/<int:objection_id>/answer/", publicity_views.objection_answer, name="objection_answer"),
    path("plans/", include("innozone.plans.urls")),
    path("cockpit/", include("innozone.cockpit.urls")),
    path("evaluation/", include("innozone.evaluation.urls")),
    path("ledger/", include("innozone.ledger.urls")),
    path("vouchers/", include("innozone.vouchers.urls")),
    path("market/", include("innozone.market.urls")),
    path("enterprises/", include("innozone.enterprises.urls")),
    path("talent/", include("innozone.talent.urls")),
    path("platforms/", include("innozone.platforms.urls")),
    path("carriers/", include("innozone.carriers.urls")),
    path("funds/", include("innozone.funds.urls")),
    path("finance/", include("innozone.finance.urls")),
    path("policies/", include("innozone.policies.urls")),
    path("services/", include("innozone.onestop.urls")),
    path("investment/", include("innozone.investment.urls")),
    path("ip/", include("innozone.ip.urls")),
    path("cooperation/", include("innozone.cooperation.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]

handler404 = "innozone.core.views.errors.not_found"
