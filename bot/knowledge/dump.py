"""The knowledge base as one JSON object (`python -m bot kb dump --json`), for tools."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from bot.knowledge.model import LANGUAGES, KnowledgeBase, Organisation, Topic


def knowledge_as_json(kb: KnowledgeBase) -> dict[str, Any]:
    return {
        "languages": list(LANGUAGES),
        "topics": [_topic(t) for t in kb.topics],
        "organisations": [_organisation(o) for o in kb.organisations.values()],
    }


def _topic(topic: Topic) -> dict[str, Any]:
    return {
        "id": topic.id,
        "category": topic.category,
        "title": {lang: t.title for lang, t in topic.texts.items() if t.title},
        "questions": {lang: list(t.questions) for lang, t in topic.texts.items()},
        "keywords": {lang: list(t.keywords) for lang, t in topic.texts.items()},
        "answer": {lang: t.answer for lang, t in topic.texts.items()},
        "more": {lang: t.more for lang, t in topic.texts.items() if t.more},
        "card": {lang: t.card for lang, t in topic.texts.items() if t.card},
        "status": {lang: t.status for lang, t in topic.texts.items() if t.status},
        "referrals": list(topic.referrals),
        "sources": [{"url": s.url, "checked": _plain(s.checked)} for s in topic.sources],
    }


def _organisation(org: Organisation) -> dict[str, Any]:
    record = {f.name: _plain(getattr(org, f.name)) for f in dataclasses.fields(org)}
    if org.confidential:
        record["address"] = ""
        record["coordinates"] = None
    return record


def _plain(value: Any) -> Any:
    """JSON-ready: dates as ISO text, tuples and mappings as lists and objects."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "items"):
        return {k: _plain(v) for k, v in value.items()}
    return value
