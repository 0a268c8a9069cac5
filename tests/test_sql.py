"""cms.sql: the queries every public page runs, written as SQL once per process, give the
objects Django's ORM gives (the same values, of the same types, on SQLite and
PostgreSQL), and the same rows."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale, Page, PageViewRestriction, Site

from cms import sql
from cms.images import LOGO_RENDITION
from cms.listing import (
    photos_with_renditions,
    public_inputs,
    public_live,
    public_menu,
    restricted_paths,
)
from cms.models import MunicipalitySettings
from tests.factories.cms import PhotoFactory, StandardPageFactory, publish_child

pytestmark = [pytest.mark.django_db, pytest.mark.clock("2026-11-24T10:00", tick=False)]


def fields(obj, leaving_out=()):
    return {
        field.attname: (getattr(obj, field.attname), type(getattr(obj, field.attname)))
        for field in type(obj)._meta.concrete_fields
        if field.name not in leaving_out
    }


def read(model, pk):
    using = model.objects.db
    table = sql.quoter(using)(model._meta.db_table)
    query = f"SELECT {sql.columns(model, 't', using)} FROM {table} t WHERE t.id = %s"  # noqa: S608
    (row,) = sql.rows(query, [pk], using)
    return sql.instance(model, row, using)


def test_a_row_becomes_the_object_the_orm_builds(home):
    # Dates, booleans, UUIDs and NULLs: SQLite stores them as text and integers.
    page = publish_child(home, StandardPageFactory(title="Çarşı", show_in_menus=True))
    photo = PhotoFactory()
    rendition = photo.get_rendition(LOGO_RENDITION)
    for model, pk in [
        (Page, page.pk),
        (Site, Site.objects.get().pk),
        (Locale, home.locale_id),
        (type(photo), photo.pk),
        (type(rendition), rendition.pk),
    ]:
        ours, orms = read(model, pk), model.objects.get(pk=pk)
        assert fields(ours) == fields(orms), model
        assert ours._state.adding is False and ours._state.db == orms._state.db
    assert isinstance(read(Page, page.pk).first_published_at, dt.datetime)
    assert read(Page, page.pk).first_published_at.tzinfo is not None


def test_pages_by_id_are_those_in_bulk_gives(home):
    first = publish_child(home, StandardPageFactory(title="Kurumsal"))
    second = publish_child(first, StandardPageFactory(title="Tarihçe"))
    ids = [first.pk, second.pk, home.pk, 999_999, None]
    ours, orms = sql.in_bulk(Page, ids), Page.objects.in_bulk([pk for pk in ids if pk])
    assert set(ours) == set(orms) == {first.pk, second.pk, home.pk}
    assert all(fields(ours[pk]) == fields(orms[pk]) for pk in orms)
    assert type(ours[second.pk]) is Page and ours[second.pk].title == "Tarihçe"
    assert sql.in_bulk(Page, [None]) == {}


def test_a_left_join_that_found_nothing_gives_no_object(home):
    site = Site.objects.get()
    settings = MunicipalitySettings.for_site(site)
    settings.logo = None
    settings.save()
    assert MunicipalitySettings.for_site(site).logo is None


def test_settings_come_with_the_logo_and_its_header_rendition(home, django_assert_num_queries):
    site = Site.objects.get()
    settings = MunicipalitySettings.for_site(site)
    settings.logo = PhotoFactory()
    settings.name = "Kuzeyköy Belediyesi"
    settings.save()
    # Its first view: no rendition yet, Wagtail makes it.
    with django_assert_num_queries(1):
        found = MunicipalitySettings.for_site(site)
    assert found.name == "Kuzeyköy Belediyesi"
    assert found.logo.pk == settings.logo.pk and found.logo.prefetched_renditions == []
    made = found.logo.get_rendition(LOGO_RENDITION)
    with django_assert_num_queries(1):
        again = MunicipalitySettings.for_site(site)
        assert again.logo.get_rendition(LOGO_RENDITION).url == made.url


def test_a_new_sites_settings_are_made_by_wagtail(home):
    site = Site.objects.create(hostname="ikinci.example", root_page=home, is_default_site=False)
    assert not MunicipalitySettings.objects.filter(site=site).exists()
    assert MunicipalitySettings.for_site(site).name == "Örnekköy Belediyesi"
    assert MunicipalitySettings.objects.filter(site=site).count() == 1


def test_photos_come_with_the_renditions_asked_for():
    first, second, bare = PhotoFactory(), PhotoFactory(), PhotoFactory()
    for photo in (first, second):
        photo.get_rendition("fill-640x360")
        photo.get_rendition("width-200")
    every = photos_with_renditions([first.pk, second.pk, bare.pk, None])
    assert set(every) == {first.pk, second.pk, bare.pk}
    assert sorted(r.filter_spec for r in every[first.pk].prefetched_renditions) == [
        "fill-640x360",
        "width-200",
    ]
    assert every[bare.pk].prefetched_renditions == []
    cards = photos_with_renditions([first.pk, second.pk], ["fill-640x360"])
    assert [r.filter_spec for r in cards[second.pk].prefetched_renditions] == ["fill-640x360"]
    assert cards[second.pk].prefetched_renditions[0].image is cards[second.pk]
    none_asked = photos_with_renditions([first.pk], [])
    assert none_asked[first.pk].prefetched_renditions == []
    assert photos_with_renditions([]) == {}


def test_the_menu_is_the_one_the_orm_query_gives(home):
    shown = publish_child(home, StandardPageFactory(title="Kurumsal", show_in_menus=True))
    publish_child(home, StandardPageFactory(title="Gizli değil", show_in_menus=False))
    private = publish_child(home, StandardPageFactory(title="Personel", show_in_menus=True))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = StandardPageFactory(title="Taslak", show_in_menus=True)
    home.add_child(instance=draft)
    draft.unpublish()
    publish_child(shown, StandardPageFactory(title="Alt sayfa", show_in_menus=True))
    menu = public_menu(Page.objects.get(pk=home.pk))
    orm = public_live(home.get_children().in_menu()).only("title", "url_path")
    assert [(p.pk, p.title, p.url_path) for p in menu] == [(p.pk, p.title, p.url_path) for p in orm]
    assert "Kurumsal" in [p.title for p in menu]
    assert not {"Personel", "Taslak", "Gizli değil", "Alt sayfa"} & {p.title for p in menu}


def test_private_sections_are_the_restricted_pages_outermost_first(home):
    assert restricted_paths() == ()
    staff = publish_child(home, StandardPageFactory(title="Personel"))
    inside = publish_child(staff, StandardPageFactory(title="Bordro"))
    council = publish_child(home, StandardPageFactory(title="Meclis"))
    publish_child(home, StandardPageFactory(title="Kurumsal"))
    PageViewRestriction.objects.create(page=inside, restriction_type="password", password="x")
    PageViewRestriction.objects.create(page=council, restriction_type="login")
    PageViewRestriction.objects.create(page=staff, restriction_type="login")
    orms = sorted(PageViewRestriction.objects.values_list("page__path", flat=True))
    assert len(orms) == 3
    # A section inside another private one is left out: its pages are excluded already.
    assert restricted_paths() == tuple(sorted([staff.path, council.path]))
    assert inside.path.startswith(staff.path) and inside.path in orms


def test_a_page_as_its_own_type_is_the_one_wagtail_reads(home):
    from tests.factories.press import PressReleaseIndexFactory, publish_item

    releases = publish_child(home, PressReleaseIndexFactory())
    release = publish_item(
        releases, title="Sahil yolu", date=dt.date(2026, 11, 20), lead_image=PhotoFactory()
    )
    generic = Page.objects.get(pk=release.pk)
    generic.kalem_mark = "kept"
    ours = sql.specific(generic)
    wagtails = Page.objects.get(pk=release.pk).specific
    assert type(ours) is type(wagtails) is type(release)
    assert fields(ours) == fields(wagtails)
    assert list(ours.body.raw_data) == list(wagtails.body.raw_data)  # decoded alike
    assert ours.kalem_mark == "kept" and generic.specific is ours
    assert sql.specific(ours) is ours


def test_cards_pages_are_those_the_orm_loads(home):
    from cms.listing import load_pages, stream_fields
    from tests.factories.events import EventPageFactory, at, calendar_page
    from tests.factories.press import PressReleaseIndexFactory, publish_item

    releases = publish_child(home, PressReleaseIndexFactory())
    release = publish_item(releases, title="Açılış", date=dt.date(2026, 11, 20))
    event = publish_child(
        calendar_page(home),
        EventPageFactory(title="Konser", start=at(2026, 11, 25, 20), end=at(2026, 11, 25, 22)),
    )
    about = publish_child(home, StandardPageFactory(title="Kurumsal"))
    private = publish_child(home, StandardPageFactory(title="Personel"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = StandardPageFactory(title="Taslak")
    home.add_child(instance=draft)
    draft.unpublish()
    ids = [release.pk, event.pk, about.pk, private.pk, draft.pk, home.pk, None]
    ours = load_pages(ids)
    orms = {page.pk: page for page in public_live(Page.objects.filter(pk__in=ids)).specific()}
    assert set(ours) == set(orms) == {release.pk, event.pk, about.pk, home.pk}
    for pk, page in orms.items():
        assert type(ours[pk]) is type(page)
        left_out = set(stream_fields(type(page)))
        assert fields(ours[pk], left_out) == fields(page, left_out)
    # A card never shows a body: the listable types' are left unread (read if asked for).
    assert "body" not in ours[release.pk].__dict__ and "body" not in ours[about.pk].__dict__
    assert list(ours[release.pk].body.raw_data) == list(release.body.raw_data)


def test_a_press_items_categories_and_tags_are_those_its_managers_read(home):
    from tests.factories.press import (
        AnnouncementFactory,
        AnnouncementIndexFactory,
        CategoryFactory,
        NewsFactory,
        NewsIndexFactory,
        PressReleaseIndexFactory,
        publish_item,
    )

    culture, sport, city = (CategoryFactory(name=n) for n in ("Spor", "Çevre", "Kültür"))
    items = [
        publish_item(
            publish_child(home, PressReleaseIndexFactory()),
            categories=[culture, sport, city],
            tags=["sahil", "ılıca", "İzmir", "çarşı"],
        ),
        publish_item(
            publish_child(home, NewsIndexFactory()), NewsFactory, categories=[sport], tags=["ağaç"]
        ),
        publish_item(publish_child(home, AnnouncementIndexFactory()), AnnouncementFactory),
    ]
    for item in items:
        page = type(item).objects.get(pk=item.pk)
        categories, tags = page.labels()
        orm_categories, orm_tags = list(item.categories.all()), list(item.tags.all())
        assert sorted(c.pk for c in categories) == sorted(c.pk for c in orm_categories)
        assert sorted(t.pk for t in tags) == sorted(t.pk for t in orm_tags)
        assert all(fields(c) == fields(type(c).objects.get(pk=c.pk)) for c in categories)
        assert all(fields(t) == fields(type(t).objects.get(pk=t.pk)) for t in tags)
    # Turkish alphabetical order: Ç after C, ı before i, whatever the database collates.
    categories, tags = items[0].labels()
    assert [c.name for c in categories] == ["Çevre", "Kültür", "Spor"]
    assert [t.name for t in tags] == ["çarşı", "ılıca", "İzmir", "sahil"]
    assert items[2].labels() == ([], [])


@pytest.mark.parametrize(
    "later",
    [dt.timedelta(minutes=1), dt.timedelta(days=1), dt.timedelta(days=400)],
    ids=["a minute", "a day", "a year"],
)
def test_a_page_types_listing_filter_names_the_clock_it_reads(later):
    """Statements kept by `sql.compiled` are keyed on `cms.listing.public_inputs`: a page
    type whose filter's statement changes with the date or minute must say so."""
    import time_machine

    from cms.listing import listable_page_types, page_model_for

    def statement(model, when):
        with time_machine.travel(when, tick=False):
            queryset = public_live(model.objects.all())
            if hasattr(model, "listing_filter"):
                queryset = model.listing_filter(queryset)
            return public_inputs(model), queryset.query.sql_with_params()

    first = dt.datetime(2026, 11, 24, 20, 59, 30, tzinfo=dt.UTC)  # 23:59:30 in Istanbul
    models = [page_model_for(label) for label, _name in listable_page_types()]
    assert len(models) >= 5
    for model in models:
        inputs, text = statement(model, first)
        later_inputs, later_text = statement(model, first + later)
        if inputs == later_inputs:
            assert text == later_text, model
    # A filter reading the date is kept for the day, one reading the minute for it.
    language, private = "tr", ()
    from events.models import EventPage
    from press.models import AnnouncementPage

    with time_machine.travel(first, tick=False):
        assert public_inputs(AnnouncementPage) == (language, private, (dt.date(2026, 11, 24),))
        assert public_inputs(EventPage) == (language, private, (first.replace(second=0),))


def test_a_kept_statement_is_made_once_per_key_and_checked_in_the_tests(settings):
    made = []

    def build(text):
        def make():
            made.append(text)
            return text, (1,)

        return make

    key = ("test-compiled", object())  # a key no other call has
    assert sql.compiled(key, build("SELECT 1"), "default") == ("SELECT 1", (1,))
    settings.KALEM_VERIFY_COMPILED = False
    assert sql.compiled(key, build("SELECT 2"), "default") == ("SELECT 1", (1,))
    assert made == ["SELECT 1"]  # kept: not made again
    # The tests' check: a kept statement that compiling anew no longer gives fails.
    settings.KALEM_VERIFY_COMPILED = True
    with pytest.raises(AssertionError, match="leaves out an input"):
        sql.compiled(key, build("SELECT 5"), "default")


def test_a_querysets_kept_statement_gives_the_objects_the_orm_gives(home):
    from cms.listing import stream_fields
    from press.models import PressReleasePage
    from tests.factories.press import PressReleaseIndexFactory, publish_item

    releases = publish_child(home, PressReleaseIndexFactory())
    for day in (3, 9, 20):
        publish_item(releases, title=f"Açıklama {day}", date=dt.date(2026, 11, day))
    left_out = stream_fields(PressReleasePage)
    queryset = PressReleasePage.objects.order_by("-date").defer(*left_out)
    ours = sql.objects(sql.query(queryset, "default"), "default")
    orms = list(queryset)
    assert [page.title for page in ours] == ["Açıklama 20", "Açıklama 9", "Açıklama 3"]
    assert [type(page) for page in ours] == [PressReleasePage] * 3
    assert [fields(page, left_out) for page in ours] == [fields(page, left_out) for page in orms]
    # The deferred fields stay unread, and are read when asked for, as the ORM's are.
    assert all(page.get_deferred_fields() == set(left_out) for page in ours)
    assert list(ours[0].body.raw_data) == list(orms[0].body.raw_data)


def test_a_kept_statement_refuses_a_queryset_it_could_not_rebuild(home):
    from django.db.models import F

    with pytest.raises(ValueError, match="plain queryset"):
        sql.query(Page.objects.select_related("locale"), "default")
    with pytest.raises(ValueError, match="plain queryset"):
        sql.query(Page.objects.annotate(depth_again=F("depth")), "default")


def test_the_press_index_keeps_a_statement_per_section_filter_and_page(home, client, settings):
    from press.models import pages
    from tests.factories.press import CategoryFactory, PressReleaseIndexFactory, publish_item

    releases = publish_child(home, PressReleaseIndexFactory())
    news = publish_child(home, PressReleaseIndexFactory(title="Eski açıklamalar", slug="eski"))
    culture = CategoryFactory(name="Kültür")
    for number in range(15):
        publish_item(
            releases,
            title=f"Açıklama {number}",
            date=dt.date(2026, 11, 1 + number),
            categories=[culture] if number % 2 else [],
        )
    publish_item(news, title="Başka bölüm", date=dt.date(2026, 11, 2))
    settings.KALEM_VERIFY_COMPILED = False  # kept statements are used as they are

    def titles(index, **params):
        response = client.get(index.url, params)
        assert response.status_code == 200
        return [
            a.text for a in BeautifulSoup(response.content, "html.parser").select(".card__title a")
        ]

    assert len(titles(releases)) == pages.INDEX_PER_PAGE
    assert titles(releases, sayfa="2") == ["Açıklama 2", "Açıklama 1", "Açıklama 0"]
    odd = [f"Açıklama {number}" for number in (13, 11, 9, 7, 5, 3, 1)]
    assert titles(releases, kategori=culture.slug) == odd
    assert titles(releases, kategori=culture.slug, yil="2025") == []
    assert titles(news) == ["Başka bölüm"]
    # A new release shows at once: the statement is kept, its rows are read anew.
    publish_item(releases, title="Yeni", date=dt.date(2026, 11, 24))
    assert titles(releases)[0] == "Yeni"
