"""What the API returns. Read-only: integrations write through the pages' services (write endpoints for service
logs and progress data come with those models)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from openiep.compliance.models import Deadline
from openiep.documents.models import Document
from openiep.iep.models import IEP, Goal, Service
from openiep.people.models import Guardian, Guardianship, Student


class StudentSerializer(serializers.ModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = Student
        fields = ["id", "local_id", "state_id", "sourced_id", "first_name", "middle_name", "last_name",
                  "preferred_name", "date_of_birth", "grade", "sex", "race_ethnicity", "hispanic_latino",
                  "english_learner", "home_language", "school", "school_name", "enrolled_on", "exited_on",
                  "is_active", "updated_at"]


class GuardianshipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Guardianship
        fields = ["student", "relationship", "holds_educational_rights", "is_surrogate", "lives_with_student"]


class GuardianSerializer(serializers.ModelSerializer):
    students = GuardianshipSerializer(source="visible_guardianships", many=True, read_only=True)

    class Meta:
        model = Guardian
        fields = ["id", "sourced_id", "first_name", "last_name", "email", "phone", "preferred_language",
                  "needs_interpreter", "students"]


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "order", "area", "statement", "baseline", "criterion", "measurement_method", "unit",
                  "baseline_value", "target_value"]


class ServiceSerializer(serializers.ModelSerializer):
    student = serializers.IntegerField(source="iep.student_id", read_only=True)

    class Meta:
        model = Service
        fields = ["id", "iep", "student", "order", "kind", "name", "provider_role", "minutes", "times", "period",
                  "location", "delivery", "start_date", "end_date"]


class IEPSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = IEP
        fields = ["id", "student", "version", "kind", "status", "start_date", "end_date", "case_manager", "setting",
                  "school_week_minutes", "minutes_outside_regular_class", "environment_code", "esy",
                  "state_assessment", "district_assessment", "finalized_at", "ended_on", "updated_at", "goals"]


class DeadlineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deadline
        fields = ["id", "student", "school", "responsible", "rule_id", "label", "kind", "citation", "start_event",
                  "start_on", "due_on", "done_on", "estimated", "computed_at"]


class DocumentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = ["id", "student", "kind", "title", "language", "content_type", "size", "sha256",
                  "given_to_parents_on", "created_at", "download_url"]

    @extend_schema_field(OpenApiTypes.URI)
    def get_download_url(self, obj: Document) -> str:
        return reverse("api_document_download", kwargs={"document_pk": obj.pk})


class DueSerializer(serializers.Serializer):
    rule_id = serializers.CharField()
    label = serializers.CharField()
    due_on = serializers.DateField()
    citation = serializers.CharField()


class TimelineSerializer(serializers.Serializer):
    on = serializers.DateField()
    step = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()


class CaseSerializer(serializers.Serializer):
    student = serializers.IntegerField()
    step = serializers.IntegerField()
    step_label = serializers.CharField()
    status = serializers.CharField()
    next_action = serializers.CharField()
    owed_by = serializers.CharField()
    due = DueSerializer(allow_null=True)
    stopped = serializers.BooleanField()
    timeline = TimelineSerializer(many=True)
