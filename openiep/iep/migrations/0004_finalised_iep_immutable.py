"""A finalised IEP is immutable at the database too: its content columns, and its goals, objectives, services and
accommodations, refuse UPDATE once the IEP has been finalised (whatever code or console tries it). Status,
end-of-effect and consent links still move (in effect → superseded). DELETE stays possible for 34 CFR 300.624
destruction on a parent's request, as for the audit tables."""

from django.db import migrations

CONTENT = [
    "kind", "version", "previous_id", "meeting_id", "start_date", "end_date", "present_levels_academic",
    "present_levels_functional", "disability_impact", "parent_concerns", "student_strengths", "student_input",
    "factor_behavior", "factor_limited_english", "factor_blind", "factor_communication", "factor_deaf",
    "factor_assistive_technology", "special_factors_notes", "behavior_plan_reference", "progress_report_schedule",
    "progress_report_method", "state_assessment", "district_assessment", "alternate_assessment_reason", "setting",
    "school_week_minutes", "minutes_outside_regular_class", "nonparticipation_explanation",
    "ec_program_hours_per_week", "ec_services_in_program", "environment_code", "esy", "esy_notes",
    "postsecondary_education_goal", "postsecondary_employment_goal", "postsecondary_independent_living_goal",
    "transition_assessments", "transition_services", "course_of_study", "agencies_invited", "majority_informed_on",
    "snapshot", "content_hash", "finalized_at", "finalized_by_id",
]
CHILDREN = {"iep_goal": "iep_id", "iep_service": "iep_id", "iep_accommodation": "iep_id"}


def _sqlite(cursor) -> None:
    changed = " OR ".join(f'OLD."{c}" IS NOT NEW."{c}"' for c in CONTENT)
    cursor.execute(
        'CREATE TRIGGER IF NOT EXISTS "iep_iep_final_immutable" BEFORE UPDATE ON "iep_iep" '
        f"WHEN OLD.finalized_at IS NOT NULL AND ({changed}) "
        "BEGIN SELECT RAISE(ABORT, 'a finalised IEP cannot be changed'); END;")
    for table, key in CHILDREN.items():
        cursor.execute(
            f'CREATE TRIGGER IF NOT EXISTS "{table}_final_immutable" BEFORE UPDATE ON "{table}" '
            f'WHEN (SELECT finalized_at FROM iep_iep WHERE id = OLD."{key}") IS NOT NULL '
            "BEGIN SELECT RAISE(ABORT, 'a finalised IEP cannot be changed'); END;")
    cursor.execute(
        'CREATE TRIGGER IF NOT EXISTS "iep_objective_final_immutable" BEFORE UPDATE ON "iep_objective" '
        "WHEN (SELECT i.finalized_at FROM iep_iep i JOIN iep_goal g ON g.iep_id = i.id WHERE g.id = OLD.goal_id) "
        "IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a finalised IEP cannot be changed'); END;")


def _postgresql(cursor) -> None:
    changed = " OR ".join(f'OLD."{c}" IS DISTINCT FROM NEW."{c}"' for c in CONTENT)
    cursor.execute(f"""
CREATE OR REPLACE FUNCTION openiep_iep_final_immutable() RETURNS trigger AS $$
BEGIN
    IF OLD.finalized_at IS NOT NULL AND ({changed}) THEN
        RAISE EXCEPTION 'a finalised IEP cannot be changed (IEP %)', OLD.id;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE FUNCTION openiep_iep_part_immutable() RETURNS trigger AS $$
DECLARE final timestamptz;
BEGIN
    IF TG_TABLE_NAME = 'iep_objective' THEN
        SELECT i.finalized_at INTO final FROM iep_iep i JOIN iep_goal g ON g.iep_id = i.id WHERE g.id = OLD.goal_id;
    ELSE
        SELECT finalized_at INTO final FROM iep_iep WHERE id = OLD.iep_id;
    END IF;
    IF final IS NOT NULL THEN
        RAISE EXCEPTION 'a finalised IEP cannot be changed (%)', TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE OR REPLACE TRIGGER iep_iep_final_immutable BEFORE UPDATE ON iep_iep
    FOR EACH ROW EXECUTE FUNCTION openiep_iep_final_immutable();
""")
    for table in (*CHILDREN, "iep_objective"):
        cursor.execute(f"CREATE OR REPLACE TRIGGER {table}_final_immutable BEFORE UPDATE ON {table} "
                       "FOR EACH ROW EXECUTE FUNCTION openiep_iep_part_immutable();")


def install(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        if schema_editor.connection.vendor == "sqlite":
            _sqlite(cursor)
        elif schema_editor.connection.vendor == "postgresql":
            _postgresql(cursor)


def remove(apps, schema_editor) -> None:
    with schema_editor.connection.cursor() as cursor:
        for table in ("iep_iep", *CHILDREN, "iep_objective"):
            cursor.execute(f'DROP TRIGGER IF EXISTS "{table}_final_immutable"'
                           + (f' ON "{table}"' if schema_editor.connection.vendor == "postgresql" else ""))


class Migration(migrations.Migration):
    dependencies = [("iep", "0003_goal_service_accommodation_lineage")]
    operations = [migrations.RunPython(install, remove)]
