"""An Ed-Fi-shaped export of special-education program associations and their services.

One ``StudentSpecialEducationProgramAssociation`` per finalised IEP version (Ed-Fi starts a new association when
the IEP begin date, the setting, the disability or the hours change: codes.json ``edfi_special_education``),
with the Ed-Fi Data Standard 5.2 field names (camelCase, as the Ed-Fi ODS/API writes them) and default
descriptors. Where Ed-Fi has no default descriptor for an OpenIEP value (developmental delay, specially designed
instruction, …) the value goes in OpenIEP's own descriptor namespace, as Ed-Fi allows; ``MAPPING`` lists every
mapping (served at /api/v1/edfi/mapping/).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import CharField, DateField, OuterRef, Subquery
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from openiep.api import filters
from openiep.api.models import Scope
from openiep.eligibility.models import DisabilityCategory, EligibilityDetermination
from openiep.evaluations.models import Evaluation
from openiep.iep.models import IEP, Service
from openiep.lib.scope import related_scope

ED_FI = "uri://ed-fi.org"
OPENIEP = "uri://openiep.org"  # descriptors Ed-Fi's default sets lack

DISABILITY = {  # codes.json disability_categories: edfi_descriptor
    DisabilityCategory.AUTISM: "Autism Spectrum Disorders",
    DisabilityCategory.DEAF_BLINDNESS: "Deaf-Blindness",
    DisabilityCategory.DEAFNESS: "Hearing Impairment, including Deafness",
    DisabilityCategory.EMOTIONAL_DISTURBANCE: "Serious Emotional Disability",
    DisabilityCategory.HEARING_IMPAIRMENT: "Hearing Impairment, including Deafness",
    DisabilityCategory.INTELLECTUAL_DISABILITY: "Intellectual Disability",
    DisabilityCategory.MULTIPLE_DISABILITIES: "Multiple Disabilities",
    DisabilityCategory.ORTHOPEDIC_IMPAIRMENT: "Orthopedic Impairment",
    DisabilityCategory.OTHER_HEALTH_IMPAIRMENT: "Other Health Impairment",
    DisabilityCategory.SPECIFIC_LEARNING_DISABILITY: "Specific Learning Disability",
    DisabilityCategory.SPEECH_LANGUAGE_IMPAIRMENT: "Speech or Language Impairment",
    DisabilityCategory.TRAUMATIC_BRAIN_INJURY: "Traumatic Brain Injury",
    DisabilityCategory.VISUAL_IMPAIRMENT: "Visual Impairment, including Blindness",
}
DISABILITY_EXTENSIONS = {DisabilityCategory.DEVELOPMENTAL_DELAY: "Developmental Delay"}

SETTING = {  # codes.json educational_environments: edfi_descriptor_map, and the default SpecialEducationSettingDescriptor
    "RC80": "Inside regular class 80% or more of the day",
    "RC79TO40": "Inside regular class between 40-79% of the day",
    "RC39": "Inside regular class less than 40% of the day",
    "SS": "Separate school",
    "RF": "Residential facility",
    "HH": "Homebound/Hospital",
    "CF": "Correctional facilities",
    "PPPS": "Parentally-placed in private schools",
    "REC10YSVCS": "Regular early childhood program (10+ hrs)",
    "REC10YOTHLOC": "Other early childhood location (10+ hrs)",
    "REC09YSVCS": "Regular early childhood program (less than 10 hrs)",
    "REC09YOTHLOC": "Other early childhood location (< 10 hours)",
    "SC": "Separate class",
    "H": "Home",
    "SPL": "Service provider location",
}

SERVICE = {  # provider role -> default SpecialEducationProgramServiceDescriptor
    Service.ProviderRole.SPEECH_LANGUAGE: "Speech-Language And Audiology Services",
    Service.ProviderRole.AUDIOLOGY: "Speech-Language And Audiology Services",
    Service.ProviderRole.INTERPRETING: "Interpreting Services",
    Service.ProviderRole.SCHOOL_PSYCHOLOGY: "Psychological Services",
    Service.ProviderRole.OCCUPATIONAL_THERAPY: "Occupational And Physical Therapy",
    Service.ProviderRole.PHYSICAL_THERAPY: "Occupational And Physical Therapy",
    Service.ProviderRole.COUNSELING: "Counseling Services",
    Service.ProviderRole.ORIENTATION_MOBILITY: "Orientation And Mobility",
    Service.ProviderRole.SCHOOL_NURSE: "School Health and/or School Nurse Services",
    Service.ProviderRole.SOCIAL_WORK: "Social Work Services",
}
SERVICE_EXTENSIONS = {
    Service.ProviderRole.SPED_TEACHER: "Specially Designed Instruction",
    Service.ProviderRole.GENED_TEACHER: "Specially Designed Instruction",
    Service.ProviderRole.PARAPROFESSIONAL: "Paraprofessional Support",
    Service.ProviderRole.VISION: "Vision Services",
    Service.ProviderRole.BEHAVIOR: "Behavior Support",
    Service.ProviderRole.ADAPTED_PE: "Adapted Physical Education",
    Service.ProviderRole.ASSISTIVE_TECHNOLOGY: "Assistive Technology Services",
    Service.ProviderRole.TRANSPORTATION: "Transportation",
    "": "Other Service",
}
# Minutes a period holds in a school week: a school year of 36 weeks, a month of 4 weeks (a planning convention).
WEEKS_IN = {Service.Period.DAY: Decimal("0.2"), Service.Period.WEEK: Decimal(1), Service.Period.MONTH: Decimal(4),
            Service.Period.YEAR: Decimal(36)}
HOURS_SERVICE_KINDS = {Service.Kind.SPECIAL_EDUCATION, Service.Kind.RELATED}


def descriptor(kind: str, value: str, *, namespace: str = ED_FI) -> str:
    return f"{namespace}/{kind}#{value}"


def disability_descriptor(category: str) -> str | None:
    if category in DISABILITY:
        return descriptor("DisabilityDescriptor", DISABILITY[category])
    if category in DISABILITY_EXTENSIONS:
        return descriptor("DisabilityDescriptor", DISABILITY_EXTENSIONS[category], namespace=OPENIEP)
    return None


def service_descriptor(provider_role: str) -> str:
    if provider_role in SERVICE:
        return descriptor("SpecialEducationProgramServiceDescriptor", SERVICE[provider_role])
    return descriptor("SpecialEducationProgramServiceDescriptor",
                      SERVICE_EXTENSIONS.get(provider_role, SERVICE_EXTENSIONS[""]), namespace=OPENIEP)


def hours_per_week(services) -> Decimal | None:
    """Special education and related services, in hours a week (two decimals); None when no minutes are given."""
    total = Decimal(0)
    known = False
    for service in services:
        if service.kind not in HOURS_SERVICE_KINDS or not service.minutes or not service.period:
            continue
        known = True
        total += Decimal(service.minutes) * Decimal(service.times or 1) / WEEKS_IN[service.period]
    return (total / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if known else None


def association(iep: IEP, *, district_id: str) -> dict:
    """One StudentSpecialEducationProgramAssociation (Ed-Fi DS 5.2 names) for one IEP version."""
    student = iep.student
    services = list(iep.services.all())
    program = {"educationOrganizationId": district_id, "programName": "Special Education",
               "programTypeDescriptor": descriptor("ProgramTypeDescriptor", "Special Education")}
    disabilities = []
    category = iep.primary_category or ""
    if disability_descriptor(category):
        disabilities.append({
            "disabilityDescriptor": disability_descriptor(category), "orderOfDisability": 1,
            "designations": [{"disabilityDesignationDescriptor": descriptor(
                "DisabilityDesignationDescriptor", "Individuals with Disabilities Education Act")}],
        })
    return {
        "id": iep.pk,
        "beginDate": iep.start_date,
        "endDate": iep.ended_on,
        "educationOrganizationReference": {"educationOrganizationId": district_id},
        "programReference": program,
        "studentReference": {"studentUniqueId": student.state_id or student.local_id},
        "ideaEligibility": iep.eligibility_result == EligibilityDetermination.Result.ELIGIBLE,
        "specialEducationSettingDescriptor": (
            descriptor("SpecialEducationSettingDescriptor", SETTING[iep.environment_code])
            if iep.environment_code in SETTING else None),
        "specialEducationHoursPerWeek": hours_per_week(services),
        "schoolHoursPerWeek": (Decimal(iep.school_week_minutes) / 60).quantize(Decimal("0.01"))
        if iep.school_week_minutes else None,
        "iepBeginDate": iep.start_date,
        "iepEndDate": iep.end_date,
        "lastEvaluationDate": iep.last_evaluation_on,
        "disabilities": disabilities,
        "specialEducationProgramServices": [
            {"specialEducationProgramServiceDescriptor": service_descriptor(s.provider_role),
             "primaryIndicator": s.kind == Service.Kind.SPECIAL_EDUCATION,
             "serviceBeginDate": s.start_date or iep.start_date, "serviceEndDate": s.end_date or iep.end_date}
            for s in services if s.kind in HOURS_SERVICE_KINDS
        ],
    }


def mapping_table() -> list[dict]:
    rows = []
    for category, label in DisabilityCategory.choices:
        rows.append({"element": "Disability", "openiep": category, "openiep_label": label,
                     "edfi": disability_descriptor(category),
                     "note": "Ed-Fi default set lacks it: OpenIEP namespace" if category in DISABILITY_EXTENSIONS
                     else ("Deafness is reported with hearing impairment" if category == "deafness" else "")})
    for code, value in SETTING.items():
        rows.append({"element": "SpecialEducationSetting", "openiep": code, "openiep_label": code,
                     "edfi": descriptor("SpecialEducationSettingDescriptor", value),
                     "note": "Inferred: Ed-Fi's 'Other early childhood location' for services mostly elsewhere"
                     if code.endswith("OTHLOC") else ""})
    for role, label in Service.ProviderRole.choices:
        rows.append({"element": "SpecialEducationProgramService", "openiep": role, "openiep_label": label,
                     "edfi": service_descriptor(role),
                     "note": "" if role in SERVICE else "Ed-Fi default set lacks it: OpenIEP namespace"})
    return rows


class ProgramAssociationList(generics.ListAPIView):
    """Ed-Fi StudentSpecialEducationProgramAssociation records, one per finalised IEP version in the caller's
    scope. Use ``updated_since`` for incremental sync."""

    scope = Scope.EDFI
    filter_backends = [DjangoFilterBackend]
    filterset_class = filters.IEPFilter

    def get_queryset(self):
        latest = EligibilityDetermination.objects.filter(student_id=OuterRef("student_id")).order_by(
            "-determined_on", "-id")
        evaluated = Evaluation.objects.filter(student_id=OuterRef("student_id"), completed_on__isnull=False).order_by(
            "-completed_on")
        return (
            IEP.objects.filter(related_scope(self.request.user, "student"),
                               status__in=(IEP.Status.IN_EFFECT, IEP.Status.SUPERSEDED, IEP.Status.ENDED))
            .select_related("student", "student__district").defer("snapshot", "section_revisions")
            .prefetch_related("services")
            .annotate(eligibility_result=Subquery(latest.values("result")[:1], output_field=CharField()),
                      primary_category=Subquery(latest.values("primary_category")[:1], output_field=CharField()),
                      last_evaluation_on=Subquery(evaluated.values("completed_on")[:1], output_field=DateField()))
            .order_by("id")
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, *args, **kwargs):
        from openiep.api.views import record_reads

        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        rows = [association(iep, district_id=iep.student.district.nces_id or str(iep.student.district_id))
                for iep in page]
        record_reads(request, [iep.student_id for iep in page], "Special-education program (Ed-Fi export, API)")
        return self.get_paginated_response(rows)


class MappingList(generics.GenericAPIView):
    """How OpenIEP values map to Ed-Fi descriptors, and where OpenIEP's own namespace fills a gap."""

    scope = Scope.EDFI
    pagination_class = None

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(mapping_table())
