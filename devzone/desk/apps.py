from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "devzone.desk"
    label = "desk"
    verbose_name = _("Service desk")

    def ready(self) -> None:
        from devzone.core import navigation, observability
        from devzone.core.scoping import Role

        # Importing services registers what a write of each model sets off
        # (``core.services.on_write``), whichever module is imported first.
        from . import selectors, services  # noqa: F401

        navigation.register_todos("desk", selectors.todos, order=10)
        observability.register_gauge(
            "devzone_escalations",
            "Escalations of missed deadlines (督办) by level.",
            "level",
            selectors.escalations_by_level,
        )
        navigation.register_panel("desk-enterprise", selectors.home_enterprise, order=40)
        navigation.register_public(
            "desk", _("24-hour service desk"), selectors.public_links, order=10
        )
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
                    navigation.MenuItem(_("Desk dashboard"), "desk:dashboard"),
                    navigation.MenuItem(_("Escalations"), "desk:escalation_list"),
                    navigation.MenuItem(_("Follow-ups"), "desk:followup_list"),
                    navigation.MenuItem(_("Departments"), "desk:department_list"),
                    navigation.MenuItem(_("Request categories"), "desk:category_list"),
                ],
            )
        )
