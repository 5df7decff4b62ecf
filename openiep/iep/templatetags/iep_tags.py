"""Small template helpers of the IEP editor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def get_item(mapping: dict, key: str) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


def as_original(value: Any) -> str:
    """A field's stored value as the autosave endpoint reads it back (see views._as_text)."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


@register.simple_tag
def original(bound_field) -> str:
    """The hidden input that tells the server what this field held when the page was loaded: the base of the
    conflict check (a field someone else changed since is not overwritten)."""
    initial = bound_field.form.initial.get(bound_field.name, bound_field.field.initial)
    return format_html('<input type="hidden" name="original-{}" value="{}" data-original-of="{}">',
                       bound_field.name, as_original(initial), bound_field.name)
