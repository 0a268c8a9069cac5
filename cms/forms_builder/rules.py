"""Pure rules of public forms: whether a form takes answers now, when an answer's personal
data must go, and the 1–5 scale. No ORM, no request: tested with hand-worked tables."""

import datetime as dt
from enum import StrEnum

# KVKK (6698) md. 10: whoever collects personal data tells the person, before collecting,
# who collects it, why, to whom it is passed and their rights (the aydınlatma metni on the
# form). md. 5/1: without another legal ground, processing needs explicit consent (açık
# rıza), given freely for this one purpose: a box the person ticks, never pre-ticked.
KVKK_NOTICE_ARTICLE = "KVKK md. 10"
KVKK_CONSENT_ARTICLE = "KVKK md. 5/1"
# KVKK md. 7/1 and the Regulation on Erasure (Kişisel Verilerin Silinmesi, Yok Edilmesi
# veya Anonim Hale Getirilmesi Hakkında Yönetmelik) md. 11: data kept no longer than the
# purpose needs; the form's editor sets the period (retention_days), KALEM_FORM_RETENTION_DAYS
# gives the default (docs/legal.md, "Surveys and public forms").
KVKK_ERASURE_ARTICLE = "KVKK md. 7/1"

SCALE_VALUES = (1, 2, 3, 4, 5)


class FormState(StrEnum):
    NOT_YET_OPEN = "not-yet-open"
    OPEN = "open"
    CLOSED = "closed"


def form_state(opens_at, closes_at, now):
    """Whether a form takes answers at `now`: from `opens_at` (inclusive) until
    `closes_at` (exclusive); either may be None (no limit on that side)."""
    if opens_at is not None and now < opens_at:
        return FormState.NOT_YET_OPEN
    if closes_at is not None and now >= closes_at:
        return FormState.CLOSED
    return FormState.OPEN


def personal_data_expires_at(submitted_at, retention_days):
    """The moment an answer's personal data is due for removal: `retention_days` whole
    days after it was sent."""
    return submitted_at + dt.timedelta(days=retention_days)


def personal_data_expired(submitted_at, retention_days, now):
    return now >= personal_data_expires_at(submitted_at, retention_days)


def submitted_before_to_erase(retention_days, now):
    """The cut-off for a database filter: answers sent before it are due for removal."""
    return now - dt.timedelta(days=retention_days)
