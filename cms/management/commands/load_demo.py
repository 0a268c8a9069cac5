from django.core.management.base import BaseCommand

from cms.demo import load_demo
from cms.roles import apply_grants, registered_grants


class Command(BaseCommand):
    help = "Load Turkish demo content and demo logins. Idempotent: a second run changes nothing."

    def handle(self, *args, **options):
        apply_grants(list(registered_grants()))
        demo = load_demo(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo content is ready at http://127.0.0.1:8000/"))
        self.stdout.write("Logins (admin at http://127.0.0.1:8000/admin/):")
        for username, (password, role) in demo.users.items():
            self.stdout.write(f"  {username:<10} {password:<16} {role}")
