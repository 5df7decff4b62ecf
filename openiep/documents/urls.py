from django.urls import path

from openiep.documents import views

urlpatterns = [
    path("students/<int:student_id>/documents/", views.document_list, name="document_list"),
    path("students/<int:student_id>/documents/<int:document_id>/", views.document_download, name="document_download"),
]
