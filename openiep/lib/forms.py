from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form field renders with its label, help and errors tied to the input for screen readers."""

    field_template_name = "includes/field.html"
