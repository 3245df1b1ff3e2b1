"""Create (or promote) a curator account in one command.

    manage.py createcurator alice --email alice@example.org            # prompts for a password
    CURATOR_PASSWORD=... manage.py createcurator alice --password-from-env CURATOR_PASSWORD
    manage.py createcurator alice --no-input                           # generates and prints one

The account is staff (it can log in to the admin) and a member of the Curators group, which the
migrations create. An existing account is promoted; its password changes only when one is given.
"""

import getpass
import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

GROUP = "Curators"


class Command(BaseCommand):
    help = "Create a curator: a staff account in the Curators group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        source = parser.add_mutually_exclusive_group()
        source.add_argument(
            "--password-from-env",
            metavar="VAR",
            help="Read the password from this environment variable.",
        )
        source.add_argument(
            "--no-input",
            "--noinput",
            action="store_true",
            dest="no_input",
            help="Do not prompt; a new account gets a generated password, printed once.",
        )

    def handle(self, *args, username, email, password_from_env, no_input, **options):
        User = get_user_model()
        try:
            group = Group.objects.get(name=GROUP)
        except Group.DoesNotExist:
            raise CommandError(
                f"The {GROUP} group does not exist; run `manage.py migrate` first."
            ) from None

        user = User.objects.filter(username=username).first()
        created = user is None
        if created:
            user = User(username=username, email=email)
        elif email:
            user.email = email

        password, generated = None, False
        if password_from_env:
            password = os.environ.get(password_from_env)
            if not password:
                raise CommandError(f"Environment variable {password_from_env} is empty or unset.")
            self._validate(password, user)
        elif created and no_input:
            password, generated = secrets.token_urlsafe(18), True
        elif created:
            password = self._prompt(user)

        with transaction.atomic():
            user.is_staff = True
            user.is_active = True
            if password is not None:
                user.set_password(password)
            user.save()
            user.groups.add(group)

        verb = "Created" if created else "Updated"
        self.stdout.write(self.style.SUCCESS(f"{verb} curator {username!r} (staff, {GROUP})."))
        if generated:
            self.stdout.write(f"Password: {password}")
            self.stdout.write("Shown once: store it now, or change it after logging in.")
        elif not created and password is None:
            self.stdout.write("Password unchanged.")

    def _validate(self, password, user):
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("Password rejected: " + " ".join(error.messages)) from None

    def _prompt(self, user):
        if not os.isatty(0):
            raise CommandError(
                "No terminal to prompt for a password: use --password-from-env VAR or --no-input."
            )
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("Passwords do not match.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return password
