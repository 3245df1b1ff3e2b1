import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tests.browser import browser, page  # noqa: F401  (shared Playwright fixtures)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("root", "root@example.org", "pw-root-123!")


@pytest.fixture
def curator(db):
    user = get_user_model().objects.create_user("cora", "cora@example.org", "pw-cora-123!")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="Curators"))
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
