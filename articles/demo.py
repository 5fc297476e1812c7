"""What a new install starts with: the topics a district paper follows, and an editor account."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q

from people.models import Person
from people.services import confirm_people

from . import services
from .models import Topic

# The bundled pages: (file under fixtures/pages/, year of the edition). The year is not printed on the page.
DEMO_PAGES: list[tuple[str, int]] = [("000_b452db4c0ddb8c92.txt", 2023)]

DEFAULT_TOPICS: list[tuple[str, str, str]] = [
    ("党建", "基层党组织建设、党委书记述职、主题教育。", "党建、基层党建、党组织、党工委、党委书记、述职评议、党的二十大、支部、党员"),
    ("招商引资", "项目洽谈、签约落地、企业考察。", "招商、招商引资、项目合作、投资、签约、落地、座谈、考察团、合作事项、产业布局"),
    ("应急安全", "应急管理、消防、安全生产。", "应急、应急救援、消防、安全产业、安全生产、灭火救援、防汛、安全检查"),
    ("超硬材料", "金刚石、培育钻石与超硬材料产业。", "金刚石、超硬材料、培育钻石、钻石、三磨所、碳谷"),
    ("科技创新", "研发机构、人才与创新平台。", "创新、研究院、科技、人才引进、院士、研发、实验室、专家学者"),
    ("乡村振兴", "农业农村、人居环境、特色产业。", "乡村振兴、农村、农业、村集体、人居环境、特色产业、农户"),
    ("民生服务", "教育、医疗、社区与政务服务。", "民生、政务服务、社区、教育、医疗、养老、就业、便民"),
]


@transaction.atomic
def ensure_default_topics() -> int:
    """Create the default topics that are missing; editors' changes to existing ones are kept. Returns how many."""
    created = 0
    for name, description, keywords in DEFAULT_TOPICS:
        _, was_created = Topic.objects.get_or_create(name=name, defaults={"description": description, "keywords": keywords})
        created += was_created
    return created


@dataclass
class AdminAccount:
    username: str
    password: str | None  # set only when the account was created now with a generated password
    created: bool


def ensure_admin(username: str = "admin", password: str | None = None) -> AdminAccount:
    """Create the first superuser if it does not exist. A generated password is returned once, never stored."""
    users = get_user_model()
    if users.objects.filter(username=username).exists():
        return AdminAccount(username, None, False)
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    users.objects.create_superuser(username=username, email="", password=password)
    return AdminAccount(username, password if generated else None, True)


def import_demo_pages(pages_dir: Path | None = None) -> list[services.ImportReport]:
    """Import the bundled pages, published so readers see them; a page imported before is left as it is.

    The people they name are confirmed, as the editor who published them would have: their names are then
    words of their own for the search (张红军, not 张 + 红军) and for every later import. Their organizations
    and the generated titles stay in the review queue.
    """
    pages_dir = pages_dir or Path(settings.BASE_DIR) / "fixtures" / "pages"
    knowledge = services.load_knowledge()
    reports = [
        services.import_page(
            raw=(pages_dir / name).read_bytes(), file_name=name, year=year, publish=True, knowledge=knowledge
        )
        for name, year in DEMO_PAGES
    ]
    pages = [r.source_page for r in reports if r.source_page is not None and not r.dry_run]
    if pages:
        named = Q(mentions__article__source_page__in=pages) | Q(credits__article__source_page__in=pages)
        confirm_people(people=Person.objects.filter(named).distinct())
    return reports
