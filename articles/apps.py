from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "稿件"

    def ready(self):
        from django.db.models.signals import post_migrate, pre_migrate

        from . import copies, signals  # signals: connects the search index to every write
        from .counting import drop_before_migrate, install_and_recount
        from .search import triggers as search_triggers

        signals.connect_page_cache()

        pre_migrate.connect(drop_before_migrate, sender=self, dispatch_uid="articles-count-triggers-drop")
        post_migrate.connect(install_and_recount, sender=self, dispatch_uid="articles-count-triggers-install")
        pre_migrate.connect(search_triggers.drop_before_migrate, sender=self, dispatch_uid="articles-search-triggers-drop")
        post_migrate.connect(
            search_triggers.install_after_migrate, sender=self, dispatch_uid="articles-search-triggers-install"
        )
        pre_migrate.connect(copies.drop_before_migrate, sender=self, dispatch_uid="articles-copy-triggers-drop")
        post_migrate.connect(copies.install_after_migrate, sender=self, dispatch_uid="articles-copy-triggers-install")
