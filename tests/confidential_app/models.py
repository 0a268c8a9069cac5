from django.db import models
from simple_history.models import HistoricalRecords
from wagtail.models import RevisionMixin

from cms.confidentiality import Confidential, ConfidentialQuerySet


class Memo(RevisionMixin, Confidential):
    title = models.CharField(max_length=100)
    body = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = ConfidentialQuerySet.as_manager()

    def __str__(self):
        return self.title
