"""In-platform inbox. Notices are created after the surrounding transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from .models import Notice


def notice_send(*, recipients, title: str, body: str = "", link: str = "", dedupe_key: str = "") -> int:
    """Put a notice in each recipient's inbox (once per dedupe_key) and e-mail those with an address.

    Returns how many new notices were created.
    """
    created = 0
    emails = []
    for user in recipients:
        try:
            with transaction.atomic():
                Notice.objects.create(recipient=user, title=title, body=body, link=link, dedupe_key=dedupe_key)
        except IntegrityError:
            continue  # already told about this
        created += 1
        if user.email:
            emails.append(user.email)
    if emails:
        send_mail(title, f"{body}\n\n{link}".strip(), settings.DEFAULT_FROM_EMAIL, emails, fail_silently=True)
    return created


def notice_mark_read(*, actor, notice_ids=None) -> int:
    from django.utils import timezone

    qs = Notice.objects.filter(recipient=actor, read_at__isnull=True)
    if notice_ids is not None:
        qs = qs.filter(pk__in=notice_ids)
    return qs.update(read_at=timezone.now())
