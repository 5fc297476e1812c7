"""A person's portrait and an organisation's logo leave storage with their row, at commit (a rollback keeps
them). Their page-cache announcements and search index are ``articles.signals``'."""

from __future__ import annotations

from django.db.models.signals import post_delete
from django.dispatch import receiver

from newsroom import images

from .models import LOGO, PORTRAIT, Organization, Person


@receiver(post_delete, sender=Person)
def _person_deleted(sender, instance: Person, **kwargs):
    if instance.portrait:
        images.delete_files(instance.portrait.storage, images.stored_names(instance, PORTRAIT))


@receiver(post_delete, sender=Organization)
def _organization_deleted(sender, instance: Organization, **kwargs):
    if instance.logo:
        images.delete_files(instance.logo.storage, images.stored_names(instance, LOGO))
