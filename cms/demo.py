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
