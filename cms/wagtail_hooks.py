from django.urls import path
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.widgets import ListingButton

from . import views
from .demo import DEMO_DATA_HOOK
from .history import HistoryViewSet, can_see_history, has_history, history_url
from .models import MunicipalitySettings, StandardPage
from .roles import CLERK, HEAD, PHOTO_ARCHIVE, PRESS, ROLE_GRANTS_HOOK, RoleGrant


@hooks.register("register_admin_viewset")
def register_history_views():
    return HistoryViewSet()


@hooks.register("register_admin_urls")
def private_file_urls():
    return [path("dosya/<str:token>/", views.private_file, name="kalem_private_file")]


@hooks.register("register_snippet_listing_buttons")
def snippet_history_button(snippet, user, next_url=None):
    if has_history(type(snippet)) and can_see_history(user, type(snippet)):
        yield ListingButton(_("History"), history_url(snippet), icon_name="history", priority=90)


IMAGE_USE = ["wagtailimages.add_image", "wagtailimages.choose_image"]
DOCUMENT_USE = ["wagtaildocs.add_document", "wagtaildocs.choose_document"]
ADMIN = ["wagtailadmin.access_admin"]


@hooks.register(ROLE_GRANTS_HOOK)
def site_role_grants():
    editor_pages = ["add_page", "change_page", "lock_page", "unlock_page"]
    return [
        RoleGrant(PRESS, ADMIN, editor_pages, collection_permissions=IMAGE_USE + DOCUMENT_USE),
        RoleGrant(
            PHOTO_ARCHIVE,
            [*ADMIN, "archive.add_photographer", "archive.change_photographer"],
            collection_permissions=[
                *IMAGE_USE,
                "wagtailimages.change_image",
                "wagtailimages.delete_image",
            ],
        ),
        RoleGrant(
            CLERK, ADMIN, collection_permissions=[*DOCUMENT_USE, "wagtaildocs.change_document"]
        ),
        RoleGrant(
            HEAD,
            [*ADMIN, "cms.change_municipalitysettings"],
            [*editor_pages, "publish_page"],
            collection_permissions=IMAGE_USE + DOCUMENT_USE,
        ),
    ]


CONTACT_TEXT = (
    "<p>Özel Kalem Müdürlüğü, Başkanlık makamının yazışmalarını, programını, protokol ve "
    "basın ilişkilerini yürütür. Basın ve Sosyal Medya Birimi belediyemizin duyurularını, "
    "basın açıklamalarını ve haberlerini hazırlar.</p>"
)


@hooks.register(DEMO_DATA_HOOK, order=0)
def site_demo(demo):
    settings = MunicipalitySettings.for_site(demo.site)
    if not settings.detsis_number:
        settings.name = "Örnekköy Belediyesi"
        settings.unit_name = "Özel Kalem Müdürlüğü"
        settings.address = "Cumhuriyet Meydanı No: 1, 35000 Örnekköy / İzmir"
        settings.phone = "0 (232) 000 00 00"
        settings.email = "ozelkalem@ornekkoy.bel.tr"
        settings.kep_address = "ornekkoybelediyesi@hs01.kep.tr"
        settings.detsis_number = "12345678"
        settings.x_account = "https://x.com/ornekkoybld"
        settings.instagram = "https://instagram.com/ornekkoybld"
        settings.facebook = "https://facebook.com/ornekkoybld"
        settings.youtube = "https://youtube.com/@ornekkoybld"
        settings.save()

    building = demo.photo("Belediye Hizmet Binası", credit_line="Fotoğraf: Örnekköy Belediyesi")
    square = demo.photo("Cumhuriyet Meydanı", credit_line="Fotoğraf: Örnekköy Belediyesi")
    mayor = demo.photo("Belediye Başkanı", size=(1000, 1200), credit_line="Fotoğraf: Basın Birimi")
    park = demo.photo("Sahil Parkı", credit_line="Fotoğraf: Basın Birimi")

    about = demo.page(
        demo.home,
        StandardPage,
        "kurumsal",
        title="Kurumsal",
        intro="Örnekköy Belediyesi'nin yönetimi, birimleri ve iletişim bilgileri.",
        lead_image=building,
        show_in_menus=True,
    )
    for slug, title, intro, image, tags in [
        (
            "baskan",
            "Belediye Başkanı",
            "Başkanımızın özgeçmişi ve görevleri.",
            mayor,
            ["başkanlık"],
        ),
        (
            "ozel-kalem-mudurlugu",
            "Özel Kalem Müdürlüğü",
            "Başkanlık makamının sekretaryası.",
            building,
            ["kurumsal"],
        ),
        (
            "basin-ve-sosyal-medya-birimi",
            "Basın ve Sosyal Medya Birimi",
            "Basın açıklamaları, haberler ve sosyal medya.",
            square,
            ["kurumsal", "basın"],
        ),
        (
            "kent-konseyi",
            "Kent Konseyi",
            "Kentlilerin yönetime katılım platformu.",
            park,
            ["katılım"],
        ),
    ]:
        page = demo.page(
            about,
            StandardPage,
            slug,
            title=title,
            intro=intro,
            lead_image=image,
            body=[("paragraph", CONTACT_TEXT)],
        )
        if not page.tags.exists():
            page.tags.add(*tags)
            page.save_revision().publish()
    demo.page(
        demo.home,
        StandardPage,
        "iletisim",
        title="İletişim",
        show_in_menus=True,
        intro="Bize ulaşın: adres, telefon, e-posta ve KEP adresimiz.",
        body=[
            (
                "paragraph",
                "<p>Cumhuriyet Meydanı No: 1, Örnekköy / İzmir. Telefon: 0 (232) 000 00 00.</p>",
            )
        ],
    )
    demo.page(
        demo.home,
        StandardPage,
        "kisisel-verilerin-korunmasi",
        title="Kişisel Verilerin Korunması",
        intro="6698 sayılı KVKK kapsamında aydınlatma metni.",
        body=[("paragraph", "<p>Kişisel verileriniz 6698 sayılı Kanun kapsamında işlenir.</p>")],
    )

    home = demo.home
    if not home.body:
        home.hero_title = "Örnekköy Belediyesi Özel Kalem Müdürlüğü"
        home.hero_text = "Duyurular, basın açıklamaları, etkinlikler ve fotoğraf arşivi."
        home.hero_image = square
        home.body = [
            {
                "type": "listing",
                "value": {
                    "title": "Kurumsal",
                    "page_type": "cms.standardpage",
                    "section": about.pk,
                    "limit": 4,
                    "order": "tree",
                    "layout": "cards",
                    "more_link": about.pk,
                },
            },
        ]
        home.featured = [("page", about)]
        home.save_revision().publish()

    demo.user(
        "admin",
        "kalem-admin",
        superuser=True,
        email="admin@ornekkoy.bel.tr",
        first_name="Sistem",
        last_name="Yöneticisi",
    )
    for username, first, last, role in [
        ("basin", "Ayşe", "Yılmaz", PRESS),
        ("fotograf", "Mehmet", "Demir", PHOTO_ARCHIVE),
        ("evrak", "Zeynep", "Kaya", CLERK),
        ("mudur", "Hasan", "Çelik", HEAD),
    ]:
        demo.user(
            username,
            f"kalem-{username}",
            groups=[role],
            first_name=first,
            last_name=last,
            email=f"{username}@ornekkoy.bel.tr",
        )
