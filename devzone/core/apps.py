from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "devzone.core"
    label = "core"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from . import navigation, periodic, resources, selectors, signals  # noqa: F401

        navigation.register_public(
            "hotlines",
            _("24-hour service hotlines (服务热线)"),
            selectors.public_hotline_links,
            order=20,
        )

        resources.discover()
        periodic.install()

        navigation.register(
            navigation.MenuGroup(
                key="registry",
                label=_("Registry"),
                order=10,
                items=[
                    navigation.MenuItem(_("Development zones"), "core:zone_list"),
                    navigation.MenuItem(_("Enterprises"), "core:enterprise_list"),
                    navigation.MenuItem(_("Industry chains"), "core:chain_list"),
                    navigation.MenuItem(_("Regions"), "core:region_list"),
                ],
            )
        )
        navigation.register(
            navigation.MenuGroup(
                key="admin",
                label=_("Administration"),
                order=1000,
                items=[
                    navigation.MenuItem(_("Users"), "core:user_list"),
                    navigation.MenuItem(_("Login records"), "core:login_events"),
                    navigation.MenuItem(_("Official calendar"), "core:calendarday_list"),
                    navigation.MenuItem(_("Background jobs"), "core:job_list"),
                    navigation.MenuItem(_("API documentation"), "api-docs"),
                ],
            )
        )
