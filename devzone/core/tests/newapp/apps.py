from django.apps import AppConfig


class NewAppConfig(AppConfig):
    name = "devzone.core.tests.newapp"
    label = "newapp"
    verbose_name = "New app"

    def ready(self) -> None:
        from devzone.core import navigation

        from . import views

        navigation.register_todos("newapp", views.todos, order=99)
        navigation.register_panel("newapp-panel", views.panel, order=99)
        navigation.register_public("newapp", "New app", views.public_links, order=99)
        navigation.register(
            navigation.MenuGroup(
                key="newapp",
                label="New app",
                order=99,
                items=[navigation.MenuItem("Places", "newapp:place_list")],
            )
        )
