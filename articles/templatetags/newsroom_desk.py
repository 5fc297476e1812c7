"""``{% newsroom_desk as desk %}``: the signed-in user's desk (``articles.desk``) for the admin's home page."""

from django import template

from articles.desk import desk_for

register = template.Library()


@register.simple_tag(takes_context=True)
def newsroom_desk(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return []
    # Read once per request: the home page shows the desk and its counts in the side bar.
    if not hasattr(request, "newsroom_desk"):
        request.newsroom_desk = desk_for(request.user)
    return request.newsroom_desk
