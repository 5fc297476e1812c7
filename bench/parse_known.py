"""The page parse's speed as the number of confirmed people grows (a measurement, not a test).

    .venv/bin/python bench/parse_known.py              # 0, 500 and 3,000 known people
    .venv/bin/python bench/parse_known.py 0 10000

A real import hands the parser every confirmed person (``services.load_knowledge``, prepared once for the run
as ``KnownPeople``): thousands in a paper's second year. The evaluation pages (bench/ocr_eval/pages) are parsed three times with that many generated names
(made-up surname + two given-name characters, a fixed seed) and the CPU time per 1,000 characters is printed.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from articles.ocr import KnownPeople, KnownPerson, parse_page  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红梅志海波"


def people(n: int, seed: int = 1) -> KnownPeople:
    """About ``n`` made-up people, prepared as an import run prepares its confirmed people."""
    rng = random.Random(seed)
    names = {rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(n)}
    return KnownPeople(KnownPerson(name) for name in sorted(names))


def main() -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "bench" / "ocr_eval" / "pages").glob("*.txt"))]
    chars = sum(map(len, texts))
    for n in [int(a) for a in sys.argv[1:]] or [0, 500, 3000]:
        known = people(n)
        for text in texts:  # warm: the tokenizer and the dictionary entries of the pages' characters
            parse_page(text, year=2023, known_people=known)
        started = time.process_time()
        for _ in range(3):
            for text in texts:
                parse_page(text, year=2023, known_people=known)
        ms = (time.process_time() - started) / 3 / chars * 1e6
        print(f"{len(known):6,} known people: {ms:5.2f} ms CPU per 1,000 characters ({len(texts)} pages)")


if __name__ == "__main__":
    main()
