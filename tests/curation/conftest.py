from importlib import import_module

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from tests.browser import browser, page  # noqa: F401  (shared Playwright fixtures)

_roles = import_module("papers.migrations.0003_curators_group")


@pytest.fixture
def curators_group(db) -> Group:
    """The group the data migration made; rebuilt when a transactional test flushed it."""
    group, created = Group.objects.get_or_create(name=_roles.GROUP)
    if created:
        wanted = [
            f"{action}_{model}"
            for model, actions in _roles.CURATOR_PERMISSIONS.items()
            for action in actions
        ]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="papers", codename__in=wanted)
        )
    return group


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123!")


@pytest.fixture
def curator(curators_group):
    user = get_user_model().objects.create_user("cora", "cora@example.org", "pw-cora-123!")
    user.is_staff = True
    user.save()
    user.groups.add(curators_group)
    return user


@pytest.fixture
def staff_without_group(db):
    user = get_user_model().objects.create_user("stan", "stan@example.org", "pw-stan-123!")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def curator_client(client, curator):
    client.force_login(curator)
    return client
