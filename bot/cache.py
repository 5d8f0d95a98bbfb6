"""The engine built from a knowledge folder, kept on disk between runs.

Building the engine takes a second or two; the built parts are kept under the data
folder and reused while the knowledge files and the core's code are unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
from pathlib import Path

from bot.core.engine import Engine, build
from bot.knowledge.loader import load_knowledge


def load_engine(folder: Path, cache: Path | None = None) -> Engine:
    """The engine of the knowledge base in `folder`. With `cache`, a folder, what is
    built from the knowledge base is kept there on disk and reused while the
    knowledge files and the engine's code are unchanged."""
    kb = load_knowledge(folder)
    if cache is None:
        return Engine(kb)
    path = cache / f"engine-{fingerprint(folder)}.pickle"
    if path.is_file():
        with contextlib.suppress(Exception), path.open("rb") as file:
            return Engine(kb, pickle.load(file))
    built = build(kb)
    with contextlib.suppress(OSError):
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("engine-*.pickle"):
            old.unlink()
        temporary = path.with_suffix(".tmp")
        temporary.write_bytes(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
        temporary.replace(path)
    return Engine(kb, built)


def fingerprint(folder: Path) -> str:
    """Changes when a knowledge file or the code that builds the engine changes."""
    digest = hashlib.sha256()
    code = Path(__file__).resolve().parent / "core"
    files = [*sorted(folder.rglob("*.yaml")), *sorted(code.glob("*.py"))]
    for path in files:
        if "suggestions" not in path.parts:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
