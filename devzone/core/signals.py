"""Login audit: every login and failed login is recorded. The official
calendar's cached years follow the days entered."""

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import CalendarDay
from .network import client_ip
from .services import login_record
from .workdays import forget_year


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


@receiver([post_save, post_delete], sender=CalendarDay)
def _on_calendar_day(sender, instance, **kwargs):
    # A day entered, changed or removed: its year's working days are read again.
    forget_year(instance.day.year)
