"""The press unit's work: press releases, news and announcements with their feeds and e-mail
distribution, the press directory, clippings and monitoring reports, and denial notices
(tekzip). It imports from cms only, never from events or archive."""
