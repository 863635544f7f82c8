from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "devzone.desk"
    label = "desk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from devzone.core import navigation
        from devzone.core.scoping import Role

        def staff_or_viewer(scope):
            return scope.authenticated and scope.enterprise_id is None

        from . import selectors

        navigation.register_todos("desk", selectors.todos, order=10)
        navigation.register(
            navigation.MenuGroup(
                key="desk",
                label=_("Service desk"),
                order=40,
                items=[
                    navigation.MenuItem(_("Service requests"), "desk:request_list"),
                    navigation.MenuItem(
                        _("Submit a request"),
                        "service:form",
                        lambda s: s.role == Role.ENTERPRISE,
                    ),
                    navigation.MenuItem(_("Desk dashboard"), "desk:dashboard", staff_or_viewer),
                    navigation.MenuItem(_("Escalations"), "desk:escalation_list", staff_or_viewer),
                    navigation.MenuItem(_("Follow-ups"), "desk:followup_list"),
                    navigation.MenuItem(_("Departments"), "desk:department_list", staff_or_viewer),
                    navigation.MenuItem(_("Request categories"), "desk:category_list"),
                ],
            )
        )
