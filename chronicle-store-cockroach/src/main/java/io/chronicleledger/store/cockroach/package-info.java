/**
 * The CockroachDB adapters: a JDBC {@link io.chronicleledger.core.store.EventStore} (with its
 * {@link io.chronicleledger.core.store.Outbox}, expiring idempotency records,
 * {@link io.chronicleledger.core.store.Leases} and group commit) and
 * {@link io.chronicleledger.core.store.SnapshotStore}. The SQL is the subset that CockroachDB and PostgreSQL
 * 13+ both accept, so the same adapters run on either database.
 *
 * <p>Start with {@link io.chronicleledger.store.cockroach.CockroachStoreConfig} to get a pooled
 * {@link javax.sql.DataSource}, then build the stores with
 * {@link io.chronicleledger.store.cockroach.CockroachEventStore#builder()} and
 * {@link io.chronicleledger.store.cockroach.CockroachSnapshotStore#builder()}.
 */
package io.chronicleledger.store.cockroach;
