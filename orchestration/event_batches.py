"""SQLite instance storage that writes a batch of asset events in one transaction.

Dagster hands some events to the storage in batches: the per-document materializations
of a run (``DAGSTER_EVENT_BATCH_SIZE``, set by ``Settings.export_env``) and the
"materialization planned" events it records when a run is created, one per asset of the
job. Its SQLite storage stores a batch one event at a time: two new connections and two
commits per event, ≈20-40 ms. That made 20,000 materializations (10,000 documents, two
assets) cost ≈14 minutes, and the ≈25 planned events of every streaming run half a
second between the sensor's run request and the run's start. ``store_event_batch`` here
writes the asset events of a batch in one transaction per database — the events, their
tags, each asset's latest event — which is what the SQLite storage does per event, once
per batch. Other events of a batch (an asset check's planned evaluation) keep Dagster's
path, in their place in the batch.

Written here because neither Dagster nor a maintained plugin offers it for SQLite
(Dagster's Postgres storage is the answer past one machine: docs/scaling.md). Selected
in ``dagster.yaml`` (``storage: custom:``); everything else is Dagster's SQLite storage.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from dagster._core.events import DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.schema import SqlEventLogStorageTable
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlite_storage import DagsterSqliteStorage, _event_logs_directory
from dagster._serdes import ConfigurableClassData

# the asset events whose storage is exactly: a row in the run's shard, a row in the index
# shard, its tags, and the asset's latest-event row (SqliteEventLogStorage.store_event)
_BATCHED = frozenset({DagsterEventType.ASSET_MATERIALIZATION, DagsterEventType.ASSET_MATERIALIZATION_PLANNED})


def _is_batched(event: EventLogEntry) -> bool:
    dagster_event = event.dagster_event
    return bool(dagster_event is not None and dagster_event.event_type in _BATCHED and dagster_event.asset_key)


class BatchedSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log, with a batch's asset events in one transaction."""

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        batch = list(events)
        if len({event.run_id for event in batch}) != 1:
            super().store_event_batch(batch)  # Dagster batches one run's events; anything else as before
            return
        for batched, group in itertools.groupby(batch, key=_is_batched):
            if batched:
                self._store_asset_events(list(group))
            else:
                super().store_event_batch(list(group))

    def _store_asset_events(self, batch: list[EventLogEntry]) -> None:
        rows = [self._event_to_row(event) for event in batch]
        # the same rows as store_event: the run's own shard, then the cross-run index shard
        with self.run_connection(batch[0].run_id) as conn:
            conn.execute(SqlEventLogStorageTable.insert(), rows)
        with self.index_transaction() as conn:
            event_ids = [conn.execute(SqlEventLogStorageTable.insert(), row).inserted_primary_key[0] for row in rows]
            self._store_asset_event_tags(conn, batch, event_ids)
            # an asset's row keeps its latest event of each type; applying only the last
            # of each (asset, type), in batch order, leaves what one-by-one storing leaves
            last: dict[tuple[str, DagsterEventType], int] = {}
            for position, event in enumerate(batch):
                last[(event.dagster_event.asset_key.to_string(), event.dagster_event.event_type)] = position
            for position in sorted(last.values()):
                self._store_asset_event(conn, batch[position], event_ids[position])


class BatchedSqliteStorage(DagsterSqliteStorage):
    """``DagsterSqliteStorage`` (same files, same layout) with the batched event log."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        super().__init__(base_dir, inst_data=inst_data)
        self._event_log_storage = BatchedSqliteEventLogStorage(_event_logs_directory(base_dir))

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None, config_value: dict) -> BatchedSqliteStorage:
        # the parent's builds a DagsterSqliteStorage whatever the subclass
        return cls.from_local(config_value["base_dir"], inst_data=inst_data)
