import io
import pytest
import xlsxwriter
from decimal import Decimal
from django.core.files.uploadedfile import SimpleUploadedFile
from devzone.stats.models import Indicator, IndicatorValue
from devzone.stats import exchange

pytestmark = pytest.mark.django_db

def xlsx(sheets):
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    for name, rows in sheets.items():
        s = book.add_worksheet(name)
        for i, r in enumerate(rows):
            s.write_row(i, 0, r)
    book.close()
    return buf.getvalue()

def test_explore(world):
    ind = Indicator.objects.get(code="industrial_value_added")
    content = xlsx({"2024-06": [["开发区名称", exchange.value_header(ind), exchange.growth_header(ind)], [world.zone_a.name, 1.5, 3.2]]})
    r = world.client("province_viewer").post("/stats/province-template/", {"file": SimpleUploadedFile("t.xlsx", content), "write": "1"})
    print(r.status_code, r.context["report"], list(IndicatorValue.objects.values_list("zone_id", "value", "status")))
    a = IndicatorValue.objects.create(zone=world.zone_a, indicator=ind, year=2024, month=4, value=Decimal(100), status="approved")
    r = world.client("zone_staff").post(f"/stats/values/{a.pk}/delete/")
    print("delete", r.status_code, IndicatorValue.objects.filter(pk=a.pk).exists())
    r = world.client("zone_staff").get(f"/api/v1/stats/ranking/?indicator={ind.pk}&period=2024-04")
    print(r.status_code, r.content.decode()[:300])
    r = world.client("zone_staff").get(f"/stats/ranking/?indicator={ind.pk}&period=2024-04")
    print(r.status_code, r.context["table"], r.context["form"].errors)
