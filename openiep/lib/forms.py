from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    """Every form field renders with its label, help and errors tied to the input for screen readers."""

    field_template_name = "includes/field.html"
