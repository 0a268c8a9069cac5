"""Who may see a form's answers: the one policy of `FormPageSubmission`, asked by the
results page, Wagtail's submissions list and its exports, the delete screen and the
uploaded files' signed links. Building forms is a page permission (Basın writes, the
Müdür publishes, as for every page). Registered at start-up (cms/wagtail_hooks.py)."""

from cms.permissions import register_policy, register_private_file, user_may

from .models import FormPageSubmission, FormUpload

# "view": the results, the counts and the answers without the personal columns.
# READ_PERSONAL: the personal columns (names, contacts) and the uploaded files.
# "delete": removing answers (the Müdür's); personal data otherwise goes by retention.
READ_PERSONAL = "read_personal"

submission_policy = register_policy(FormPageSubmission)


def may_read_personal_data(user):
    return user_may(user, READ_PERSONAL, FormPageSubmission)


register_private_file(FormUpload, "file", check=lambda user, upload: may_read_personal_data(user))
