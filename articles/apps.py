from django.apps import AppConfig


def drop_triggers(sender=None, using: str = "default", **kwargs) -> None:
    """pre_migrate: none of the database triggers in a migration's way (a table rebuilt on SQLite drops them, or
    fails while another table's trigger names it); post_migrate creates them again."""
    from django.db import connections

    from . import copies, counting
    from .search import triggers

    for module in (counting, triggers, copies):
        module.drop_triggers(connections[using])


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "稿件"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from . import copies, counting, signals  # signals: connects the search index to every write
        from .search import triggers

        signals.connect_page_cache()

        pre_migrate.connect(drop_triggers, sender=self, dispatch_uid="articles-triggers-drop")
        for install in (counting.install_and_recount, triggers.install_after_migrate, copies.install_after_migrate):
            post_migrate.connect(install, sender=self, dispatch_uid=f"articles-{install.__module__}-install")
