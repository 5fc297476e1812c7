"""Bring a fresh install to a demo readers can browse: topics, an admin account, the bundled pages."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand

from articles import demo


class Command(BaseCommand):
    help = "载入演示数据：默认专题、随附的版面（已发布）、管理员账号（密码只显示一次）。重复运行不会产生重复数据。"

    def add_arguments(self, parser):
        parser.add_argument("--admin-username", default=os.environ.get("NEWSROOM_ADMIN_USERNAME", "admin"))

    def handle(self, *args, **options):
        created = demo.ensure_default_topics()
        self.stdout.write(f"专题：新建 {created} 个，共 {len(demo.DEFAULT_TOPICS)} 个默认专题。")
        for report in demo.import_demo_pages():
            if report.unchanged:
                self.stdout.write(f"版面 {report.file_name} 已导入过，未改动。")
            else:
                self.stdout.write(
                    f"版面 {report.file_name}：导入并发布稿件 {len(report.articles)} 篇，新建人物 {len(report.people_created)} 人。"
                )
        account = demo.ensure_admin(options["admin_username"], os.environ.get("NEWSROOM_ADMIN_PASSWORD") or None)
        if not account.created:
            self.stdout.write(f"管理员账号 {account.username} 已存在，未改动。")
        elif account.password:
            self.stdout.write(self.style.WARNING(
                f"已创建管理员账号 {account.username}，密码：{account.password} （只显示这一次，请登录后修改）"
            ))
        else:
            self.stdout.write(f"已创建管理员账号 {account.username}，密码取自 NEWSROOM_ADMIN_PASSWORD。")
