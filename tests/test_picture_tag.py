"""`{% picture %}` from `kalem_images` (issue 20): the public templates' pictures are
Wagtail's to the byte, kept per process under their renditions' addresses, so a new
rendition or new attributes show at once."""

import pytest
from django.template import Context, Template

from cms.templatetags import kalem_images
from tests.factories.cms import PhotoFactory

pytestmark = pytest.mark.django_db

TAGS = [
    'format-{webp,jpeg} fill-640x360 loading="lazy" alt="" class="card__image"',
    'format-{webp,jpeg} width-{640,1024} sizes="(max-width: 1024px) 100vw, 1024px" alt=""',
    "format-{webp,jpeg} max-600x600 alt=caption",
]


def render(library, tag, **context):
    template = Template(f"{{% load {library} %}}{{% picture photo {tag} %}}")
    return template.render(Context(context))


@pytest.fixture(autouse=True)
def nothing_kept():
    kalem_images._kept.clear()
    yield
    kalem_images._kept.clear()


@pytest.mark.parametrize("tag", TAGS)
def test_the_same_html_as_wagtails_tag_made_or_kept(tag):
    photo = PhotoFactory()
    wagtail = render("wagtailimages_tags", tag, photo=photo, caption="Kıyı & iskele")
    assert "<picture>" in wagtail and 'type="image/webp"' in wagtail
    made = render("kalem_images", tag, photo=photo, caption="Kıyı & iskele")
    kept = render("kalem_images", tag, photo=photo, caption="Kıyı & iskele")
    assert made == wagtail
    assert kept == wagtail


def test_other_attributes_or_a_new_rendition_are_never_answered_from_what_is_kept():
    photo = PhotoFactory()
    first = render("kalem_images", TAGS[2], photo=photo, caption="Sahil")
    assert 'alt="Sahil"' in first
    other = render("kalem_images", TAGS[2], photo=photo, caption="Meydan")
    assert 'alt="Meydan"' in other and "Sahil" not in other

    # A new focal point makes new renditions (new files): the picture names them.
    old_files = {rendition.file.name for rendition in photo.renditions.all()}
    photo.focal_point_x, photo.focal_point_y = 10, 10
    photo.focal_point_width, photo.focal_point_height = 20, 20
    photo.save()
    photo.renditions.all().delete()
    photo = type(photo).objects.get(pk=photo.pk)
    renewed = render("kalem_images", TAGS[0], photo=photo)
    assert renewed == render("wagtailimages_tags", TAGS[0], photo=photo)
    new_files = {rendition.file.name for rendition in photo.renditions.all()}
    assert new_files and not new_files & old_files
    assert all(name.rsplit("/", 1)[-1] in renewed for name in new_files)


def test_a_photo_without_its_file_shows_wagtails_placeholder_not_an_error():
    photo = PhotoFactory()
    photo.file.storage.delete(photo.file.name)
    assert render("kalem_images", TAGS[0], photo=photo) == render(
        "wagtailimages_tags", TAGS[0], photo=photo
    )
