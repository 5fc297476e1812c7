import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "fixtures" / "pages" / "000_b452db4c0ddb8c92.txt"
COMPOSED = Path(__file__).resolve().parent / "pages" / "composed_01.txt"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def composed_text() -> str:
    return COMPOSED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_page(seed_text):
    from articles.ocr import parse_page

    return parse_page(seed_text, issue_date=dt.date(2023, 2, 14))


@pytest.fixture(scope="session")
def composed_page(composed_text):
    from articles.ocr import parse_page

    return parse_page(composed_text, issue_date=dt.date(2023, 3, 15))
