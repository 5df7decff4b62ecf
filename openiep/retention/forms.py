from django import forms


class NoticeForm(forms.Form):
    destroy_on = forms.DateField(
        label="Destroy on or after", widget=forms.DateInput(attrs={"type": "date"}),
        help_text="At least 30 days from today, so the parents can ask for a copy first.",
    )


class DestroyForm(forms.Form):
    confirm = forms.CharField(label="Type the student's local id to confirm", max_length=40,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
