from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.confidentiality import ConfidentialViewSetMixin

from .models import Memo


class MemoViewSet(ConfidentialViewSetMixin, SnippetViewSet):
    model = Memo
    list_export = ["title", "confidentiality"]
    search_fields = ["title"]
    search_backend_name = None


register_snippet(MemoViewSet)
