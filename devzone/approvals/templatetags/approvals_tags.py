from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's full name, else the user name; a dash for nobody."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username
