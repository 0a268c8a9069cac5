"""Publications: the municipality's magazine, bulletins, brochures, posters and invitations as
series pages and issue pages, each issue a PDF whose cover and text are read in the
background. Models keep app_label "press"."""
