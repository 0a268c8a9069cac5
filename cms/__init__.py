"""Kalem's Django project and what the whole site shares: settings, URLs, home and standard
pages, blocks and listings, Turkish text and dates, working days, history, private storage,
PDFs, exports, confidentiality, roles. It must not import press, events or archive."""
