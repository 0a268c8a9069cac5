from django.urls import path

from . import views

urlpatterns = [
    path("belge-dogrula/", views.verify, name="eyazisma_verify"),
]
