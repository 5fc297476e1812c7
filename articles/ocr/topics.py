"""Suggested topics: each known topic scored by its keywords' hits in the title and the body."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .types import KnownTopic

TITLE_WEIGHT = 3
MIN_SCORE = 2
MAX_TOPICS = 3


def score_topic(topic: KnownTopic, title: str, body: str) -> int:
    """Hits of the topic's keywords (and its name): a hit in the headline counts three times."""
    score = 0
    words = {w.strip() for w in (*topic.keywords, topic.name) if w and w.strip()}
    for word in words:
        score += TITLE_WEIGHT * title.count(word) + min(body.count(word), 10)
    return score


def suggest_topics(
    topics: Iterable[KnownTopic], title: str, paragraphs: Sequence[str], *, limit: int = MAX_TOPICS
) -> list[str]:
    """Names of the best-scoring topics (score >= 2), best first, at most ``limit``."""
    body = "\n".join(paragraphs)
    scored = []
    for order, topic in enumerate(topics):
        score = score_topic(topic, title, body)
        if score >= MIN_SCORE:
            scored.append((-score, order, topic.name))
    scored.sort()
    out: list[str] = []
    for _, _, name in scored:
        if name not in out:
            out.append(name)
    return out[:limit]
