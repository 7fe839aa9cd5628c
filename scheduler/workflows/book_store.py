"""Where the request book lives: a small interface, a JSON file behind it for now.

The publishing work adds a database (``scheduler/store``); a ``BookStore`` over it can replace
``JsonBookStore`` without touching the workflow, which only calls ``load`` and ``save``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Protocol

from pydantic import ValidationError

from scheduler.io import InputError, write_text_atomic
from scheduler.workflows.timeoff_book import RequestBook


class BookStore(Protocol):
    def load(self) -> RequestBook: ...

    def save(self, book: RequestBook) -> None: ...


class JsonBookStore:
    """The book as one JSON document, replaced atomically on every save."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def load(self) -> RequestBook:
        """The stored book, or an empty one when the file does not exist yet."""
        if not self.path.exists():
            return RequestBook()
        try:
            return RequestBook.model_validate(json.loads(self.path.read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            raise InputError(self.path, f"is not valid JSON ({exc})") from None
        except ValidationError as exc:
            error = exc.errors()[0]
            field = ".".join(str(p) for p in error["loc"])
            raise InputError(self.path, str(error["msg"]), field=field) from None

    def save(self, book: RequestBook) -> None:
        write_text_atomic(self.path, book.model_dump_json(indent=1) + "\n")
