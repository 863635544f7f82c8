"""The commitment letter (承诺书) and notice (告知书) as .docx: they open with
python-docx and hold the filled values; the zone's template replaces the
platform's; unknown placeholders are refused."""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from docx import Document

from devzone.approvals import documents
from devzone.approvals.models import DocumentTemplate, ProjectApproval
from devzone.approvals.placeholders import PLACEHOLDERS, fill, template_errors, unknown_placeholders

from .conftest import item

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


@translation.override("en")
def test_placeholders_are_checked_and_filled():
    assert unknown_placeholders("{项目名称}{法人}{印章}{法人}") == ["法人", "印章"]
    assert template_errors("{项目名称}：{日期}") == []
    (error,) = template_errors("{项目名称}{法人}")
    assert "{法人}" in error and "{项目名称}" in error.split(".")[1]
    assert template_errors("{项目名称") and template_errors("项目名称}")
    assert fill("{项目名称}（{日期}）", {"项目名称": "甲", "日期": "今天"}) == "甲（今天）"
    with pytest.raises(ValueError, match="法人"):
        fill("{法人}", {})


def test_the_zones_letter_opens_and_holds_the_values(aw):
    response = aw.client("zone_staff").get(
        reverse("approvals:letter", args=[aw.commit_a.pk, "commitment"])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == documents.DOCX
    assert "attachment" in response["Content-Disposition"]
    text = text_of(response.content)
    # Zone A's own template, not the platform's.
    assert text.startswith("广灵经开区承诺书")
    for value in (
        "广灵经济技术开发区",
        "甲企业",
        "甲项目",
        "节能审查",
        "年综合能耗控制在区域能评指标内。",
    ):
        assert value in text
    assert "{" not in text and "}" not in text


def test_the_platforms_notice_for_a_zone_without_its_own(aw):
    generated = documents.generate("notice", [aw.commit_b], today=date(2024, 10, 28))
    filename, content = generated
    assert filename == "乙项目-节能审查-承诺制审批告知书.docx"
    text = text_of(content)
    assert text.startswith("承诺制审批告知书")
    assert "乙企业" not in text  # 乙项目 names no enterprise: a blank to fill by hand
    assert documents.BLANK in text
    for value in (
        "乙项目",
        "节能审查",
        "发展改革部门",
        "20",
        "2024年10月28日",
        item("节能审查").standard,
    ):
        assert value in text


def test_the_commitment_book_covers_every_commitment_item(aw):
    land = ProjectApproval.objects.create(
        project=aw.project_a,
        item=item("用地预审与选址"),
        mode="commitment",
        applied_on=date(2024, 3, 4),
        approved_on=date(2024, 3, 8),
    )
    response = aw.client("enterprise").get(
        reverse("approvals:commitment_book", args=[aw.project_a.pk, "commitment"])
    )
    assert response.status_code == 200
    text = text_of(response.content)
    assert "节能审查、用地预审与选址" in text or "用地预审与选址、节能审查" in text
    assert "1. " in text and "2. " in text
    assert land.item.standard in text  # no commitment of its own: the item's standard
    assert "施工许可" not in text  # standard route: not in the book
    api = aw.client("zone_admin").get(
        f"/api/v1/approvals/projects/{aw.project_a.pk}/commitment-book/?kind=notice"
    )
    assert api.status_code == 200 and "用地预审与选址" in text_of(api.content)


def test_only_commitment_items_have_letters(aw):
    response = aw.client("zone_staff").get(
        reverse("approvals:letter", args=[aw.regional_a.pk, "commitment"])
    )
    assert response.status_code == 302
    response = aw.client("zone_staff").get(
        f"/api/v1/approvals/project-items/{aw.regional_a.pk}/letter/?kind=commitment"
    )
    assert response.status_code == 400
    response = aw.client("zone_staff").get(
        f"/api/v1/approvals/project-items/{aw.commit_a.pk}/letter/?kind=bill"
    )
    assert response.status_code == 400
    assert (
        aw.client("zone_staff")
        .get(reverse("approvals:commitment_book", args=[aw.project_b.pk, "commitment"]))
        .status_code
        == 404
    )


def test_without_any_template_the_user_is_told(aw):
    DocumentTemplate.objects.filter(kind="notice").delete()
    client = aw.client("zone_staff")
    response = client.get(
        reverse("approvals:letter", args=[aw.commit_a.pk, "notice"]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.redirect_chain[-1][0] == aw.commit_a.get_absolute_url()
    assert any("template" in str(m) for m in response.context["messages"])
    response = client.get(f"/api/v1/approvals/project-items/{aw.commit_a.pk}/letter/?kind=notice")
    assert response.status_code == 400


def test_a_template_that_cannot_be_filled_is_refused_everywhere(aw):
    template = DocumentTemplate(kind="notice", zone=aw.zone_a, title="{标题}", body="{未知字段}")
    with pytest.raises(ValidationError) as exc:
        template.full_clean()
    assert set(exc.value.message_dict) == {"title", "body"}
    assert "{未知字段}" in exc.value.message_dict["body"][0]
    # A template written past the checks (e.g. directly in the database) is not filled.
    DocumentTemplate.objects.filter(pk=aw.template_a.pk).update(body="{未知字段}")
    response = aw.client("zone_staff").get(
        reverse("approvals:letter", args=[aw.commit_a.pk, "commitment"]), follow=True
    )
    assert any("{未知字段}" in str(m) for m in response.context["messages"])


def test_every_placeholder_of_the_default_templates_is_known():
    for template in DocumentTemplate.objects.filter(zone__isnull=True):
        assert template_errors(template.body) == []
        assert template_errors(template.title) == []


def test_letter_values_name_every_placeholder(aw):
    values = documents.letter_values([aw.commit_a], today=date(2024, 3, 11))
    assert set(values) == set(PLACEHOLDERS)
    assert values["日期"] == "2024年3月11日"
    assert values["代办员"] == aw.users["zone_staff"].username
    assert values["统一社会信用代码"] == aw.ent_a.credit_code
