"""CSV import of the press directory (media outlets, press contacts) with a preview.

Every row is validated with the same ModelForm the admin uses, so the errors are the
admin's Turkish messages; nothing is written while any row is bad, and the write itself is
one transaction. Files come from Excel in UTF-8 (with or without BOM) or in Windows-1254,
the Turkish code page Excel still uses by default.
"""

import codecs
import csv
import io
from dataclasses import dataclass, field

from django import forms
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from cms.dates import parse_date
from cms.exports import restore_cell
from cms.text import slugify

from .models import MediaOutlet, OutletKind, OutletScope, PressContact

MAX_ROWS = 5000
TRUE_WORDS = {"evet", "e", "var", "1", "x", "true", "yes", "y"}
FALSE_WORDS = {"hayir", "h", "yok", "0", "false", "no", "n", ""}


class CsvError(Exception):
    """A problem with the whole file (encoding, columns), not with one row."""


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (BOM or not) or, failing that, Windows-1254."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CsvError(_("The file is in UTF-16. Save it as “CSV UTF-8” and try again."))
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1254")
        except UnicodeDecodeError:
            raise CsvError(
                _("The file's encoding could not be read. Save it as “CSV UTF-8” and try again.")
            ) from None
    if "\x00" in text or any(ord(char) < 32 and char not in "\r\n\t" for char in text):
        raise CsvError(_("This does not look like a CSV text file."))
    return text


def read_records(text, dialect):
    """(line the record starts on, cells) of every record; CsvError naming the line of a
    record the csv module cannot read (a quotation mark never closed, a stray one)."""
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    records = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return records
        except csv.Error:
            raise CsvError(
                _(
                    "The file could not be read as CSV from line %(line)d on: a quotation "
                    'mark (") there is not closed, or stands inside a cell. Check that line, '
                    "or save the file again as “CSV UTF-8”."
                )
                % {"line": line}
            ) from None
        records.append((line, cells))


def header_key(name):
    return slugify(name.strip()).replace("-", "_")


def parse_bool(value):
    word = slugify(value or "")
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(value)


def choice_lookup(choices):
    """Map a code or its Turkish or English label (any case, with or without accents)."""
    table = {}
    for code, label in choices:
        table[slugify(code)] = code
        table[slugify(str(label))] = code
        with override("tr"):
            table[slugify(str(label))] = code
    return table


def _formfield(db_field, **kwargs):
    # Outlets list their sites as "www.ornek.com"; today that means https.
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


@dataclass
class Row:
    line: int
    values: dict
    errors: list = field(default_factory=list)
    form: forms.ModelForm | None = None

    @property
    def ok(self):
        return not self.errors


@dataclass
class Preview:
    rows: list
    columns: list
    targets: list = field(default_factory=list)

    def table(self):
        """(line, cells in column order) of every row, for the preview table."""
        return [(row.line, [row.values.get(t, "") for t in self.targets]) for row in self.rows]

    @property
    def bad_rows(self):
        return [row for row in self.rows if not row.ok]

    @property
    def ok(self):
        return bool(self.rows) and not self.bad_rows


class Importer:
    """One CSV layout: which columns map to which form fields, how to convert them."""

    model = None
    form_fields = ()
    # header as documented -> form field
    headers = {}
    # any accepted header, slugified with "_" -> form field
    columns = {}
    required = ()

    def form_class(self):
        return forms.modelform_factory(
            self.model, fields=self.form_fields, formfield_callback=_formfield
        )

    def read(self, data: bytes) -> Preview:
        text = decode(data)
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        # Every record is read before any column is checked: a quotation mark left open
        # swallows the rest of the file, which must be reported as such, not as columns
        # that seem to be missing.
        records = read_records(text, dialect)
        if not records:
            raise CsvError(_("The file is empty."))
        (_first_line, header), *body = records
        mapping = {}
        for position, name in enumerate(header):
            key = header_key(name)
            if key in self.columns:
                mapping[position] = self.columns[key]
        present = set(mapping.values())
        missing = [
            column
            for column, target in self.documented()
            if target in self.required and target not in present
        ]
        if missing:
            raise CsvError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        rows = []
        for line, cells in body:
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise CsvError(_("A file may hold at most %(max)d rows.") % {"max": MAX_ROWS})
            values = {
                mapping[pos]: restore_cell(cell.strip())
                for pos, cell in enumerate(cells)
                if pos in mapping
            }
            rows.append(self.validate(Row(line=line, values=values)))
        if not rows:
            raise CsvError(_("The file has a header but no rows."))
        self.check_duplicates(rows)
        return Preview(
            rows=rows,
            columns=[label for label, _target in self.documented()],
            targets=[target for _label, target in self.documented()],
        )

    def documented(self):
        """(column name as documented, form field), once per field."""
        return list(self.headers.items())

    def convert(self, row):
        return dict(row.values)

    def validate(self, row):
        try:
            data = self.convert(row)
        except ValueError as error:
            row.errors.append(str(error.args[0]) if error.args else str(error))
            return row
        form = self.form_class()(data=data)
        if form.is_valid():
            row.form = form
        else:
            for name, messages in form.errors.items():
                if name in form.fields:
                    label = form.fields[name].label
                    row.errors.extend(f"{label}: {message}" for message in messages)
                else:
                    row.errors.extend(messages)
        return row

    def check_duplicates(self, rows):
        pass

    @transaction.atomic
    def save(self, preview):
        if not preview.ok:
            raise CsvError(_("Fix the rows listed before importing."))
        return [row.form.save() for row in preview.rows]


class OutletImporter(Importer):
    model = MediaOutlet
    form_fields = [
        "name",
        "kind",
        "scope",
        "address",
        "phone",
        "email",
        "website",
        "responsible_manager",
        "rhythm_days",
    ]
    headers = {
        "Ad": "name",
        "Tür": "kind",
        "Kapsam": "scope",
        "Adres": "address",
        "Telefon": "phone",
        "E-posta": "email",
        "Web": "website",
        "Sorumlu müdür": "responsible_manager",
        "Yayın aralığı": "rhythm_days",
    }
    columns = {
        "ad": "name",
        "kurulus": "name",
        "name": "name",
        "tur": "kind",
        "kind": "kind",
        "kapsam": "scope",
        "scope": "scope",
        "adres": "address",
        "telefon": "phone",
        "e_posta": "email",
        "eposta": "email",
        "email": "email",
        "web": "website",
        "web_sitesi": "website",
        "sorumlu_mudur": "responsible_manager",
        "yayin_araligi": "rhythm_days",
    }
    required = ("name", "kind")

    def convert(self, row):
        data = dict(row.values)
        kinds = choice_lookup(OutletKind.choices)
        scopes = choice_lookup(OutletScope.choices)
        if data.get("kind"):
            data["kind"] = kinds.get(slugify(data["kind"]), data["kind"])
        data["scope"] = scopes.get(slugify(data.get("scope") or "yerel"), data.get("scope"))
        return data

    def check_duplicates(self, rows):
        seen = {}
        existing = {slugify(name) for name in MediaOutlet.objects.values_list("name", flat=True)}
        for row in rows:
            key = slugify(row.values.get("name", ""))
            if not key:
                continue
            if key in seen:
                row.errors.append(_("Duplicate name: also on line %(line)d.") % {"line": seen[key]})
            elif key in existing and row.ok:
                row.errors.append(_("A media outlet with this name already exists."))
            seen.setdefault(key, row.line)


class ContactImporter(Importer):
    model = PressContact
    form_fields = [
        "name",
        "outlet",
        "role",
        "phone",
        "mobile",
        "email",
        "notes",
        "consent",
        "consent_date",
        "active",
    ]
    headers = {
        "Ad Soyad": "name",
        "Kuruluş": "outlet",
        "Görev": "role",
        "Telefon": "phone",
        "Cep": "mobile",
        "E-posta": "email",
        "Notlar": "notes",
        "Onay": "consent",
        "Onay tarihi": "consent_date",
        "Aktif": "active",
    }
    columns = {
        "ad_soyad": "name",
        "ad": "name",
        "name": "name",
        "kurulus": "outlet",
        "outlet": "outlet",
        "gorev": "role",
        "role": "role",
        "telefon": "phone",
        "cep": "mobile",
        "cep_telefonu": "mobile",
        "e_posta": "email",
        "eposta": "email",
        "email": "email",
        "notlar": "notes",
        "not": "notes",
        "onay": "consent",
        "onay_tarihi": "consent_date",
        "aktif": "active",
    }
    required = ("name", "email")

    def __init__(self):
        self.outlets = {
            slugify(name): pk for pk, name in MediaOutlet.objects.values_list("pk", "name")
        }

    def convert(self, row):
        data = dict(row.values)
        roles = choice_lookup(PressContact.Role.choices)
        if data.get("role"):
            data["role"] = roles.get(slugify(data["role"]), data["role"])
        else:
            data["role"] = PressContact.Role.REPORTER
        outlet = data.get("outlet", "")
        if outlet:
            if slugify(outlet) not in self.outlets:
                raise ValueError(
                    _("Media outlet: “%(name)s” is not in the directory.") % {"name": outlet}
                )
            data["outlet"] = self.outlets[slugify(outlet)]
        for name, label in (("consent", _("Consent")), ("active", _("Active"))):
            raw = data.get(name, "evet" if name == "active" else "")
            try:
                value = parse_bool(raw)
            except ValueError:
                raise ValueError(
                    _("%(field)s: write “evet” or “hayır”, not “%(value)s”.")
                    % {"field": label, "value": raw}
                ) from None
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        try:
            consent_date = parse_date(data.get("consent_date"))
        except ValueError:
            raise ValueError(
                _("Consent date: write the date as 23.11.2026, not “%(value)s”.")
                % {"value": data.get("consent_date")}
            ) from None
        data["consent_date"] = consent_date.isoformat() if consent_date else ""
        return data

    def check_duplicates(self, rows):
        # Addresses already in the directory are caught by the form (the unique constraint).
        seen = {}
        for row in rows:
            email = row.values.get("email", "").casefold()
            if not email:
                continue
            if email in seen:
                row.errors.append(
                    _("Duplicate e-mail %(email)s: also on line %(line)d.")
                    % {"email": row.values["email"], "line": seen[email]}
                )
            seen.setdefault(email, row.line)


IMPORTERS = {"contacts": ContactImporter, "outlets": OutletImporter}
