from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "devzone.projects"
    label = "projects"
    verbose_name = _("Investment projects")

    def ready(self) -> None:
        from devzone.core import navigation
        from devzone.stats.facts import register_fact, register_rollup

        # Importing services registers what a write of each model sets off
        # (``core.services.on_write``), whichever module is imported first.
        from . import selectors, services  # noqa: F401

        navigation.register_todos("projects", selectors.todos, order=20)
        register_fact(
            "project_investment",
            _("projects' reported investment"),
            selectors.project_investment_by_zone,
        )
        register_rollup("project_investment", selectors.investment_rollup)
        navigation.register_public(
            "notice-boards",
            _("Project notice boards (项目公示牌)"),
            selectors.public_board_links,
            order=30,
        )
        navigation.register(
            navigation.MenuGroup(
                key="projects",
                label=_("Investment projects"),
                order=30,
                items=[
                    navigation.MenuItem(_("Projects"), "projects:project_list"),
                    navigation.MenuItem(_("Reported investment"), "projects:investment_list"),
                    navigation.MenuItem(_("Wall chart"), "projects:wall_chart"),
                    navigation.MenuItem(_("Schedule tasks"), "projects:task_list"),
                    navigation.MenuItem(_("Problems"), "projects:problem_list"),
                    navigation.MenuItem(_("Notice-board feedback"), "projects:feedback_list"),
                    navigation.MenuItem(_("Investment leads"), "projects:lead_list"),
                    navigation.MenuItem(_("Investment-promotion funnel"), "projects:lead_funnel"),
                ],
            )
        )
