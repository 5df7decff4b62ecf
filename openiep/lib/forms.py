from __future__ import annotations

from django.core.exceptions import ValidationError
from django.forms import BaseForm, BaseFormSet
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form field renders with its label, help and errors tied to the input for screen readers."""

    field_template_name = "includes/field.html"


def add_errors(form: BaseForm, exc: ValidationError, formset_fields: dict[str, BaseFormSet] | None = None) -> None:
    """Show a service's ValidationError at the field it names; messages about a table (a formset) go above it."""
    formset_fields = formset_fields or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        if field in formset_fields:
            formset_fields[field].table_errors = [*getattr(formset_fields[field], "table_errors", []), *errors]
        else:
            form.add_error(field if field in form.fields else None, errors)
