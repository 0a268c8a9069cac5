"""Demo weekly reports: the directorates, this week's reports from most of them (two are
missing, so the Müdür's screen names them) and last week's from all."""

from django.contrib.auth import get_user_model
from django.utils import timezone

from . import rules
from .models import Directorate, WeeklyReport

DIRECTORATES = [
    "Fen İşleri Müdürlüğü",
    "Park ve Bahçeler Müdürlüğü",
    "Zabıta Müdürlüğü",
    "Çevre Koruma ve Kontrol Müdürlüğü",
    "Kültür ve Sosyal İşler Müdürlüğü",
    "İmar ve Şehircilik Müdürlüğü",
    "Sosyal Destek Hizmetleri Müdürlüğü",
    "Mali Hizmetler Müdürlüğü",
]
# This week, these two have not reported yet.
LATE = {"İmar ve Şehircilik Müdürlüğü", "Mali Hizmetler Müdürlüğü"}


def load(demo):
    reporter = get_user_model().objects.filter(username="mudurluk").first()
    this_week = rules.week_start(timezone.localdate())
    for name in DIRECTORATES:
        directorate, _created = Directorate.objects.get_or_create(name=name)
        if reporter and name in ("Fen İşleri Müdürlüğü", "Park ve Bahçeler Müdürlüğü"):
            directorate.reporters.add(reporter)
        weeks = [rules.previous_week(this_week)] + ([] if name in LATE else [this_week])
        for week in weeks:
            WeeklyReport.objects.get_or_create(
                directorate=directorate,
                week=week,
                defaults={
                    "done": f"{name}: mahalle ziyaretleri ve planlanan işlerin %80'i tamamlandı.",
                    "planned": "Gelecek hafta ihale hazırlıkları ve saha çalışmaları.",
                    "issues": "Ödenek aktarımı için Başkanlık onayı bekleniyor."
                    if name == "Fen İşleri Müdürlüğü"
                    else "",
                    "submitted_by": reporter,
                },
            )

    # Last week's report, compiled once (a version of its archived document), so the
    # Müdür's screen has one to download; this week's waits for Friday's click.
    from .compile import build, request_compilation
    from .models import CompiledReport

    last_week = rules.previous_week(this_week)
    if not CompiledReport.objects.filter(week=last_week).exists():
        compiled, _new = request_compilation(last_week)
        build(compiled.pk)
