from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "站点"

    def ready(self):
        from django.db.models.signals import post_migrate

        from newsroom import lookups  # noqa: F401  registers __among

        post_migrate.connect(_migrated, sender=self, dispatch_uid="newsroom-generation")


def _migrated(sender, using="default", **kwargs):
    """After ``migrate`` (a deploy may change every page) and ``flush``: a new generation, the row made again."""
    from newsroom.cache import PRIMARY, advance

    if using == PRIMARY:
        advance()
