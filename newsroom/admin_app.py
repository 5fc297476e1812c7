"""The admin without its start-up autodiscover: every process (a management command too) would otherwise import
every admin module. They load with the URLs (``admin.autodiscover()`` in newsroom/urls.py), and the admin's
system checks load them first, so ``manage.py check`` checks every ModelAdmin whatever order the checks run in."""

from django.contrib import admin
from django.contrib.admin.apps import SimpleAdminConfig
from django.contrib.admin.checks import check_admin_app, check_dependencies
from django.core import checks


def check_admin_after_autodiscover(app_configs, **kwargs):
    admin.autodiscover()
    return check_admin_app(app_configs, **kwargs)


class AdminConfig(SimpleAdminConfig):
    def ready(self):
        checks.register(check_dependencies, checks.Tags.admin)
        checks.register(check_admin_after_autodiscover, checks.Tags.admin)
