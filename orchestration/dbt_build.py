"""dbt build in the run's own process, with the parsed project kept between builds.

dagster-dbt's ``DbtCliResource`` runs every dbt command as a subprocess. On the path
from a file drop to its publish that costs, each time, a dbt start-up (≈5 s of imports
on this 2-core machine) and a partial re-parse (≈2-3 s: the manifest's paths depend on
the installation's environment). Here dbt runs through its programmatic API
(``dbtRunner``) in the process executing the run, and the parsed manifest is kept for
as long as the project's files do not change. In the warm daemon process
(``orchestration/stream_worker.py``) a streaming build therefore pays only for its nodes.

Two selections:

- **full**: everything — seeds, views, tables, data tests and unit tests, with
  ``--full-refresh`` (incremental models rebuilt from every state file). Used for the
  first build of a build file, after the dbt project changed (its digest differs from
  the one recorded at the last full build), after the build file was restored, and for
  a full refresh (the daily schedule, ``zonestats refresh --full``).
- **new documents** (the ``new_documents`` selector in ``dbt_project/selectors.yml``):
  what new, changed or removed documents can change — the tables built from the
  per-document state, and their data tests. Views and seeds change only with the
  project's code, and unit tests test only code, so they are left to the full build.

dbt's node results become Dagster events through dagster-dbt's own translation
(``DbtCoreCliEventMessage.to_default_asset_events``), so the asset graph, asset checks
and metadata look exactly as with ``DbtCliResource``.
"""

from __future__ import annotations

import hashlib
import json
import queue
import shutil
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator
from dagster_dbt.asset_utils import get_manifest_and_translator_from_dbt_assets, get_subset_selection_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage

from zonestats.settings import Settings

STREAMING_SELECTOR = "new_documents"
# the dbt events that carry a node's result, the only ones dagster-dbt turns into events
_RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})
_PROJECT_SUFFIXES = frozenset({".sql", ".yml", ".yaml", ".csv"})
_DONE = object()
# one dbt invocation at a time per process: dbt's programmatic API is not re-entrant
# (the build pool already keeps builds apart; this also covers `parse`)
_DBT_LOCK = threading.Lock()
_MANIFESTS: dict[tuple[str, str], Any] = {}


class DbtBuildFailed(Exception):
    """The dbt build did not succeed; the message says which nodes failed and why."""


@dataclass(frozen=True)
class BuildPlan:
    full: bool
    reason: str
    args: list[str]


class DbtBuild(dg.ConfigurableResource):
    """Runs ``dbt build`` for the warehouse asset, in process (see the module docstring)."""

    project_dir: str
    profiles_dir: str

    def build(self, context: dg.AssetExecutionContext, settings: Settings, full: bool) -> Iterator[Any]:
        """Build (full or streaming selection) and yield dagster-dbt's events for each node.

        Raises :class:`DbtBuildFailed` after the events when any node failed.
        """
        target = self._target_path(settings)
        manifest = self._manifest(target)
        digest = project_digest(manifest)
        manifest_json, translator, project = get_manifest_and_translator_from_dbt_assets([context.assets_def])
        plan = self.plan(context, settings, digest, full, manifest_json, translator)
        context.log.info(f"dbt build, {'full' if plan.full else 'new documents only'}: {plan.reason}")

        events: queue.Queue = queue.Queue()
        errors: list[str] = []

        def on_event(msg: Any) -> None:  # called from dbt's threads
            if msg.info.name in _RESULT_EVENTS:
                from dbt_common.events.functions import msg_to_dict

                events.put(msg_to_dict(msg))
            if msg.info.level == "error" and msg.info.msg:
                errors.append(msg.info.msg)

        outcome: dict[str, Any] = {}

        def invoke() -> None:
            from dbt.cli.main import dbtRunner

            try:
                with _DBT_LOCK:
                    outcome["result"] = dbtRunner(manifest=manifest, callbacks=[on_event]).invoke(
                        # writing manifest.json and run_results.json costs a second per
                        # build, debug lines in dbt.log more: the results come back in process
                        ["build", "--no-write-json", "--log-level-file", "info",
                         *self._common_args(target), *plan.args]
                    )
            except BaseException as err:  # surfaced in the op's thread below
                outcome["error"] = err
            finally:
                events.put(_DONE)

        threading.Thread(target=invoke, name="dbt-build", daemon=True).start()
        tests = 0
        while (raw := events.get()) is not _DONE:
            if raw["data"]["node_info"]["unique_id"] not in manifest_json["nodes"]:
                continue  # a node added to the project after the definitions were loaded
            for event in DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={}).to_default_asset_events(
                manifest=manifest_json, dagster_dbt_translator=translator, context=context,
                target_path=target, project=project,
            ):
                # a test's result is told once, below: one event per test would cost
                # the run more than the test (tests are not asset checks, see WarehouseTranslator)
                if isinstance(event, dg.AssetObservation):
                    tests += 1
                    continue
                yield event
        if "error" in outcome:
            raise DbtBuildFailed(f"dbt could not run: {outcome['error']!r}") from outcome["error"]
        result = outcome["result"]
        if not result.success:
            raise DbtBuildFailed(_failure_summary(result, errors))
        context.log.info(f"dbt build succeeded: {tests} data tests passed")
        if plan.full:
            _full_build_marker(settings).write_text(json.dumps({"digest": digest}), encoding="utf-8")

    def rebuild(self, settings: Settings) -> None:
        """Build the streaming selection once more, in the same run, without Dagster events.

        After validation held documents back (orchestration/checks.py) the tables they
        reached are made again without them; the check that asked validates the result.
        Raises :class:`DbtBuildFailed` when a node failed.
        """
        from dbt.cli.main import dbtRunner

        target = self._target_path(settings)
        manifest = self._manifest(target)
        with _DBT_LOCK:
            result = dbtRunner(manifest=manifest).invoke(
                ["build", "--no-write-json", "--log-level-file", "info", *self._common_args(target),
                 "--selector", STREAMING_SELECTOR]
            )
        if not result.success:
            raise DbtBuildFailed(_failure_summary(result, []))

    def warm_up(self, settings: Settings) -> None:
        """Parse the project now, before the first build needs it (the daemon's warm-up)."""
        settings.export_env()
        self._manifest(self._target_path(settings))

    def plan(
        self, context: dg.AssetExecutionContext, settings: Settings, digest: str, full: bool,
        manifest_json: Mapping[str, Any], translator: DagsterDbtTranslator,
    ) -> BuildPlan:
        """Which nodes to build: the full project, or only what new documents can change.

        A subset of the warehouse's assets picked in the UI keeps dagster-dbt's selection
        of exactly those nodes (and is never recorded as a full build).
        """
        reason = _full_build_reason(settings, digest, full)
        selection, indirect = get_subset_selection_for_context(
            context=context,
            manifest=manifest_json,
            select=None,
            exclude=None,
            selector=None if reason else STREAMING_SELECTOR,
            dagster_dbt_translator=translator,
            current_dbt_indirect_selection_env=None,
        )
        args = [*selection, *(["--indirect-selection", indirect] if indirect else [])]
        if reason and args:
            return BuildPlan(full=False, reason="a subset of the warehouse was selected", args=args)
        if reason:
            # incremental models are rebuilt from scratch too: their rows were made by the
            # project as it was, and may no longer be what the current project would make
            return BuildPlan(full=True, reason=reason, args=[*args, "--full-refresh"])
        return BuildPlan(full=False, reason="project unchanged since the last full build", args=args)

    def _target_path(self, settings: Settings) -> Path:
        """dbt's target folder for this installation, seeded with the project's parse state.

        One folder per home, because the parse depends on the home's paths: a shared
        folder would make every home re-parse after every other.
        """
        target = settings.dbt_target_dir
        partial = target / "partial_parse.msgpack"
        if not partial.exists():
            prepared = Path(self.project_dir) / "target" / "partial_parse.msgpack"
            target.mkdir(parents=True, exist_ok=True)
            if prepared.exists():
                shutil.copyfile(prepared, partial)
        return target

    def _common_args(self, target: Path) -> list[str]:
        return [
            "--project-dir", self.project_dir, "--profiles-dir", self.profiles_dir,
            "--target-path", str(target), "--log-path", str(target / "logs"),
        ]

    def _manifest(self, target: Path) -> Any:
        """The parsed project, re-parsed only when a project file changed."""
        key = (str(target), _project_files_stamp(Path(self.project_dir)))
        if key not in _MANIFESTS:
            from dbt.cli.main import dbtRunner

            with _DBT_LOCK:
                result = dbtRunner().invoke(["parse", "--quiet", *self._common_args(target)])
            if not result.success:
                raise DbtBuildFailed(f"dbt parse failed: {result.exception!r}")
            _MANIFESTS.clear()  # keep one: an older parse is never used again
            _MANIFESTS[key] = result.result
        return _MANIFESTS[key]


def project_digest(manifest: Any) -> str:
    """A digest of every node's definition and every source's location: equal digests
    mean the same views and seeds. The locations count because the staging views name
    the state folder by its absolute path: a home moved or copied elsewhere would
    otherwise keep reading the old folder until the next full build."""
    nodes = sorted((uid, node.checksum.checksum) for uid, node in manifest.nodes.items())
    sources = sorted((uid, source.relation_name) for uid, source in manifest.sources.items())
    return hashlib.sha256(json.dumps([nodes, sources]).encode()).hexdigest()[:16]


def forget_full_build(settings: Settings) -> None:
    """After the build file was replaced or reset, its views and seeds are unknown."""
    _full_build_marker(settings).unlink(missing_ok=True)


def _full_build_reason(settings: Settings, digest: str, full: bool) -> str | None:
    if full:
        return "a full refresh was asked for"
    if not settings.build_db.exists():
        return "the build file is new"
    try:
        recorded = json.loads(_full_build_marker(settings).read_text(encoding="utf-8"))["digest"]
    except (OSError, ValueError, KeyError):
        return "no full build recorded for this build file"
    if recorded != digest:
        return "the dbt project or the state folder changed since the last full build"
    return None


def _full_build_marker(settings: Settings) -> Path:
    return settings.dbt_target_dir / "full_build.json"


def _project_files_stamp(project_dir: Path) -> str:
    """Names, sizes and modification times of the project's files (cheap; no reading)."""
    target = project_dir / "target"
    stats = sorted(
        (str(p.relative_to(project_dir)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in project_dir.rglob("*")
        if p.suffix in _PROJECT_SUFFIXES and target not in p.parents
    )
    return hashlib.sha256(repr(stats).encode()).hexdigest()[:16]


def _failure_summary(result: Any, errors: list[str], max_items: int = 3) -> str:
    """Which nodes failed and why, from dbt's results (else its error messages)."""
    failed = [
        f"{r.node.name}: {(r.message or r.status)}"
        for r in getattr(result.result, "results", []) or []
        if str(r.status) in {"error", "fail", "runtime error"}
    ]
    lines = failed or errors or [repr(result.exception) if result.exception else "dbt build failed"]
    more = f" (+{len(lines) - max_items} more)" if len(lines) > max_items else ""
    return "; ".join(line.strip().replace("\n", " ")[:300] for line in lines[:max_items]) + more
