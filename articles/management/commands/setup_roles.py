"""Create or refresh the editorial role groups (记者, 编辑, 值班主任, 管理员). Running it again changes nothing."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from articles.workflow import ensure_roles


class Command(BaseCommand):
    help = "创建或更新采编角色组：记者、编辑、值班主任、管理员。"

    def handle(self, *args, **options):
        for name, count in ensure_roles(Group, Permission).items():
            self.stdout.write(f"{name}：{count} 项权限")
