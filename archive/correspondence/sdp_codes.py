"""The Standard File Plan (Standart Dosya Planı) codes loaded on a fresh database: the
common "Genel İşler" codes of the plan Devlet Arşivleri published (2005/7 genelgesi,
revised). An office adds its own codes (its saklama planı) in the admin or with
`manage.py load_sdp_codes <file.csv>` (code;title per line)."""

STANDARD_CODES = [
    ("010", "Mevzuat İşleri"),
    ("010.01", "Kanunlar"),
    ("010.02", "Tüzükler"),
    ("010.03", "Yönetmelikler"),
    ("010.04", "Yönergeler"),
    ("010.05", "Tebliğler"),
    ("010.06", "Genelgeler"),
    ("010.07", "Talimatlar, Duyurular, Sirkülerler"),
    ("030", "Anlaşma, Sözleşme ve Protokoller"),
    ("030.01", "Anlaşmalar"),
    ("030.02", "Sözleşmeler"),
    ("030.03", "Protokoller"),
    ("040", "Faaliyet Raporları"),
    ("040.01", "Haftalık Faaliyet Raporları"),
    ("040.02", "Aylık Faaliyet Raporları"),
    ("041", "Brifingler ve Bilgi Notları"),
    ("041.01", "Brifingler"),
    ("041.02", "Bilgi Notları"),
    ("042", "İstatistikler"),
    ("044", "Anketler"),
    ("045", "Görüşler"),
    ("050", "Kurullar ve Toplantılar"),
    ("050.01", "Genel Kurullar, Meclisler"),
    ("050.01.02", "Davetler ve Gündemler"),
]


def load_codes(model, rows):
    """Create missing codes, retitle existing ones; returns how many were created."""
    created = 0
    for code, title in rows:
        _, was_created = model.objects.update_or_create(code=code, defaults={"title": title})
        created += was_created
    return created
