"""Decoupled consequences of writes: the search index and the reader pages' cache follow every change.

Whatever writes the rows — the admin, the importer, the workflow, a person merge — the handlers here queue the
articles whose words changed for re-indexing (``search_index.queue``: at commit when inside a transaction)
and make every cached reader page stale (``newsroom.cache.pages_changed``). They hold no logic of their own.

What they cannot see: ``QuerySet.update()`` and ``bulk_create`` send no signals. Code that moves mentions with
``update()`` (a person merge) ends by deleting the duplicate, and that delete re-indexes every article whose
document holds the duplicate's name; code that changes the reader site by ``update()`` alone should call
``newsroom.cache.pages_changed()`` and ``search_index.queue(ids)`` itself; that one function is how any write
announces a change to readers.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from newsroom.cache import pages_changed
from people.models import Organization, Person

from . import photos, search
from .models import (
    Article,
    ArticlePhoto,
    ArticleSearchDocument,
    Credit,
    ImportJob,
    Mention,
    PendingEdit,
    SourcePage,
)
from .search import index as search_index

#: Apps whose rows readers see (directly or through a page that lists them).
READER_APPS = ("articles", "people")


def _row_changed(sender, **kwargs):
    pages_changed()


def _relation_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        pages_changed()


def connect_page_cache() -> None:
    """Every model of the reader apps (and their many-to-many tables) announces its changes, each receiver
    connected to its sender: a receiver for every sender would turn off Django's fast delete everywhere."""
    for label in READER_APPS:
        for model in apps.get_app_config(label).get_models():
            # derived rows; unseen until published with the article; the admin's import queue
            if model in (ArticleSearchDocument, PendingEdit, ImportJob):
                continue
            uid = f"page-cache:{model._meta.label}"
            post_save.connect(_row_changed, sender=model, dispatch_uid=f"{uid}:save")
            post_delete.connect(_row_changed, sender=model, dispatch_uid=f"{uid}:delete")
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(_relation_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}")


@receiver(post_delete, sender=ArticlePhoto)
def _photo_deleted(sender, instance: ArticlePhoto, **kwargs):
    """A photo's files go with it (at commit); its page-cache announcement is connect_page_cache's."""
    photos.photo_deleted(instance)


@receiver(post_delete, sender=SourcePage)
def _page_deleted(sender, instance: SourcePage, **kwargs):
    """A source page's PDF and e-paper pictures go with it, at commit (a rollback keeps them)."""
    if instance.original:
        names = [instance.original.name, *(name for _, _, name in instance.images.get("webp", []))]
        photos.delete_files(instance.original.storage, names)


@receiver(post_delete, sender=ImportJob)
def _import_job_deleted(sender, instance: ImportJob, **kwargs):
    """A job's upload (kept when it failed, or never run) goes with it, at commit."""
    if instance.file:
        photos.delete_files(instance.file.storage, [instance.file.name])


# -- the search index -------------------------------------------------------------------------------------


#: The fields of an article its search document depends on (status: only published articles have one).
INDEXED_FIELDS = frozenset({"title", "kicker", "subtitle", "lead", "body", "status"})


@receiver(post_save, sender=Article)
def _article_saved(sender, instance: Article, raw=False, update_fields=None, **kwargs):
    if not raw and (update_fields is None or INDEXED_FIELDS & set(update_fields)):
        search_index.queue([instance.pk])


@receiver(post_save, sender=Mention)
@receiver(post_delete, sender=Mention)
@receiver(post_save, sender=Credit)
@receiver(post_delete, sender=Credit)
def _byline_or_mention_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        search_index.queue([instance.article_id])


@receiver(m2m_changed, sender=Article.organizations.through)
def _organizations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        search_index.queue([instance.pk])
    elif pk_set:  # organization.articles.add(...)
        search_index.queue(pk_set)
    elif action == "post_clear":
        search_index.queue(instance._search_articles_before_clear)


@receiver(m2m_changed, sender=Article.organizations.through)
def _organizations_clearing(sender, instance, action, reverse, **kwargs):
    if action == "pre_clear" and reverse:
        instance._search_articles_before_clear = list(instance.articles.values_list("pk", flat=True))


# People: a new name, or a name that became a word of the dictionary, changes how articles are cut.


@receiver(pre_save, sender=Person)
def _person_saving(sender, instance: Person, raw=False, **kwargs):
    instance._search_before = None
    if instance.pk and not raw:
        instance._search_before = Person.objects.filter(pk=instance.pk).values_list("name", "confirmed").first()


@receiver(post_save, sender=Person)
def _person_saved(sender, instance: Person, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_search_before", None)
    if created:
        if instance.confirmed:
            search.people_dictionary_changed()
            search_index.queue(search_index.articles_containing(instance.name), force=True)
        return
    if before is None or before == (instance.name, instance.confirmed):
        return
    old_name, was_confirmed = before
    if was_confirmed or instance.confirmed:
        search.people_dictionary_changed()
    affected = search_index.articles_naming([instance.pk]) | search_index.articles_containing(instance.name)
    if old_name != instance.name:
        affected |= search_index.articles_containing(old_name)
    search_index.queue(affected, force=True)


@receiver(pre_delete, sender=Person)
def _person_deleting(sender, instance: Person, **kwargs):
    # A merge has moved the mentions away by now: the documents still holding the name show where they went.
    instance._search_articles = search_index.articles_containing(instance.name) | search_index.articles_naming(
        [instance.pk]
    )


@receiver(post_delete, sender=Person)
def _person_deleted(sender, instance: Person, **kwargs):
    if instance.confirmed:
        search.people_dictionary_changed()
    search_index.queue(getattr(instance, "_search_articles", ()), force=instance.confirmed)


# Organizations: their names are words of the articles that name them.


@receiver(pre_save, sender=Organization)
def _organization_saving(sender, instance: Organization, raw=False, **kwargs):
    instance._search_before = None
    if instance.pk and not raw:
        instance._search_before = (
            Organization.objects.filter(pk=instance.pk).values_list("name", "short_name").first()
        )


@receiver(post_save, sender=Organization)
def _organization_saved(sender, instance: Organization, created, raw=False, **kwargs):
    before = getattr(instance, "_search_before", None)
    if not created and not raw and before is not None and before != (instance.name, instance.short_name):
        search_index.queue(instance.articles.values_list("pk", flat=True))


@receiver(pre_delete, sender=Organization)
def _organization_deleting(sender, instance: Organization, **kwargs):
    instance._search_articles = list(instance.articles.values_list("pk", flat=True))


@receiver(post_delete, sender=Organization)
def _organization_deleted(sender, instance: Organization, **kwargs):
    search_index.queue(getattr(instance, "_search_articles", ()))
