"""A manifest.json that does not match the records of `clausegen.manifest`, in the register's
words: every pydantic error becomes a coded ClausegenError (`register.manifest-*`) naming the key
path of the value (`contract.start_date`), the file, and the value found. Which code a pydantic
error type becomes is decided here, as `library.validation.code_of` does for the YAML files; the
words are in the catalogs. Nothing of pydantic's English reaches the user."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from ..errors import ClausegenError
from ..library.validation import closest, errors_of
from ..manifest import Amount, IsoDate, Number, Sha256

Key = tuple[str | int, ...]


def _pattern(annotated: object) -> str:
    """The regular expression of an `Annotated[str, Field(pattern=...)]` text type."""
    for meta in getattr(annotated, "__metadata__", ()):
        for item in getattr(meta, "metadata", ()):
            if getattr(item, "pattern", None):
                return str(item.pattern)
    return ""


_PATTERN_CODES = {
    _pattern(Amount): "register.manifest-amount",
    _pattern(IsoDate): "register.manifest-date",
    _pattern(Number): "register.manifest-number",
    _pattern(Sha256): "register.manifest-sha256",
}
"""The manifest's text types (`clausegen.manifest`) by their pattern: what a mismatch means."""


def _record(annotation: object) -> type[BaseModel] | None:
    """The record class an annotation holds (`ClauseRef` of `list[ClauseRef] | None`), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _record(arg)
        if found is not None:
            return found
    return None


def _annotation_at(model: type[BaseModel], loc: Key) -> object:
    """The declared type of the value at the key path `loc` (list indexes skipped), or None."""
    annotation: object = model
    for part in loc:
        if isinstance(part, int):
            continue
        record = _record(annotation)
        if record is None or part not in record.model_fields:
            return None
        annotation = record.model_fields[part].annotation
    return annotation


def _real_key(data: Any, loc: tuple[Any, ...]) -> Key:  # noqa: ANN401 - JSON
    """The key path as it stands in the file: pydantic adds the branch of a union
    (`source.str`, `settings.x.bool`), which is no key of the manifest."""
    here, key = data, []
    for part in loc:
        present = (isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here)) or (
            isinstance(here, dict) and part in here
        )
        if present:
            here = here[part]
        elif _is_branch(part):
            continue
        else:  # a key that is missing or not allowed: named as written
            here = None
        key.append(part)
    return tuple(key)


def _is_branch(part: object) -> bool:
    """A union branch pydantic puts in a location: a type or record name (`str`, `SourceFile`),
    never a manifest key (those are lower-case words with underscores)."""
    text = str(part)
    return text != text.lower() or text in ("str", "int", "bool", "float", "none") or text.startswith("function-")


def _shown(value: Any) -> str:  # noqa: ANN401 - JSON
    """The value found, as JSON and at most 60 characters (the refusal quotes it)."""
    return json.dumps(value, ensure_ascii=False, default=str)[:60]


def code_of(error: ErrorDetails, model: type[BaseModel]) -> tuple[str, dict[str, Any]]:
    """A pydantic error of a manifest as (code, params): the one place that knows its types."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = {"value": _shown(error.get("input"))}
    if kind == "missing":
        return "register.manifest-missing", {}
    if kind == "extra_forbidden":
        record = _record(_annotation_at(model, tuple(loc[:-1])))
        known = list(record.model_fields) if record is not None else []
        close = closest(str(loc[-1])[:200], known)
        if close:
            return "register.manifest-unknown-suggest", {"close": close}
        return "register.manifest-unknown", {"allowed": ", ".join(known)}
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return "register.manifest-object", value
    if kind == "list_type":
        records = _record(_annotation_at(model, loc)) is not None
        return ("register.manifest-records" if records else "register.manifest-list"), value
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "register.manifest-whole", value
    if kind == "string_pattern_mismatch":
        return _PATTERN_CODES.get(str((error.get("ctx") or {}).get("pattern")), "register.manifest-value"), value
    if kind == "string_type":
        return "register.manifest-text", value
    if kind == "bool_type":
        return "register.manifest-bool", value
    if kind == "literal_error":
        expected = str((error.get("ctx") or {}).get("expected", ""))
        return "register.manifest-choice", {**value, "choices": expected.replace("'", '"')}
    return "register.manifest-value", value


def problems(exc: ValidationError, model: type[BaseModel], data: Any, path: Path) -> list[ClausegenError]:  # noqa: ANN401 - JSON
    """Every problem of the manifest at `path`, one per key path (the branches of a union that
    all refuse one value are one problem), in the order pydantic found them."""
    found: dict[Key, ClausegenError] = {}
    for error in errors_of(exc):
        key = _real_key(data, tuple(error["loc"]))
        code, params = code_of(error, model)
        if key in found:
            if found[key].code != code:  # a value no branch of a union takes
                found[key] = ClausegenError(
                    code="register.manifest-value", params={"value": _shown(error.get("input"))}, path=path, key=key
                )
            continue
        found[key] = ClausegenError(code=code, params=params, path=path, key=key)
    return list(found.values())
