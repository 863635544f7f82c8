"""The public service-request form: no login."""

app_name = "service"

urlpatterns: list = []
