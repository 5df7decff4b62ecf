from django.urls import path

from openiep.iep import views

P = "students/<int:student_id>/ieps/"
urlpatterns = [
    path(P, views.iep_list, name="iep_list"),
    path(P + "new/", views.iep_new, name="iep_new"),
    path(P + "compare/", views.iep_compare, name="iep_compare"),
    path(P + "<int:iep_id>/", views.iep_detail, name="iep_detail"),
    path(P + "<int:iep_id>/autosave/", views.iep_autosave, name="iep_autosave"),
    path(P + "<int:iep_id>/check/", views.iep_check, name="iep_check"),
    path(P + "<int:iep_id>/share/", views.iep_share, name="iep_share"),
    path(P + "<int:iep_id>/finalize/", views.iep_finalize, name="iep_finalize"),
    path(P + "<int:iep_id>/discard/", views.iep_discard, name="iep_discard"),
    path(P + "<int:iep_id>/amend/", views.iep_amend, name="iep_amend"),
    path(P + "<int:iep_id>/pdf/", views.iep_pdf, name="iep_pdf"),
    path(P + "<int:iep_id>/consent/", views.iep_consent, name="iep_consent"),
    path(P + "<int:iep_id>/consent/record/", views.iep_consent_paper, name="iep_consent_paper"),
    path(P + "<int:iep_id>/agreement/", views.iep_agreement, name="iep_agreement"),
    path(P + "<int:iep_id>/bank/goals/", views.goal_bank, name="iep_goal_bank"),
    path(P + "<int:iep_id>/bank/accommodations/", views.accommodation_bank, name="iep_accommodation_bank"),
    path(P + "<int:iep_id>/<str:kind>/from-bank/", views.bank_insert, name="iep_bank_insert"),
    path(P + "<int:iep_id>/<str:kind>/add/", views.row_add, name="iep_row_add"),
    path(P + "<int:iep_id>/<str:kind>/<int:row_id>/save/", views.row_autosave, name="iep_row_save"),
    path(P + "<int:iep_id>/<str:kind>/<int:row_id>/delete/", views.row_delete, name="iep_row_delete"),
    path(P + "<int:iep_id>/goals/<int:goal_id>/objectives/add/", views.objective_add, name="iep_objective_add"),
    path(P + "<int:iep_id>/objectives/<int:objective_id>/delete/", views.objective_delete, name="iep_objective_delete"),
]
