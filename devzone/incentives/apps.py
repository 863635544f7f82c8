from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    name = "devzone.incentives"
    label = "incentives"
    verbose_name = _("Incentives and financing")

    def ready(self) -> None:
        from devzone.core import navigation

        # Importing services registers what a write of each model sets off
        # (``core.services.on_write``), whichever module is imported first.
        from . import selectors, services  # noqa: F401

        navigation.register_todos("incentives", selectors.todos, order=40)
        navigation.register_panel("incentives-enterprise", selectors.home_enterprise, order=30)
        navigation.register(
            navigation.MenuGroup(
                key="incentives",
                label=_("Incentives and financing"),
                order=50,
                items=[
                    navigation.MenuItem(_("Incentive policies"), "incentives:policy_list"),
                    navigation.MenuItem(_("Applications"), "incentives:application_list"),
                    navigation.MenuItem(_("Disbursements"), "incentives:disbursement_list"),
                    navigation.MenuItem(_("Financing cases"), "incentives:financing_list"),
                    navigation.MenuItem(_("Incentives and financing totals"), "incentives:summary"),
                ],
            )
        )
