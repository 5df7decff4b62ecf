"""Forms of the eligibility step: the decision, each member's vote, the Prior Written Notice."""

from __future__ import annotations

from django import forms

from openiep.eligibility.models import DisabilityCategory, EligibilityDetermination
from openiep.eligibility.rules import DETERMINANTS, PARENT_ROLE, STUDENT_ROLE, VOTE_ROLES, category_with_code
from openiep.eligibility.services import Vote
from openiep.evaluations.models import Evaluation
from openiep.lib.languages import LANGUAGE_CHOICES
from openiep.people.forms import DateInput
from openiep.people.models import Student, User

YES_NO = [("", "—"), ("yes", "Yes"), ("no", "No")]
CATEGORY_CHOICES = [(c.value, category_with_code(c.value)) for c in DisabilityCategory]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class DetermineForm(forms.Form):
    determined_on = forms.DateField(widget=DateInput(), label="Decided on", help_text="The day of the meeting.")
    result = forms.ChoiceField(choices=EligibilityDetermination.Result.choices, widget=forms.RadioSelect,
                               label="Decision")
    primary_category = forms.ChoiceField(
        choices=[("", "—")] + CATEGORY_CHOICES, required=False, label="Primary disability category",
        help_text="34 CFR 300.8, with the EDFacts reporting code. Developmental delay: ages 3 through 9 only.",
    )
    secondary_categories = forms.MultipleChoiceField(
        choices=[c for c in CATEGORY_CHOICES if c[0] != DisabilityCategory.DEVELOPMENTAL_DELAY], required=False,
        widget=forms.CheckboxSelectMultiple, label="Secondary categories (if any)",
    )
    adverse_effect = forms.TypedChoiceField(
        choices=YES_NO, coerce=_yes_no, empty_value=None, required=False,
        label="Does the disability adversely affect educational performance?",
    )
    needs_special_education = forms.TypedChoiceField(
        choices=YES_NO, coerce=_yes_no, empty_value=None, required=False,
        label="Does the student need specially designed instruction?",
    )
    determinant_lack_of_reading_instruction = forms.BooleanField(
        required=False, label="The determinant factor is " + DETERMINANTS["determinant_lack_of_reading_instruction"])
    determinant_lack_of_math_instruction = forms.BooleanField(
        required=False, label="The determinant factor is " + DETERMINANTS["determinant_lack_of_math_instruction"])
    determinant_limited_english_proficiency = forms.BooleanField(
        required=False, label="The determinant factor is " + DETERMINANTS["determinant_limited_english_proficiency"])
    consider_section_504 = forms.BooleanField(
        required=False, label="Not eligible: refer for a Section 504 plan review",
    )
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, label="Evidence the team relied on",
        help_text="Tests, parent input, teacher recommendations, physical condition, social or cultural "
                  "background, adaptive behaviour (34 CFR 300.306(c)).",
    )
    report_given_to_parent_on = forms.DateField(
        widget=DateInput(), required=False, label="Parent received the report on",
        help_text="A copy of the evaluation report and this decision, at no cost (34 CFR 300.306(a)(2)).",
    )
    # Prior Written Notice: left blank, each element is written from the decision (editable afterwards).
    options_considered = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Other options considered, and why rejected",
        help_text="Leave blank to write it from the decision.",
    )
    other_factors = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label="Other factors relevant to the decision",
        help_text="Leave blank to write it from the decision.",
    )
    language = forms.ChoiceField(choices=[("", "The parent's language")] + list(LANGUAGE_CHOICES), required=False,
                                 label="Language of the notice")
    issued_on = forms.DateField(widget=DateInput(), required=False, label="Notice dated",
                                help_text="Blank: the day of the decision.")

    NOTICE_FIELDS = ("options_considered", "other_factors", "language", "issued_on")

    def decision(self) -> dict[str, object]:
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.NOTICE_FIELDS}
        data["notice"] = {name: self.cleaned_data[name] for name in self.NOTICE_FIELDS if self.cleaned_data.get(name)}
        return data


class VoteRowForm(forms.Form):
    member = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    member_name = forms.CharField(required=False, max_length=200, label="Member")
    role = forms.ChoiceField(choices=[("", "—")] + [(r, r) for r in VOTE_ROLES], required=False, label="Role")
    agrees = forms.ChoiceField(
        choices=[("", "—"), ("agrees", "Agrees"), ("dissents", "Disagrees")], required=False,
        label="Agrees with the decision?",
    )
    dissent = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False,
                              label="Separate statement (if disagreeing)")
    signed = forms.BooleanField(required=False, label="Signed",
                                help_text="Written certification; required for a specific learning disability.")

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members if members is not None else User.objects.none()

    def is_blank(self) -> bool:
        return not (self.cleaned_data.get("member_name") or "").strip()

    def vote(self) -> Vote:
        data = self.cleaned_data
        member = data.get("member") or data["member_name"].strip()
        return Vote(member=member, role=data.get("role") or "",
                    agrees={"agrees": True, "dissents": False}.get(data.get("agrees") or ""),
                    dissent=data.get("dissent") or "", signed=bool(data.get("signed")))


VoteFormSet = forms.formset_factory(VoteRowForm, extra=0, max_num=30, absolute_max=30)


def vote_members(*, student: Student):
    """Staff who can vote as members: the district's staff (parents vote by name, as the parent)."""
    from openiep.people.selectors import team_candidates

    return team_candidates(student=student)


def initial_votes(*, student: Student, evaluation: Evaluation, case_manager: User | None,
                  guardians: list, blank_rows: int = 2) -> list[dict[str, object]]:
    """One row for each person expected at the meeting: the parent(s), the case manager, each evaluator."""
    rows: list[dict[str, object]] = []
    if student.rights_transferred_on:
        rows.append({"member_name": student.full_name, "role": STUDENT_ROLE})
    for guardianship in guardians:
        rows.append({"member_name": str(guardianship.guardian), "role": PARENT_ROLE})
    seen: set[int] = set()
    if case_manager is not None:
        rows.append({"member": case_manager.pk, "member_name": str(case_manager), "role": "Case manager"})
        seen.add(case_manager.pk)
    for area in evaluation.areas.all():
        if area.evaluator_id not in seen:
            seen.add(area.evaluator_id)
            role = {"school_psychology": "School psychologist", "speech_language": "Speech-language pathologist"}.get(
                area.evaluator.discipline, "Evaluator")
            rows.append({"member": area.evaluator_id, "member_name": str(area.evaluator), "role": role})
    rows.extend({} for _ in range(blank_rows))
    return rows


class NoticeForm(forms.Form):
    action_description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                         label="1. What the district proposes or refuses")
    reasons = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), label="2. Why")
    evaluation_basis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        label="3. Each evaluation procedure, assessment, record or report used as the basis")
    safeguards_statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}),
                                           label="4. Procedural safeguards, and how to get a copy")
    assistance_sources = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                         label="5. Where the parent can get help understanding these rights")
    options_considered = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                                         label="6. Other options considered, and why they were rejected")
    other_factors = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="7. Other relevant factors",
                                    help_text="Write “None” if there are none.")
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES, label="Language of the notice",
                                 help_text="The parent's native language or other mode of communication "
                                           "(34 CFR 300.503(c)).")
    issued_on = forms.DateField(widget=DateInput(), label="Notice dated")
