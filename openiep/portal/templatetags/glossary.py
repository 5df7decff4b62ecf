"""Plain-language explanations of the words of special education, for every page a parent sees.

``{% explain "iep" %}`` prints the term with a short explanation after it, in the page's language;
``{% term "iep" %}`` prints only the term (when it was explained just before).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

register = template.Library()

GLOSSARY: dict[str, tuple[str, str]] = {
    "iep": (_("IEP"), _("Individualized Education Program: the written plan of your child's special education")),
    "pwn": (_("Prior Written Notice"), _("a letter in which the school explains what it will or will not do, "
                                         "and why")),
    "consent": (_("consent"), _("your written permission; the school cannot go ahead without it")),
    "evaluation": (_("evaluation"), _("tests and observations that show how your child learns and what help "
                                      "they need")),
    "eligibility": (_("eligibility"), _("whether your child has a disability and needs special education")),
    "iee": (_("Independent Educational Evaluation (IEE)"), _("an evaluation by someone who does not work for "
                                                              "the school, paid by the school")),
    "safeguards": (_("procedural safeguards"), _("your rights as a parent in special education, and how to use "
                                                 "them")),
    "records": (_("education records"), _("everything the school keeps about your child: reports, notes, "
                                          "test results")),
    "state_complaint": (_("state complaint"), _("a letter to the state education agency saying the school broke "
                                                "a special-education rule; the state decides within 60 days")),
    "mediation": (_("mediation"), _("a meeting with a neutral person who helps you and the school agree; it is "
                                    "free and voluntary")),
    "due_process": (_("due process complaint"), _("a request for a hearing before an impartial hearing officer, "
                                                  "who decides the disagreement")),
    "stay_put": (_("stay-put"), _("while a disagreement is being decided, your child stays in the current "
                                  "placement")),
    "advocate": (_("advocate"), _("a person you choose to help you, who can read your child's records while you "
                                  "allow it")),
    "record_of_access": (_("record of access"), _("the list of everyone outside your family who looked at your "
                                                  "child's records: who, when and why")),
    "referral": (_("referral"), _("a request that the school evaluate a child for special education")),
}


@register.simple_tag
def explain(key: str) -> str:
    word, meaning = GLOSSARY[key]
    return format_html('<span class="term"><strong>{}</strong> <span class="explain">({})</span></span>',
                       word, meaning)


@register.simple_tag
def term(key: str) -> str:
    return str(GLOSSARY[key][0])


FAMILY_ROLES = {"parent": _("Parent or guardian"), "advocate": _("Advocate"), "student": _("Student")}


@register.simple_tag
def role_label(user) -> str:
    """The signed-in person's role: translated for families (staff pages are in English)."""
    return str(FAMILY_ROLES.get(user.role) or user.get_role_display())


GRADES = {
    "IT": _("Infant or toddler"), "PR": _("Preschool"), "PK": _("Pre-kindergarten"),
    "TK": _("Transitional kindergarten"), "KG": _("Kindergarten"), "PS": _("Transition program after high school"),
    "UG": _("Ungraded"), "Other": _("Other grade"),
}


@register.filter
def grade_label(student) -> str:
    """The child's grade in the page's language ("Grade 4", "Grado 4"); empty when not recorded."""
    code = student.grade or ""
    if code.isdigit():
        return str(_("Grade %(number)s") % {"number": int(code)})
    return str(GRADES.get(code, ""))
