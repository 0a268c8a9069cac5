"""The issue's PDF as the read API gives it: its address, size, page count and cover
(the public files of a published issue), never the text the task extracted nor the staff's
print facts."""

from rest_framework.fields import Field


class PublicationFileField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        record = page.pdf
        if record is None:
            return None
        request = self.context["request"]
        return {
            "url": request.build_absolute_uri(record.file.url),
            "size": record.size,
            "pages": record.page_count,
            "cover": request.build_absolute_uri(record.cover.url) if record.cover else None,
        }
