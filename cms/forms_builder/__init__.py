"""Surveys and public forms (issue 18): form pages built in the admin with Wagtail's form
builder, their answers kept for counting and charts, and personal data removed after the
retention period set on each form. See docs/architecture.md, "Surveys and public forms"."""
