"""Kalem's read API (/api/v2/): what a citizen may see on the site, for programs (the
municipality's mobile app, lobby screens). See router.py for the endpoints."""
