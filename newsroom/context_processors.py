from django.conf import settings


def site(request):
    """The paper's name for every template."""
    return {"site_name": settings.SITE_NAME}
