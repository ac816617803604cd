"""Sign-in pages: the lockout message, the password change, and the office's accounts page."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import accounts
from ..errors import DomainError
from ..models import User
from ..permissions import can_manage_accounts
from ..roles import Role
from ..web import add_errors_to_form, domain_view, flash_error, require


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked username: the login page again, saying why and for how long (429)."""
    context = {"locked_out": True, "cooloff_minutes": round(settings.AXES_COOLOFF_TIME * 60)}
    return render(request, "core/login.html", context, status=429)


class PasswordChange(auth_views.PasswordChangeView):
    """Every user changes their own password (Django's form checks the old one and the validators)."""

    template_name = "core/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        try:
            accounts.user_password_change(actor=self.request.user, password=form.cleaned_data["new_password1"])
        except DomainError as e:
            add_errors_to_form(form, e)
            return self.form_invalid(form)
        update_session_auth_hash(self.request, self.request.user)
        messages.success(self.request, _("密码已修改"))
        return redirect(self.success_url)


@login_required
@domain_view
def accounts_page(request):
    """账号管理: the office finds an account, unlocks it, resets its password or changes its role."""
    require(can_manage_accounts(request.user))
    q = request.GET.get("q", "").strip()
    users = User.objects.select_related("organization").order_by("username")
    if q:
        names = Q(username__icontains=q) | Q(display_name__icontains=q)
        users = users.filter(names | Q(organization__name__icontains=q))
    context = {
        "page": Paginator(users, 30).get_page(request.GET.get("page")),
        "locked": accounts.locked_accounts(),
        "roles": Role.choices,
        "q": q,
    }
    return render(request, "core/accounts.html", context)


def _act(request, user, action: str) -> str:
    """Call the service named by `action`; return what to tell the office."""
    post = request.POST
    if action == "unlock":
        accounts.user_unlock(actor=request.user, user=user)
        return _("已解除锁定")
    if action == "reset":
        accounts.user_reset_password(actor=request.user, user=user, password=post.get("password", ""))
        return _("已重置密码，用户下次登录时须修改")
    accounts.user_set_role(actor=request.user, user=user, role=post.get("role", ""), reason=post.get("reason", ""))
    return _("角色已修改")


@login_required
@require_POST
@domain_view
def account_action(request, user_id: int, action: str):
    require(can_manage_accounts(request.user))
    if action not in ("unlock", "reset", "role"):
        raise Http404
    user = get_object_or_404(User, pk=user_id)
    try:
        done = _act(request, user, action)
    except DomainError as e:
        flash_error(request, e)
    else:
        messages.success(request, f"{done}：{user.username}")
    return redirect("accounts")
