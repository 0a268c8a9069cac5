from django.urls import path

from . import views

urlpatterns = [
    path("belge-dogrula/", views.verify, name="eyazisma_verify"),
    path("belge-dogrula/pdf/", views.verified_pdf, name="eyazisma_verified_pdf"),
]
