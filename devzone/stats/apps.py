from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "devzone.stats"
    label = "stats"
    verbose_name = _("Economic monitoring")

    def ready(self) -> None:
        from devzone.core import navigation

        from . import selectors
        from .facts import register_fact

        register_fact(
            "registry_above_scale",
            _("规上 enterprises in the registry"),
            selectors.registry_above_scale,
        )
        register_fact(
            "enterprise_reports",
            _("sum of the enterprises' approved reports"),
            selectors.enterprise_reports_total,
        )

        navigation.register(
            navigation.MenuGroup(
                key="stats",
                label=_("Economic monitoring"),
                order=20,
                items=[
                    navigation.MenuItem(_("Ranking board"), "stats:ranking"),
                    navigation.MenuItem(_("Zone dashboards"), "stats:dashboard_index"),
                    navigation.MenuItem(_("Compare zones"), "stats:compare"),
                    navigation.MenuItem(
                        _("Enter figures"),
                        "stats:entry_index",
                        lambda s: (
                            s.is_platform_admin or s.is_zone_member or s.region_prefix is not None
                        ),
                    ),
                    navigation.MenuItem(_("Indicator values"), "stats:value_list"),
                    navigation.MenuItem(_("Enterprise reports"), "stats:report_list"),
                    navigation.MenuItem(_("Annual targets"), "stats:target_list"),
                    navigation.MenuItem(
                        _("Province template"),
                        "stats:exchange",
                        lambda s: (
                            s.is_platform_admin or s.is_zone_member or s.region_prefix is not None
                        ),
                    ),
                    navigation.MenuItem(
                        _("Audit rule breaks"),
                        "stats:audit_breaks",
                        lambda s: (
                            s.is_platform_admin or s.is_zone_member or s.region_prefix is not None
                        ),
                    ),
                    navigation.MenuItem(_("Indicator catalogue"), "stats:indicator_list"),
                    navigation.MenuItem(_("Audit rules"), "stats:auditrule_list"),
                ],
            )
        )
        navigation.register_todos("stats", selectors.todos, order=50)
        navigation.register_panel("stats-headline", selectors.home_headline, order=10)
        navigation.register_panel("stats-region", selectors.home_region, order=10)
