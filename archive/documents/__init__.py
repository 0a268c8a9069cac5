"""Archived documents (issue 15): documents filed by Standard File Plan code, their file
versions with extracted text, retention rules, holds, and disposal (imha) or transfer
(devir) through a list the disposal commission signs.

Models live in `models.py` (gathered by archive/models.py, app_label "archive"), pure
retention rules in `rules.py`, the only code that deletes a stored file in `disposal.py`,
the admin in `admin.py` (gathered by archive/wagtail_hooks.py).
"""
