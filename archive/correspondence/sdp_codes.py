"""The Standard File Plan (Standart Dosya Planı) codes loaded on a fresh database: the
common "Genel İşler" codes of the plan Devlet Arşivleri published (2005/7 genelgesi,
revised). An office adds its own codes (its saklama planı) in the admin or with
`manage.py load_sdp_codes <file.csv>` (code;title per line, see docs/operations.md).

The CSV reading is pure (no database): `parse_rows` reads and checks every row, `plan`
says what would change; the command writes in one transaction only a file without errors."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.text import turkish_casefold

from .rules import SDP_CODE_RE

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


# -- loading the office's codes from a CSV file (manage.py load_sdp_codes) ------------------

# The columns of the file, in order; a header row naming them is allowed and skipped.
COLUMNS = (gettext_lazy("code"), gettext_lazy("title"), gettext_lazy("in use"))
HEADER_WORDS = {"kod", "code", "sdp", "sdp kodu", "dosya planı kodu"}
TITLE_MAX = 250
YES = {"evet", "e", "yes", "y", "1", "aktif", "true", ""}
NO = {"hayır", "hayir", "h", "no", "n", "0", "pasif", "false"}
# Excel in Turkish saves "CSV" as Windows-1254; UTF-8 (with or without BOM) is tried first.
ENCODINGS = ("utf-8-sig", "cp1254")


@dataclass(frozen=True)
class CodeRow:
    line: int
    code: str
    title: str
    active: bool


def decode(data):
    if b"\x00" in data:
        raise ValueError(_("The file is not text (it contains NUL bytes)."))
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValueError(_("The file is neither UTF-8 nor Windows-1254 (Turkish) text."))


def _cell_error(line, column, message):
    return _("Row %(row)d, column %(column)d (%(name)s): %(message)s") % {
        "row": line,
        "column": column + 1,
        "name": COLUMNS[column],
        "message": message,
    }


def parse_rows(text, existing_codes=()):
    """The rows of a code file and every error found in it (all rows are read, so the
    operator fixes the file once). `existing_codes` are the codes already in the
    register, for the check that every code's parent (010 of 010.03) is known."""
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    rows, errors, seen = [], [], {}
    for line, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if line == 1 and turkish_casefold(cells[0]) in HEADER_WORDS:
            continue
        if len(cells) not in (2, 3):
            errors.append(
                _("Row %(row)d: expected 2 or 3 columns (code; title; in use), found %(count)d.")
                % {"row": line, "count": len(cells)}
            )
            continue
        code, title = cells[0], cells[1]
        active_cell = turkish_casefold(cells[2]) if len(cells) == 3 else ""
        if not SDP_CODE_RE.match(code):
            errors.append(
                _cell_error(
                    line, 0, _("“%(code)s” is not a file plan code like 010.03.") % {"code": code}
                )
            )
        elif code in seen:
            errors.append(
                _cell_error(
                    line,
                    0,
                    _("%(code)s is already on row %(first)d.")
                    % {"code": code, "first": seen[code]},
                )
            )
        else:
            seen[code] = line
        if not title:
            errors.append(_cell_error(line, 1, _("the title is empty.")))
        elif len(title) > TITLE_MAX:
            errors.append(
                _cell_error(
                    line, 1, _("the title is longer than %(max)d characters.") % {"max": TITLE_MAX}
                )
            )
        if active_cell not in YES | NO:
            errors.append(_cell_error(line, 2, _("write “evet” or “hayır”.")))
        rows.append(CodeRow(line, code, title, active_cell not in NO))
    known = set(existing_codes) | set(seen)
    for row in rows:
        parent = row.code.rpartition(".")[0]
        if SDP_CODE_RE.match(row.code) and parent and parent not in known:
            errors.append(
                _cell_error(
                    row.line,
                    0,
                    _("the upper code %(parent)s is neither in the file nor in the register.")
                    % {"parent": parent},
                )
            )
    return rows, errors


def plan(rows, existing):
    """What loading `rows` changes: `existing` maps code → (title, active)."""
    created = [row for row in rows if row.code not in existing]
    changed = [
        row
        for row in rows
        if row.code in existing and existing[row.code] != (row.title, row.active)
    ]
    return created, changed
