from django import template

from openiep.prereferral.rules import format_value

register = template.Library()


@register.filter
def score(value) -> str:
    """A score as a teacher writes it (42, 42.5), whatever the page's language."""
    return "" if value is None or value == "" else format_value(value)
