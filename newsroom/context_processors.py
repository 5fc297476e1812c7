from django.conf import settings

from .links import site_links


def site(request):
    """The paper's name, and the links of every page's header and footer (``{{ links.home }}``), reversed once
    (``newsroom.links``), not a dozen times per page."""
    return {"site_name": settings.SITE_NAME, "links": site_links()}
