from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "devzone.approvals"
    label = "approvals"
    verbose_name = _("Approval service")

    def ready(self) -> None:
        from devzone.core import navigation
        from devzone.core.scoping import Role

        def staff(scope) -> bool:
            return scope.is_platform_admin or scope.is_zone_member

        def not_enterprise(scope) -> bool:
            return scope.authenticated and scope.role != Role.ENTERPRISE

        # Importing services registers what a write of each model sets off
        # (``core.services.on_write``), whichever module is imported first.
        from . import selectors, services  # noqa: F401

        navigation.register_todos("approvals", selectors.todos, order=30)
        navigation.register(
            navigation.MenuGroup(
                key="approvals",
                label=_("Approval service"),
                order=35,
                items=[
                    navigation.MenuItem(_("Projects' approvals"), "approvals:overview"),
                    navigation.MenuItem(_("My worklist"), "approvals:worklist", staff),
                    navigation.MenuItem(_("Time and fees saved"), "approvals:savings"),
                    navigation.MenuItem(_("Project approval items"), "approvals:projectitem_list"),
                    navigation.MenuItem(_("Approval documents"), "approvals:document_list"),
                    navigation.MenuItem(
                        _("Catalogue of approval items"), "approvals:item_list", not_enterprise
                    ),
                    navigation.MenuItem(
                        _("Regional assessments"), "approvals:coverage_list", not_enterprise
                    ),
                    navigation.MenuItem(
                        _("Document templates"), "approvals:template_list", not_enterprise
                    ),
                ],
            )
        )
