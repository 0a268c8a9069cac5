"""The admin of public forms: the results screen, Wagtail's answer screens under the
submission policy, the "Results" button on form pages, the roles' grants and the demo."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from cms.demo import DEMO_DATA_HOOK
from cms.permissions import VIEW, user_may
from cms.roles import HEAD, PRESS, ROLE_GRANTS_HOOK, RoleGrant

from . import demo
from . import permissions as _permissions  # noqa: F401  (registers the policy)
from .models import FormPage, FormPageSubmission
from .views import delete_submissions, results


@hooks.register("register_admin_urls")
def form_urls():
    return [
        path("forms/results/<int:page_id>/", results, name="kalem_form_results"),
        # Registered before Wagtail's own delete screen (cms comes first in INSTALLED_APPS),
        # so this one, which asks for "delete", answers the same address.
        path(
            "forms/submissions/<int:page_id>/delete/",
            delete_submissions,
            name="kalem_form_delete_submissions",
        ),
    ]


@hooks.register("filter_form_submissions_for_user")
def only_roles_that_see_answers(user, editable_forms):
    """Wagtail shows a form's answers to whoever may edit its page; Kalem asks the
    submission policy too (editing a survey does not make its answers readable)."""
    if user_may(user, VIEW, FormPageSubmission):
        return editable_forms
    return editable_forms.none()


@hooks.register("register_page_listing_buttons")
def results_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, FormPage) and user_may(user, VIEW, FormPageSubmission):
        yield ListingButton(
            _("Results"),
            reverse("kalem_form_results", args=[page.pk]),
            icon_name="form",
            priority=60,
        )


@hooks.register(ROLE_GRANTS_HOOK)
def form_role_grants():
    return [
        # Press staff build forms (page permissions, cms/wagtail_hooks.py) and read the
        # results and the answers without personal data.
        RoleGrant(PRESS, ["cms.view_formpagesubmission"]),
        # The Müdür publishes, reads personal data and may delete answers.
        RoleGrant(
            HEAD,
            [
                "cms.view_formpagesubmission",
                "cms.read_personal_formpagesubmission",
                "cms.delete_formpagesubmission",
            ],
        ),
    ]


@hooks.register(DEMO_DATA_HOOK, order=50)
def forms_demo(demo_data):
    demo.load(demo_data)
