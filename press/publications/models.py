"""Publication series (the magazine, the bulletin, brochures, posters, invitations) and their
issues. An issue's PDF is a `PublicationPdf`: uploaded once through the issue's form
(checked before anything is stored), never rewritten, its cover and text read in the
background (tasks.process_pdf). Keeping them on a record of their own, not on the page,
means a draft revision published later cannot bring back an empty cover or text."""

import datetime as dt

from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.models import KalemPage
from cms.views import paginate

from .fields import PublicationFileField
from .forms import IssuePageForm

ISSUES_PER_PAGE = 24
FIRST_YEAR, LAST_YEAR = 1900, 2999


class PublicationKind(models.TextChoices):
    MAGAZINE = "magazine", _("magazine")
    BULLETIN = "bulletin", _("bulletin")
    BROCHURE = "brochure", _("brochure")
    POSTER = "poster", _("poster")
    INVITATION = "invitation", _("invitation")


class Processing(models.TextChoices):
    PENDING = "pending", _("being prepared")
    READY = "ready", _("ready")
    FAILED = "failed", _("failed")


def pdf_path(record, filename):
    return f"publications/{dt.date.today():%Y}/{filename}"


def cover_path(record, filename):
    return f"publications/covers/{dt.date.today():%Y}/{filename}"


class PublicationPdf(models.Model):
    """One uploaded issue PDF (public: it is published), with what was read from it."""

    file = models.FileField(_("PDF file"), upload_to=pdf_path)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    page_count = models.PositiveIntegerField(_("pages"))
    status = models.CharField(
        _("status"), max_length=10, choices=Processing.choices, default=Processing.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    cover = models.FileField(_("cover"), upload_to=cover_path, blank=True)
    text = models.TextField(_("text"), blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("publication PDF")
        verbose_name_plural = _("publication PDFs")

    def __str__(self):
        return self.original_name


class TocEntryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    page = blocks.IntegerBlock(label=_("Page"), required=False, min_value=1)

    class Meta:
        icon = "list-ul"
        label = _("Contents entry")


class PublicationSeriesPage(RoutablePageMixin, KalemPage):
    """A series: its issues newest first, an archive by year, and an RSS feed."""

    kind = models.CharField(_("kind"), max_length=12, choices=PublicationKind.choices)
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["press.PublicationIssuePage"]
    template = "press/publications/series_page.html"
    api_fields = ["kind", "intro"]

    class Meta:
        verbose_name = _("publication series")
        verbose_name_plural = _("publication series")

    def issues(self):
        """The live, public issues, newest first, with their PDFs (one query)."""
        return (
            PublicationIssuePage.objects.child_of(self)
            .live()
            .public()
            .select_related("pdf")
            .order_by("-date", "-pk")
        )

    def year_links(self):
        """(year, URL of its archive) for each year with an issue, newest first."""
        return [
            (day.year, self.url + self.reverse_subpage("year", kwargs={"year": day.year}))
            for day in self.issues().dates("date", "year", order="DESC")
        ]

    @path("")
    def index_view(self, request):
        page_obj = paginate(request, self.issues(), ISSUES_PER_PAGE)
        return self.render(
            request,
            context_overrides={"page_obj": page_obj, "issues": page_obj.object_list},
        )

    @path("<int:year>/", name="year")
    def year_view(self, request, year):
        # Outside Python's dates the year lookup itself fails: such a year has no issue.
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise Http404(_("No issue was published in this year."))
        issues = list(self.issues().filter(date__year=year))
        if not issues:
            raise Http404(_("No issue was published in this year."))
        return self.render(
            request, context_overrides={"issues": issues, "year": year, "page_obj": None}
        )

    @path("rss/", name="rss")
    def rss_view(self, request):
        from .feeds import PublicationRssFeed

        return PublicationRssFeed()(request, series=self)

    def feed_url(self):
        return self.url + self.reverse_subpage("rss")


class PublicationIssuePage(KalemPage):
    """One issue: number, date, cover and contents, the PDF with its size; its text is
    found by site search. Print run and distribution points are for staff only (never
    rendered, not in the read API)."""

    number = models.CharField(_("issue number"), max_length=40)
    date = models.DateField(_("date"), db_index=True)
    summary = models.TextField(_("summary"), max_length=400, blank=True)
    contents = StreamField(
        [("entry", TocEntryBlock())], verbose_name=_("table of contents"), blank=True
    )
    pdf = models.ForeignKey(
        PublicationPdf,
        verbose_name=_("PDF file"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Staff only.
    print_run = models.PositiveIntegerField(_("print run (copies)"), null=True, blank=True)
    distribution_points = models.TextField(
        _("distribution points"), blank=True, help_text=_("One place per line.")
    )

    parent_page_types = ["press.PublicationSeriesPage"]
    subpage_types = []
    template = "press/publications/issue_page.html"
    # Not print_run nor distribution_points (staff only), nor the PDF's extracted text.
    api_fields = [
        "number",
        "date",
        "summary",
        "contents",
        APIField("pdf", serializer=PublicationFileField()),
    ]

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("number"), FieldPanel("date")]),
        FieldPanel("summary"),
        FieldPanel("pdf_upload"),
        FieldPanel("contents"),
    ]
    print_panels = [FieldPanel("print_run"), FieldPanel("distribution_points")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(print_panels, heading=_("Print (staff only)")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ],
        base_form_class=IssuePageForm,
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("number"),
        index.SearchField("summary"),
        index.SearchField("contents"),
        index.SearchField("pdf_text"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = _("publication issue")
        verbose_name_plural = _("publication issues")

    def __str__(self):
        return self.title

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["series"] = self.get_parent().specific
        return context

    @property
    def pdf_text(self):
        """The PDF's extracted text (empty until the background task has read it)."""
        return self.pdf.text if self.pdf_id and self.pdf else ""

    @property
    def listing_summary(self):
        return self.summary

    @property
    def listing_date(self):
        return self.date
