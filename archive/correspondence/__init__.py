"""The correspondence register: incoming, outgoing and internal documents, their official
numbers, routing (havale), legal answer deadlines, confidentiality and the mayor's letters.

Models live in `models.py` (gathered by archive/models.py, app_label "archive"), pure rules
in `rules.py`, the admin in `admin.py` (gathered by archive/wagtail_hooks.py). Imports only
from `cms` and Django/Wagtail, never from press or events.
"""
