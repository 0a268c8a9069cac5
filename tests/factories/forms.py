"""Form pages (cms.forms_builder) for tests: a published page with its fields."""

from django.http import QueryDict

from cms.forms_builder.models import FormPage, FormPageField
from cms.forms_builder.submissions import record_submission

from .cms import publish_child

PARK = "Parkı ne sıklıkla kullanıyorsunuz?"
SATISFACTION = "Parktan ne kadar memnunsunuz?"
PARK_CHOICES = ["Her gün", "Haftada birkaç kez", "Hiç"]


def field(label, field_type, **options):
    return FormPageField(label=label, field_type=field_type, **options)


def survey_page(home, *, slug="anket", fields=None, **options):
    """A published two-question survey (a choice and a 1–5 scale) unless `fields` given."""
    if fields is None:
        fields = [
            field(PARK, "radio", choices="\n".join(PARK_CHOICES)),
            field(SATISFACTION, "scale"),
        ]
    for order, form_field in enumerate(fields):
        form_field.sort_order = order
    page = FormPage(
        title=options.pop("title", "Kent Parkı Anketi"),
        slug=slug,
        thanks="<p>Katılımınız için teşekkürler.</p>",
        form_fields=fields,
        **options,
    )
    return publish_child(home, page)


def clean_names(page):
    return [f.clean_name for f in page.get_form_fields()]


def answer(page, *values):
    """Record one answer through the page's own form (as the site does); `values` in the
    order of the fields."""
    data = QueryDict(mutable=True)
    for name, value in zip(clean_names(page), values, strict=True):
        if isinstance(value, list):
            data.setlist(name, value)
        else:
            data[name] = value
    form = page.get_form(data, page=page)
    assert form.is_valid(), form.errors
    return record_submission(page, form)
