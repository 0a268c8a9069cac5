from django.apps import AppConfig


class ConfidentialTestConfig(AppConfig):
    """A small confidential model, installed by the test settings only, that proves
    cms.confidentiality protects a model which writes only its fields."""

    name = "tests.confidential_app"
    label = "confidential_test"
    default_auto_field = "django.db.models.BigAutoField"
