import pytest


@pytest.fixture
def staff_client(client, django_user_model):
    """A logged-in superuser: the editors' admin as its owner sees it."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-editor-123")
    client.force_login(user)
    return client
