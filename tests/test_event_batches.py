"""The instance storage of dagster.yaml: a batch of asset events in one transaction.

A run over many documents must record one materialization per document and asset, and
a new run one "materialization planned" event per asset, as Dagster's own SQLite storage
does (the UI's partition view, the latest event of the asset), but in one transaction per
batch instead of one per event.
"""

from pathlib import Path

import dagster as dg
import pytest

from orchestration.event_batches import BatchedSqliteEventLogStorage, BatchedSqliteStorage

pytestmark = pytest.mark.slow  # each test runs Dagster jobs against a real instance

parts = dg.DynamicPartitionsDefinition(name="docs")


@dg.asset(partitions_def=parts, backfill_policy=dg.BackfillPolicy.single_run())
def per_doc(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    return dg.MaterializeResult(metadata={"documents": len(context.partition_keys)}, tags={"zonestats/batch": "yes"})


@pytest.fixture(autouse=True)
def _batch_size(monkeypatch):
    """Set before the ``instance`` fixture opens the instance (autouse fixtures come first)."""
    monkeypatch.setenv("DAGSTER_EVENT_BATCH_SIZE", "1000")


def _run_over(instance: dg.DagsterInstance, keys: list[str]) -> dg.ExecuteInProcessResult:
    instance.add_dynamic_partitions(parts.name, keys)
    return dg.materialize(
        [per_doc], instance=instance,
        tags={"dagster/asset_partition_range_start": keys[0], "dagster/asset_partition_range_end": keys[-1]},
    )


def test_dagster_yaml_selects_the_batched_storage_in_dagster_home(instance):
    assert instance.get_ref().storage_data.class_name == BatchedSqliteStorage.__name__
    assert isinstance(instance.event_log_storage, BatchedSqliteEventLogStorage)
    _run_over(instance, ["a"])
    # Dagster's default SQLite layout, so a home made before this storage keeps its history
    home = Path(instance.root_directory)
    assert (home / "history" / "runs.db").exists() and (home / "history" / "runs" / "index.db").exists()


def test_a_run_over_many_partitions_records_each_in_one_batch(instance, monkeypatch):
    single_writes = []
    original = BatchedSqliteEventLogStorage.store_event

    def counting_store_event(self, event):
        if event.dagster_event and event.dagster_event.is_step_materialization:
            single_writes.append(event)
        return original(self, event)

    monkeypatch.setattr(BatchedSqliteEventLogStorage, "store_event", counting_store_event)
    keys = [f"doc{i:03d}" for i in range(250)]
    result = _run_over(instance, keys)

    assert result.success
    assert single_writes == [], "materializations were written one at a time"
    key = per_doc.key
    assert instance.get_materialized_partitions(key) == set(keys)
    records = instance.fetch_materializations(key, limit=1000).records
    # the asset's latest materialization is the batch's last event, as if stored one by one
    latest = instance.get_latest_materialization_event(key)
    newest = max(records, key=lambda r: r.storage_id)
    assert latest is not None and latest.run_id == result.run_id
    assert latest.dagster_event.partition == newest.partition_key
    assert sorted(r.partition_key for r in records) == keys
    assert len({r.storage_id for r in records}) == len(keys)
    # each partition's event keeps its metadata and tags (the run's own log has them too)
    assert {r.asset_materialization.metadata["documents"].value for r in records} == {len(keys)}
    assert {r.asset_materialization.tags.get("zonestats/batch") for r in records} == {"yes"}
    run_materializations = instance.get_records_for_run(
        result.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION, limit=1000
    ).records
    assert len(run_materializations) == len(keys)


def test_a_later_run_updates_the_latest_materialization(instance):
    first = _run_over(instance, ["a", "b"])
    second = _run_over(instance, ["c", "d", "e"])
    assert first.success and second.success
    latest = instance.get_latest_materialization_event(per_doc.key)
    assert latest.run_id == second.run_id and latest.dagster_event.partition in {"c", "d", "e"}
    assert instance.get_materialized_partitions(per_doc.key) == {"a", "b", "c", "d", "e"}


@dg.asset
def first() -> None: ...


@dg.asset(deps=[first])
def second() -> None: ...


@dg.asset_check(asset=second)
def second_is_fine() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def test_a_new_runs_planned_events_are_one_batch(instance, monkeypatch):
    single_writes = []
    original = BatchedSqliteEventLogStorage.store_event

    def counting_store_event(self, event):
        single_writes.append(event.dagster_event.event_type)
        return original(self, event)

    monkeypatch.setattr(BatchedSqliteEventLogStorage, "store_event", counting_store_event)
    result = dg.materialize([first, second, per_doc.to_source_asset()], instance=instance, selection=[first, second])
    assert result.success
    planned = instance.get_records_for_run(
        result.run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED
    ).records
    assert {r.event_log_entry.dagster_event.asset_key for r in planned} == {first.key, second.key}
    assert dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED not in single_writes
    # each asset's row knows the run that last planned (and then made) it, as if stored one by one
    for record in instance.get_asset_records([first.key, second.key]):
        assert record.asset_entry.last_run_id == result.run_id
        assert record.asset_entry.last_materialization_record.run_id == result.run_id


def test_asset_checks_planned_in_a_batch_keep_dagsters_path(instance):
    # the run's planned events are one batch: two materializations planned and a check
    result = dg.materialize([first, second, second_is_fine], instance=instance)
    assert result.success
    planned_checks = instance.get_records_for_run(
        result.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED
    ).records
    assert len(planned_checks) == 1
    assert instance.event_log_storage.get_latest_asset_check_execution_by_key(
        [second_is_fine.check_key]
    )[second_is_fine.check_key].run_id == result.run_id


def test_other_batches_are_stored_event_by_event(instance):
    """Anything but one run's materializations of one asset takes Dagster's path."""
    result = _run_over(instance, ["x"])
    events = [e for e in instance.all_logs(result.run_id)][:3]
    storage = instance.event_log_storage
    before = len(instance.all_logs(result.run_id))
    storage.store_event_batch(events)  # step and run events, not materializations
    assert len(instance.all_logs(result.run_id)) == before + len(events)
