import json
from decimal import Decimal

from django import forms, template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from devzone.core import access

register = template.Library()


@register.filter
def index(sequence, i):
    return sequence[i]


@register.filter
def header(column, model):
    return column.header(model)


@register.filter
def display(value):
    """A cell as officials read it: empty as a dash, booleans as words."""
    if value is None or value == "":
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, Decimal) and abs(value) >= 10000:
        # Amounts in 元 or 万元 run to ten digits: grouped, as in a financial
        # table (the Chinese locale of Django groups nothing). Integers are
        # left alone: they are years, counts and codes.
        return f"{value:,}"
    if isinstance(value, Decimal | float | int):
        return localize(value)
    return value


@register.simple_tag(takes_context=True)
def may_open(context, url_name, *args):
    """``{% may_open 'desk:dashboard' as shown %}``: whether the user may open
    the page a button links to, by the rule its view declares."""
    return access.may_open(context["request"].user, url_name, *args)


@register.filter
def tel(number):
    """A phone number as a tap-to-call link (a dash when there is none). The
    link keeps only what a dialler takes: digits, a leading + and dashes."""
    if not number:
        return "—"
    dial = "".join(ch for ch in str(number) if ch.isdigit() or ch in "+-")
    if not any(ch.isdigit() for ch in dial):
        return number
    return format_html('<a href="tel:{}" class="text-nowrap">{}</a>', dial, number)


@register.filter
def is_checkbox(field):
    return getattr(field.field.widget, "input_type", "") == "checkbox"


@register.filter
def add_class(field, css):
    widget = field.field.widget
    if isinstance(widget, forms.Select):
        css = "form-select"
    classes = css + (" is-invalid" if field.errors else "")
    return field.as_widget(attrs={"class": classes})


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def compact_json_script(value, element_id):
    """As Django's ``json_script``, for large payloads (the wall chart): Chinese
    stays as UTF-8 rather than six-byte escapes, without spaces."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return format_html(
        '<script id="{}" type="application/json">{}</script>',
        element_id,
        mark_safe(data.translate(_JSON_SCRIPT_ESCAPES)),  # noqa: S308  (escaped above)
    )


@register.filter
def resource_label(key):
    """What a background job's list is called, from its resource key."""
    from devzone.core.resources import get_resource

    try:
        return get_resource(key).model._meta.verbose_name_plural
    except KeyError:
        return key


def is_sample_value(obj, field: str | None = None) -> bool:
    """Without ``field``: whether ``obj`` is a sample (a record, a dashboard
    card: anything with an ``is_sample`` flag). With it: whether that detail
    is one a stated record has invented; a sample record is marked once, as
    a whole, not detail by detail."""
    if obj is None or obj is False:
        return False
    if obj is True:  # e.g. ``items|any_sample``: a figure made of sample rows
        return True
    if field is None:
        return bool(getattr(obj, "is_sample", False))
    if getattr(obj, "is_sample", False):
        return False
    return field.split(".")[0] in (getattr(obj, "sample_fields", None) or ())


@register.filter
def any_sample(rows) -> bool:
    """Whether a figure made of these rows rests on any sample."""
    return any(is_sample_value(row) for row in rows or ())


@register.simple_tag
def sample_mark(obj, field=None, source=None, compact=False):
    """``{% sample_mark obj %}``: the 示例 badge on a sample record or figure,
    else its stated source (``source``, or the record's ``source_note``);
    ``{% sample_mark obj "field" %}``: the badge on that detail of a stated
    record, when the seed does not state it. The one mark of every page.
    ``compact=True`` (a table cell) names the source in the tooltip only."""
    if is_sample_value(obj, field):
        return format_html(
            '<span class="badge bg-yellow-lt" data-testid="sample-mark" title="{}">{}</span>',
            _("Invented for the demo; not stated in the source."),
            _("Sample"),
        )
    note = source if source is not None else ("" if field else getattr(obj, "source_note", ""))
    if not note:
        return ""
    if compact:
        return format_html(
            '<span class="badge bg-green-lt" data-testid="source-mark" title="{}: {}">{}</span>',
            _("Source"),
            note,
            _("Source"),
        )
    return format_html(
        '<div class="small text-secondary" data-testid="source-mark">{}: {}</div>',
        _("Source"),
        note,
    )
