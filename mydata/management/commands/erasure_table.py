from django.core.management.base import BaseCommand

from mydata import erasure_table


class Command(BaseCommand):
    help = "Print README's table of what closing an account does (from each app's data_erasure.py)."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Replace the table in README.md.")

    def handle(self, *args, write: bool = False, **options):
        if write:
            erasure_table.write_readme()
            self.stdout.write("README.md updated.")
        else:
            self.stdout.write(erasure_table.table())
