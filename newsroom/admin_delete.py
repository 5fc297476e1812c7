"""The admin's delete confirmation without the rows of many-to-many link tables.

Deleting an article, a topic, a user or a group also deletes rows of the tables that link it to others (an
article's topics, a user's groups). Django lists them as "Article-topic关系: Article_topics object (1)": English
model names and an English ``__str__``, and nothing an editor needs to decide on (the linked topic stays).
"""

from __future__ import annotations

from django.apps import apps
from django.utils.text import capfirst


def _link_tables():
    return [model for model in apps.get_models(include_auto_created=True) if model._meta.auto_created]


def _without_links(nested: list, prefixes: tuple[str, ...]) -> list:
    """``nested`` (strings, each optionally followed by the list of what goes with it) without link rows."""
    kept, skip_children = [], False
    for item in nested:
        if isinstance(item, list):
            if not skip_children:
                kept.append(_without_links(item, prefixes))
            skip_children = False
        elif str(item).startswith(prefixes):
            skip_children = True
        else:
            kept.append(item)
            skip_children = False
    return kept


class HideLinkRowsOnDeleteMixin:
    def get_deleted_objects(self, objs, request):
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        links = _link_tables()
        prefixes = tuple(f"{capfirst(model._meta.verbose_name)}: " for model in links)
        plurals = {str(model._meta.verbose_name_plural) for model in links}
        model_count = {name: count for name, count in model_count.items() if str(name) not in plurals}
        return _without_links(deleted, prefixes), model_count, perms_needed, protected
