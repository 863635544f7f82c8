"""The pages the public opens without signing in extend one base in core
(``core/public_base.html``): the language switch, messages and assets are
written once, whichever app the page belongs to."""

from decimal import Decimal

import pytest
from django.urls import reverse

from devzone.projects.models import Project

pytestmark = pytest.mark.django_db


def test_public_pages_extend_the_core_public_base(world):
    project = Project.objects.create(
        zone=world.zone_a, name="公示项目", planned_investment=Decimal(1), notice_board=True
    )
    project.refresh_from_db()
    urls = [
        reverse("service:form"),
        reverse("service:track"),
        reverse("notice:board", args=[project.notice_code]),
        reverse("notice:sign", args=[project.notice_code]),
    ]
    client = world.client("anonymous")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        names = [t.name for t in response.templates]
        assert "core/public_base.html" in names, url
        assert "core/_public_language.html" in names, url
        page = response.content.decode()
        assert page.count('name="language"') == 1, url  # one switch, from the base
