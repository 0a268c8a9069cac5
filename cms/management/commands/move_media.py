from django.conf import settings
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from cms.backup import sha256_of, storage_files
from cms.storage import (
    PrivateFileSystemStorage,
    PrivateS3Storage,
    PublicS3Storage,
    TurkishFileSystemStorage,
)

ALIASES = ("default", "private")


def local_storage(alias):
    if alias == "default":
        return TurkishFileSystemStorage(location=settings.MEDIA_ROOT)
    return PrivateFileSystemStorage()


def s3_storage(alias):
    return PublicS3Storage() if alias == "default" else PrivateS3Storage()


def file_hash(storage, name):
    with storage.open(name, "rb") as handle:
        return sha256_of(handle)


class Command(BaseCommand):
    help = (
        "Copy every media file between the local folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) "
        "and the S3 buckets (KALEM_S3_*): public files to the public bucket, private ones "
        "to the private bucket. Resumable: a file already there with the same size is "
        "skipped. Ends with a pass comparing the SHA-256 of every file on both sides. "
        "Nothing is deleted from the source; switch STORAGES once it reports no difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--to", choices=["s3", "local"], required=True)
        parser.add_argument(
            "--limit", type=int, help="Stop after copying this many files (work in batches)."
        )

    def handle(self, to, limit=None, **options):
        s3 = settings.KALEM_S3
        if not (s3["public_bucket"] and s3["private_bucket"]):
            raise CommandError("Set KALEM_S3_PUBLIC_BUCKET and KALEM_S3_PRIVATE_BUCKET first.")
        copied = skipped = 0
        pairs = []
        for alias in ALIASES:
            local, remote = local_storage(alias), s3_storage(alias)
            source, target = (local, remote) if to == "s3" else (remote, local)
            pairs.append((alias, source, target))
            names = list(storage_files(source))
            for number, name in enumerate(names, 1):
                progress = f"[{alias} {number}/{len(names)}] {name}"
                if target.exists(name) and target.size(name) == source.size(name):
                    skipped += 1
                    self.stdout.write(f"{progress}: already there")
                    continue
                if limit is not None and copied >= limit:
                    self.stdout.write(f"Stopped after {copied} files (--limit); run again.")
                    return
                if target.exists(name):
                    # A copy cut short by an earlier run (the source is untouched).
                    target.delete(name)
                with source.open(name, "rb") as handle:
                    saved = target.save(name, File(handle, name=name))
                if saved != name:
                    raise CommandError(f"{alias}:{name} was stored as {saved}.")
                copied += 1
                self.stdout.write(f"{progress}: copied")
        self.stdout.write(f"Copied {copied} files, {skipped} were already there. Verifying…")
        differences = []
        for alias, source, target in pairs:
            for name in storage_files(source):
                if not target.exists(name):
                    differences.append(f"{alias}:{name} is missing")
                elif file_hash(source, name) != file_hash(target, name):
                    differences.append(f"{alias}:{name} differs (SHA-256)")
        for line in differences:
            self.stderr.write(line)
        if differences:
            raise CommandError(f"{len(differences)} files differ; run the command again.")
        self.stdout.write(self.style.SUCCESS("Every file's SHA-256 matches on both sides."))
