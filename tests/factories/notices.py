import factory

from press.models import NewspaperNotice
from tests.factories.press import MediaOutletFactory


class NewspaperNoticeFactory(factory.django.DjangoModelFactory):
    """A notice just requested by Fen İşleri, not yet ordered."""

    class Meta:
        model = NewspaperNotice
        skip_postgeneration_save = True

    requesting_unit = "Fen İşleri Müdürlüğü"
    subject = factory.Sequence(lambda n: f"Asfalt ihalesi ilanı {n}")
    text = "Belediyemizce asfalt yapım işi ihale edilecektir."

    @factory.post_generation
    def outlets(self, create, extracted, **kwargs):
        if create:
            self.outlets.set(extracted if extracted is not None else [MediaOutletFactory()])


def at_status(status, **fields):
    """A notice moved straight to `status` (the flow itself is tested through the views)."""
    notice = NewspaperNoticeFactory(**fields)
    notice.status = status
    notice.save(update_fields=["status"])
    return notice
