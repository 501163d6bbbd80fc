"""SQLite instance storage that writes a run's per-partition materializations in batches.

A run over N documents records one materialization per document and asset: Dagster's
per-partition history, which the UI shows and the sensor does not need. Dagster hands
these events over as one batch (``DAGSTER_EVENT_BATCH_SIZE``, set by
``Settings.export_env``), but its SQLite storage stores a batch one event at a time:
two new connections and two commits per event, ≈40 ms, so 20,000 events (10,000
documents, two assets) cost ≈14 minutes. ``store_event_batch`` here writes a batch in
one transaction per database — the events, their tags, the asset's latest
materialization — which is what the SQLite storage does per event, once per batch.

Written here because neither Dagster nor a maintained plugin offers it for SQLite
(Dagster's Postgres storage is the answer past one machine: docs/scaling.md). Selected
in ``dagster.yaml`` (``storage: custom:``); everything else is Dagster's SQLite storage.
"""

from __future__ import annotations

from collections.abc import Sequence

from dagster._core.events import DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.schema import SqlEventLogStorageTable
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from dagster._serdes import ConfigurableClassData


def _is_materialization(event: EventLogEntry) -> bool:
    dagster_event = event.dagster_event
    return bool(
        dagster_event is not None
        and dagster_event.event_type == DagsterEventType.ASSET_MATERIALIZATION
        and dagster_event.asset_key is not None
    )


class BatchedSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log, with batches of materializations in one transaction."""

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        batch = list(events)
        if not batch:
            return
        run_ids = {event.run_id for event in batch}
        asset_keys = {event.dagster_event.asset_key for event in batch if event.dagster_event}
        if len(run_ids) != 1 or len(asset_keys) != 1 or not all(map(_is_materialization, batch)):
            super().store_event_batch(batch)  # Dagster only batches these; anything else as before
            return
        rows = [self._event_to_row(event) for event in batch]
        # the same rows as store_event: the run's own shard, then the cross-run index shard
        with self.run_connection(batch[0].run_id) as conn:
            conn.execute(SqlEventLogStorageTable.insert(), rows)
        with self.index_transaction() as conn:
            event_ids = [conn.execute(SqlEventLogStorageTable.insert(), row).inserted_primary_key[0] for row in rows]
            self._store_asset_event_tags(conn, batch, event_ids)
            # the asset row keeps its latest materialization: the batch's last event
            self._store_asset_event(conn, batch[-1], event_ids[-1])


class BatchedSqliteStorage(DagsterSqliteStorage):
    """``DagsterSqliteStorage`` (same files, same layout) with the batched event log."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        super().__init__(base_dir, inst_data=inst_data)
        self._event_log_storage = BatchedSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value: dict) -> BatchedSqliteStorage:
        # the parent's builds a DagsterSqliteStorage whatever the subclass
        return cls.from_local(config_value["base_dir"], inst_data=inst_data)
