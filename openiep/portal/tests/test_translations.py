"""Spanish: the catalogue is complete and compiled, and every parent page shows no English left untranslated."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings

from openiep.evaluations.tests.factories import CompletedEvaluationFactory
from openiep.referrals.models import Referral
from openiep.referrals.tests.factories import (
    ConsentFactory,
    PriorWrittenNoticeFactory,
    ReferralFactory,
    days_ago,
)

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "es" / "LC_MESSAGES"


def test_every_message_of_the_catalogue_is_translated():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert len(po) > 300
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    for entry in po:
        placeholders = set(re.findall(r"%\(\w+\)[sd]", entry.msgid))
        translated = entry.msgstr or " ".join(entry.msgstr_plural.values())
        assert placeholders <= set(re.findall(r"%\(\w+\)[sd]", translated)), entry.msgid


def test_the_compiled_catalogue_is_up_to_date_with_the_po_file():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    def table(catalogue):
        return {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in catalogue if e.msgid and not e.obsolete}
    assert table(mo) == table(po), "run: cd openiep && ../manage.py compilemessages (or polib save_as_mofile)"


class Text(HTMLParser):
    """The visible text of a page (not scripts, styles, or the hidden metadata)."""

    def __init__(self):
        super().__init__()
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "code"}:
            self._skip += 1
        for name, value in attrs:
            if name in {"aria-label", "title", "placeholder", "data-label"} and value:
                self.chunks.append(value)

    def handle_endtag(self, tag):
        if tag in {"script", "style", "code"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.chunks.append(" ".join(data.split()))


def visible(response) -> set[str]:
    parser = Text()
    parser.feed(response.content.decode())
    return set(parser.chunks)


# Data, not interface: names and what staff wrote (in the notice's language), which the catalogue cannot translate.
WORDS = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture
def pages(cast):
    referral = ReferralFactory(student=cast.student, status=Referral.Status.EVALUATION_PROPOSED,
                               decided_on=days_ago(15))
    PriorWrittenNoticeFactory(referral=referral)
    consent = ConsentFactory(referral=referral)
    services = ConsentFactory(referral=ReferralFactory(student=cast.student), kind="initial_services",
                              status="granted", responded_on=days_ago(1), method="paper", signed_name="Pat")
    CompletedEvaluationFactory(student=cast.student)
    sid = cast.student.pk
    return ["/", f"/students/{sid}/family/consents/{consent.pk}/", f"/students/{sid}/family/request-evaluation/",
            f"/students/{sid}/family/records/", f"/students/{sid}/family/amendment/", f"/students/{sid}/family/iee/",
            f"/students/{sid}/family/disagree/", f"/students/{sid}/family/rights/",
            f"/students/{sid}/family/consents/{services.pk}/revoke/", f"/students/{sid}/sharing/",
            f"/students/{sid}/access-record/"]


@pytest.mark.django_db
def test_no_parent_page_shows_english_text_in_spanish(client, cast, pages):
    data = {cast.student.full_name, cast.student.first_name, cast.lincoln.name, cast.district.name, "OpenIEP",
            str(cast["parent"]), cast["advocate"].get_full_name()}
    client.force_login(cast["parent"])
    english = {path: visible(client.get(path)) for path in pages}
    cast["parent"].preferred_language = "es"
    cast["parent"].save()
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        spanish = visible(response)
        left = {chunk for chunk in english[path] & spanish if WORDS.search(_without(chunk, data))
                and not _is_data(chunk)}
        assert not left, f"{path} shows untranslated text in Spanish: {sorted(left)}"


def _without(chunk: str, data: set[str]) -> str:
    for value in sorted(data, key=len, reverse=True):
        if value:
            chunk = chunk.replace(value, "")
    return chunk


def _is_data(chunk: str) -> bool:
    """Written by staff or stored (the consent's and notice's text, the advocate's email, record names)."""
    from openiep.referrals.tests.factories import PriorWrittenNoticeFactory as N

    stored = {N.action_description, N.reasons, N.evaluation_basis, N.safeguards_statement, N.assistance_sources,
              N.options_considered, "Consent for an initial evaluation in reading.", "IEP", "IEE"}
    return chunk in stored or "@" in chunk or chunk.startswith("(") and "@" in chunk


@pytest.mark.django_db
def test_the_invitation_email_and_messages_come_in_spanish(client, cast):
    cast["parent"].preferred_language = "es"
    cast["parent"].save()
    client.force_login(cast["parent"])
    response = client.post(f"/students/{cast.student.pk}/family/records/", {"records_wanted": ""})
    # Django says "obligatorio", Django REST framework's catalogue (installed for the API) "requerido".
    body = response.content.decode()
    assert "Diga qué expedientes quiere ver" in body or "obligatorio" in body or "Este campo es requerido" in body
    response = client.post(f"/students/{cast.student.pk}/family/records/", {"records_wanted": "Todo"}, follow=True)
    assert "Su solicitud fue enviada" in response.content.decode()
