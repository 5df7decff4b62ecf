"""A small hand-built district for the reporting tests: each child made in one line, answers computed by hand."""

from __future__ import annotations

from datetime import date, timedelta

from openiep.eligibility.models import EligibilityDetermination
from openiep.eligibility.tests.factories import EligibilityDeterminationFactory
from openiep.evaluations.tests.factories import CompletedEvaluationFactory
from openiep.iep.models import IEP
from openiep.iep.tests.factories import InEffectIEPFactory
from openiep.people.models import SchoolYear
from openiep.people.tests.factories import StudentFactory

COUNT_DATE = date(2026, 10, 1)


def school_year(district) -> SchoolYear:
    return SchoolYear.objects.create(district=district, name="2026-27", start_date=date(2026, 8, 20),
                                     end_date=date(2027, 6, 10))


def child(school, last_name, *, born, grade, sex="F", race="WH7", el=False, category="specific_learning_disability",
          environment="RC80", iep_start=date(2026, 3, 1), iep_end=date(2027, 2, 28), status=IEP.Status.IN_EFFECT,
          eligible=True, decided=date(2026, 2, 1), **iep_fields):
    """A student with an eligibility decision and an IEP (in effect by default) reaching the count date."""
    student = StudentFactory(district=school.district, school=school, last_name=last_name, first_name="Kid",
                             date_of_birth=born, grade=grade, sex=sex, race_ethnicity=race, english_learner=el)
    decide(student, on=decided, category=category, eligible=eligible)
    iep = InEffectIEPFactory(student=student, status=status, start_date=iep_start, end_date=iep_end,
                             environment_code=environment, **iep_fields)
    return student, iep


def decide(student, *, on, category="specific_learning_disability", eligible=True):
    if eligible:
        return EligibilityDeterminationFactory(evaluation=CompletedEvaluationFactory(student=student),
                                               determined_on=on, primary_category=category)
    return EligibilityDeterminationFactory(
        evaluation=CompletedEvaluationFactory(student=student), determined_on=on, primary_category="",
        result=EligibilityDetermination.Result.NOT_ELIGIBLE, adverse_effect=False, needs_special_education=False)


def build_district(cast):
    """The district of the tests (see test_child_count for the hand count)."""
    school_year(cast.district)
    lincoln, washington = cast.lincoln, cast.washington
    kids = {}
    kids["adams"] = child(lincoln, "Adams", born=date(2016, 5, 1), grade="05", el=True, race="HI7",
                          setting="regular_school", school_week_minutes=1800, minutes_outside_regular_class=900)
    kids["baker"] = child(lincoln, "Baker", born=date(2016, 10, 1), grade="05", sex="M", category="autism",
                          environment="RC39")
    kids["cruz"] = child(lincoln, "Cruz", born=date(2021, 6, 1), grade="KG", race="BL7",
                         category="speech_language_impairment")
    kids["diaz"] = child(lincoln, "Diaz", born=date(2021, 3, 1), grade="PK", sex="M", race="AS7",
                         category="developmental_delay", environment="REC10YSVCS")
    kids["evans"] = child(lincoln, "Evans", born=date(2023, 9, 30), grade="PR", category="developmental_delay",
                          environment="H")
    kids["fox"] = child(lincoln, "Fox", born=date(2010, 1, 15), grade="11", sex="M", race="HI7",
                        category="deafness", environment="RC79TO40")
    # Grant: an IEP superseded on September 15 by the one in effect; counted once, in the new environment.
    student, old = child(lincoln, "Grant", born=date(2012, 2, 29), grade="09", race="MU7",
                         category="emotional_disturbance", status=IEP.Status.SUPERSEDED, iep_start=date(2025, 10, 1),
                         iep_end=date(2026, 9, 30), version=1)
    new = InEffectIEPFactory(student=student, start_date=date(2026, 9, 15), end_date=date(2027, 9, 14),
                             environment_code="SS", version=2, previous=old)
    kids["grant"] = (student, new)
    kids["hill"] = child(lincoln, "Hill", born=date(2015, 1, 1), grade="06", iep_start=date(2025, 10, 1),
                         iep_end=date(2026, 9, 30))  # out of date on the count date
    kids["irwin"] = child(lincoln, "Irwin", born=date(2015, 1, 1), grade="06", status=IEP.Status.APPROVED,
                          iep_start=COUNT_DATE + timedelta(days=1), iep_end=date(2027, 10, 1))  # starts after
    kids["jones"] = child(lincoln, "Jones", born=date(2015, 1, 1), grade="06")
    decide(kids["jones"][0], on=date(2026, 9, 1), eligible=False)  # found not eligible since
    kids["king"] = child(lincoln, "King", born=date(2015, 1, 1), grade="06", race="")
    kids["lopez"] = child(lincoln, "Lopez", born=date(2015, 1, 1), grade="06", status=IEP.Status.ENDED,
                          ended_on=COUNT_DATE)  # ended on the count date
    kids["moore"] = child(washington, "Moore", born=date(2014, 1, 1), grade="07", sex="M")
    kids["nash"] = child(lincoln, "Nash", born=date(2015, 1, 1), grade="06", environment="")
    return kids
