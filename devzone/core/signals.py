"""Login audit: every login and failed login is recorded."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from .network import client_ip
from .services import login_record


@receiver(user_logged_in)
def _on_login(sender, request, user, **kwargs):
    login_record(
        username=user.get_username(),
        user=user,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "") if request else "",
        succeeded=True,
    )


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    login_record(
        username=str(credentials.get("username", "")),
        user=None,
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "") if request else "",
        succeeded=False,
    )
