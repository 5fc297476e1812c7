"""Each module of the search imports alone, in a fresh interpreter: no import cycles. The tokenizer (which
the OCR pipeline uses) imports without Django."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
MODULES = ["tokenizer", "analysis", "index", "query", "display"]


def fresh(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("module", MODULES)
def test_each_module_imports_alone(module):
    done = fresh(f"import django; django.setup(); import articles.search.{module}")
    assert done.returncode == 0, done.stderr


def test_the_tokenizer_and_the_ocr_pipeline_import_without_django():
    done = fresh(
        "import sys; import articles.ocr, articles.search.tokenizer;"
        " assert 'django.db.models' not in sys.modules, sorted(m for m in sys.modules if m.startswith('django'))"
    )
    assert done.returncode == 0, done.stderr


def test_the_public_names_come_from_the_package():
    done = fresh(
        "import django; django.setup();"
        " from articles.search import (CANDIDATES, SearchResults, excerpt, highlight, people_dictionary_changed,"
        " search, search_articles, search_terms, words); assert callable(words)"
    )
    assert done.returncode == 0, done.stderr
