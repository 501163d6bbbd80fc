"""``sources.yml``: the web pages, listings and feeds the warehouse keeps itself current with.

Each entry is checked on its own with pydantic, so a file with one bad entry names that
entry and the field at fault ("source 'hubei' (entry 2), field 'kind': …") instead of
failing somewhere inside a fetch. ``add_source`` appends an entry after the same checks.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$")
DEFAULT_CRON = "0 6 * * *"
# the top-level key, empty or `[]`: entries are appended after it (it is the file's only key)
_LIST_KEY = re.compile(r"^sources:[ \t]*(?:\[\])?[ \t]*$", re.M)


class SourcesError(ValueError):
    """``sources.yml`` cannot be used; the message lists every bad entry and field."""


class Source(BaseModel):
    """One configured source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    url: str
    kind: Literal["page", "listing", "feed"] = "page"
    # a listing's links (absolute URLs) that are documents; searched, not anchored
    pattern: str | None = None
    cron: str = DEFAULT_CRON
    region: str | None = Field(default=None, description="region hint, kept with each document")
    # politeness: at least this long between two requests to the same host
    min_interval_seconds: float = Field(default=1.0, ge=0)
    timeout_seconds: float = Field(default=20.0, gt=0)
    retries: int = Field(default=3, ge=1, le=10)
    max_bytes: int | None = Field(default=None, gt=0)
    # lets this source (and its redirects) reach loopback/private addresses: an intranet, tests
    allow_private: bool = False

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME.match(value):
            raise ValueError("letters, digits, '-' or '_' (up to 63), starting with a letter or digit")
        return value

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("an http:// or https:// URL with a host")
        return value

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as error:
                raise ValueError(f"not a regular expression: {error}") from None
        return value

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str) -> str:
        if not is_valid_cron(value):
            raise ValueError("not a cron schedule (five fields, e.g. '0 6 * * *')")
        return value

    @model_validator(mode="after")
    def _listing_needs_pattern(self) -> "Source":
        if self.kind == "listing" and not self.pattern:
            raise ValueError("a listing needs a 'pattern' (a regex its document links match)")
        return self


def is_valid_cron(value: str) -> bool:
    """Whether Dagster accepts the string as a schedule: its reading is the one that runs."""
    import dagster as dg

    try:
        dg.ScheduleDefinition(name="cron_check", cron_schedule=value, job_name="cron_check")
    except (dg.DagsterInvalidDefinitionError, ValueError):
        return False
    return True


def load_sources(path: Path) -> list[Source]:
    """The sources of ``path`` (none when it is missing), or SourcesError naming each bad entry."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise SourcesError(f"{path}: not valid YAML: {error}") from None
    if document is None:  # empty, or only comments
        return []
    entries = document.get("sources") if isinstance(document, dict) else None
    if entries is None and isinstance(document, dict) and "sources" in document:
        entries = []  # `sources:` with nothing under it
    if not isinstance(entries, list):
        raise SourcesError(f"{path}: expected a mapping with a list under 'sources'")
    sources, problems, seen = [], [], set()
    for i, entry in enumerate(entries, 1):
        label = f"entry {i}"
        if isinstance(entry, dict) and entry.get("name"):
            label = f"source {entry['name']!r} ({label})"
        try:
            source = parse_entry(entry, label)
        except SourcesError as error:
            problems.append(str(error))
            continue
        if source.name in seen:
            problems.append(f"{label}, field 'name': used by an earlier entry")
        seen.add(source.name)
        sources.append(source)
    if problems:
        raise SourcesError(f"{path}: " + "; ".join(problems))
    return sources


def parse_entry(entry: object, label: str) -> Source:
    """One entry as a Source, or SourcesError naming ``label`` and each bad field."""
    try:
        return Source.model_validate(entry)
    except ValidationError as error:
        raise SourcesError("; ".join(f"{label}, {_field(e)}: {e['msg']}" for e in error.errors())) from None


def add_source(path: Path, source: Source) -> None:
    """Append ``source`` to the file (comments and layout above it are kept as written)."""
    existing = load_sources(path)
    if any(s.name == source.name for s in existing):
        raise SourcesError(f"{path}: a source named {source.name!r} exists already")
    entry = {"name": source.name, "url": source.url, "kind": source.kind,
             **source.model_dump(exclude_defaults=True)}
    block = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    # the shipped example holds `sources: []`: the first entry turns it into a block list
    text, found = _LIST_KEY.subn("sources:", text, count=1)
    if not found:
        text += ("" if not text or text.endswith("\n") else "\n") + "sources:\n"
    elif not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "".join(f"  {line}\n" for line in block.splitlines()), encoding="utf-8")
    load_sources(path)  # what was written must read back


def _field(error: dict) -> str:
    where = ".".join(str(part) for part in error["loc"])
    return f"field {where!r}" if where else "the entry"
