"""A chain's page lists all its members to whoever sees the chain, and links
a member's page and its company's page only for those who may open them: an
enterprise user of a chain found dead links to its peers' memberships."""

import re

import pytest
from django.urls import reverse

from devzone.core.demo import sample_credit_code
from devzone.core.models import ChainMember, Enterprise
from devzone.testing import ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(world):
    peer = Enterprise.objects.create(
        zone=world.zone_a,
        credit_code=sample_credit_code("140223", 7),
        name="丁企业",
        industry_code="C3216",
    )
    world.peer_member = ChainMember.objects.create(
        chain=world.chain_a, enterprise=peer, role="core"
    )
    world.own_member = ChainMember.objects.get(chain=world.chain_a, enterprise=world.ent_a)
    return world


def test_the_enterprise_sees_its_peers_by_name_and_links_only_its_own(chain):
    body = chain.client("enterprise").get(reverse("core:chain_detail", args=[chain.chain_a.pk]))
    html = body.content.decode()
    assert "丁企业" in html
    assert chain.own_member.get_absolute_url() in html
    assert chain.ent_a.get_absolute_url() in html
    assert chain.peer_member.get_absolute_url() not in html
    assert chain.peer_member.enterprise.get_absolute_url() not in html


@pytest.mark.parametrize("role", [r for r in ROLES if r not in ("anonymous",)])
def test_every_member_link_on_the_chain_page_opens(chain, role):
    client = chain.client(role)
    response = client.get(reverse("core:chain_detail", args=[chain.chain_a.pk]))
    if response.status_code != 200:
        assert role in ("city_b_viewer", "outsider")  # zone A's chain: not theirs to see
        return
    links = re.findall(r'href="(/(?:chain-members|enterprises)/\d+/)"', response.content.decode())
    assert links
    for link in links:
        assert client.get(link).status_code == 200, (role, link)
