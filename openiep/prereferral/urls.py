from django.urls import path

from openiep.prereferral import views

P = "students/<int:student_id>/interventions/"

urlpatterns = [
    path(P, views.concern_list, name="prereferral_concern_list"),
    path(P + "concerns/new/", views.concern_create, name="prereferral_concern_create"),
    path(P + "concerns/<int:concern_id>/", views.concern_detail, name="prereferral_concern_detail"),
    path(P + "concerns/<int:concern_id>/edit/", views.concern_edit, name="prereferral_concern_edit"),
    path(P + "concerns/<int:concern_id>/add-intervention/", views.intervention_add,
         name="prereferral_intervention_add"),
    path(P + "concerns/<int:concern_id>/accommodations/", views.accommodation_add,
         name="prereferral_accommodation_add"),
    path(P + "concerns/<int:concern_id>/review/", views.review_record, name="prereferral_review_record"),
    path(P + "<int:intervention_id>/edit/", views.intervention_edit, name="prereferral_intervention_edit"),
    path(P + "<int:intervention_id>/scores/", views.data_point_add, name="prereferral_data_point_add"),
    path(P + "<int:intervention_id>/scores/several/", views.data_points_add, name="prereferral_data_points_add"),
    path(P + "scores/<int:intervention_point_id>/remove/", views.data_point_remove,
         name="prereferral_data_point_remove"),
    path(P + "accommodations/<int:concern_accommodation_id>/", views.accommodation_update,
         name="prereferral_accommodation_update"),
]
