"""Demo content: the registry every app adds to, and the helpers they share.

An app contributes in its `wagtail_hooks.py`:

    @hooks.register(DEMO_DATA_HOOK, order=100)
    def press_demo(demo):
        demo.page(demo.home, NewsIndexPage, "haberler", title="Haberler")

Every helper is get-or-create, so `load_demo` run twice changes nothing.
"""

import io
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont
from wagtail import hooks
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Site

from .text import slugify, to_ascii

DEMO_DATA_HOOK = "kalem_demo_data"

PALETTE = ["#0b5394", "#b45f06", "#38761d", "#741b47", "#134f5c", "#7f6000", "#990000", "#351c75"]


def draw_picture(title, size=(1600, 1000), seed=0):
    """A JPEG that looks like a photo placeholder: sky, hills, a sun and the title."""
    rng = random.Random(f"{title}-{seed}")
    width, height = size
    image = Image.new("RGB", size, rng.choice(PALETTE))
    draw = ImageDraw.Draw(image)
    for band in range(0, height, 8):
        shade = int(40 * band / height)
        draw.rectangle(
            [0, band, width, band + 8], fill=(200 - shade, 220 - shade, 240 - shade // 2)
        )
    for _hill in range(4):
        x = rng.randint(-width // 4, width)
        y = rng.randint(height // 2, height)
        radius = rng.randint(width // 6, width // 2)
        draw.ellipse(
            [x - radius, y - radius // 2, x + radius, y + radius], fill=rng.choice(PALETTE)
        )
    sun = rng.randint(height // 12, height // 6)
    sun_x, sun_y = rng.randint(sun, width - sun), rng.randint(sun, height // 3)
    draw.ellipse([sun_x - sun, sun_y - sun, sun_x + sun, sun_y + sun], fill="#ffd966")
    font, label = _caption_font(max(24, height // 14), title)
    draw.rectangle([0, height - height // 6, width, height], fill=(0, 0, 0))
    draw.text((width // 30, height - height // 7), label, fill="white", font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


def _caption_font(size, title):
    """DejaVu Sans (Debian's default font, with ı, ş, ğ) when present; else Pillow's
    built-in font, which lacks some Turkish letters, with the title transliterated."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size), title
    except OSError:
        return ImageFont.load_default(size=size), to_ascii(title)


@dataclass
class DemoContext:
    """What demo loaders share: the site, its home page and get-or-create helpers."""

    site: Site
    home: Page
    write: callable
    users: dict = field(default_factory=dict)

    def photo(self, title, *, size=(1600, 1000), collection=None, **fields):
        Photo = get_image_model()
        existing = Photo.objects.filter(title=title).first()
        if existing:
            return existing
        data = draw_picture(title, size=size)
        photo = Photo(
            title=title,
            collection=collection or Collection.get_first_root_node(),
            file=ImageFile(io.BytesIO(data), name=f"{slugify(title)}.jpg"),
            **fields,
        )
        photo.save()
        return photo

    def page(self, parent, model, slug, **fields):
        """The child of `parent` with this slug, created and published if missing."""
        existing = parent.get_children().filter(slug=slug).first()
        if existing:
            return existing.specific
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def user(self, username, password, *, groups=(), superuser=False, **fields):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=username, defaults=fields)
        if created:
            user.set_password(password)
            user.is_staff = superuser
            user.is_superuser = superuser
            user.save()
            user.groups.set(Group.objects.filter(name__in=groups))
        self.users[username] = (password, ", ".join(groups) or "superuser")
        return user


def load_demo(write):
    site = Site.objects.get(is_default_site=True)
    demo = DemoContext(site=site, home=site.root_page.specific, write=write)
    with transaction.atomic():
        for loader in hooks.get_hooks(DEMO_DATA_HOOK):
            loader(demo)
    return demo


CONTACT_TEXT = (
    "<p>Özel Kalem Müdürlüğü, Başkanlık makamının yazışmalarını, programını, protokol ve "
    "basın ilişkilerini yürütür. Basın ve Sosyal Medya Birimi belediyemizin duyurularını, "
    "basın açıklamalarını ve haberlerini hazırlar.</p>"
)


def load(demo):
    """The municipality's settings and the corporate pages."""
    from .models import MunicipalitySettings, StandardPage
    from .roles import CLERK, DIRECTORATE_REPORTER, HEAD, PHOTO_ARCHIVE, PRESS

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
        ("mudurluk", "Elif", "Şahin", DIRECTORATE_REPORTER),
    ]:
        demo.user(
            username,
            f"kalem-{username}",
            groups=[role],
            first_name=first,
            last_name=last,
            email=f"{username}@ornekkoy.bel.tr",
        )
