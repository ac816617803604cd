from .models import Notice
from .permissions import can_use_supervision, can_view_audit, is_office_admin


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_supervision": can_use_supervision(user)[0],
        "nav_audit": can_view_audit(user)[0],
        "nav_admin": is_office_admin(user),
        "unread_notices": Notice.objects.filter(recipient=user, read_at__isnull=True).count(),
    }
