from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "稿件"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # connects the search index to every write

        signals.connect_page_cache()
        from .counting import recount_after_migrate

        post_migrate.connect(recount_after_migrate, sender=self, dispatch_uid="articles-recount")
