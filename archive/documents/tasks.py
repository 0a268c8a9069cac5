"""Background work of archived documents (django-tasks): text extraction of a new
version, and the destruction of an approved disposal list's files."""

from django.db import transaction
from django_tasks import task


@task()
def extract_text(version_id):
    """Read the text of one version; a damaged or encrypted file is marked failed (the
    file stays stored and downloadable). The document's search text is its latest
    version's."""
    from .files import ExtractionError, extract
    from .models import DocumentFileVersion, Extraction

    version = DocumentFileVersion.objects.filter(pk=version_id).select_related("document").first()
    if version is None or not version.file:
        return None
    with version.file.open("rb") as handle:
        data = handle.read()
    try:
        text, state = extract(data, version.content_type)
        error = ""
    except ExtractionError as failure:
        text, state, error = "", Extraction.FAILED, str(failure)[:300]
    version.text, version.extraction, version.extraction_error = text, state, error
    with transaction.atomic():
        version.save(update_fields=["text", "extraction", "extraction_error"])
        document = version.document
        if document.latest_version().pk == version.pk:
            document.text = text
            document.save(update_fields=["text"])
    return state


@task()
def destroy_list_files(list_id):
    """Destroy the files of an approved disposal list (disposal.destroy_files)."""
    from .disposal import destroy_files
    from .models import DispositionList

    return destroy_files(DispositionList.objects.get(pk=list_id))
