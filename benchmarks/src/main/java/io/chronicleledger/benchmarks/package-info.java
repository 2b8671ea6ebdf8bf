/**
 * JMH benchmarks of the event stores and the ledger: appends (one writer, latency; sixteen writers,
 * throughput), a ledger deposit end to end, and balance-at on a 100,000-event account with and without
 * snapshots. Each runs on the in-memory store and on PostgreSQL (a fresh schema per trial, dropped after).
 * The peers benchmark appends the same events to Axon Framework's JDBC engine, message-db and this project's
 * store side by side in one run, against a plain row insert as the floor.
 * The NATS benchmarks publish through the JetStream bus (one event, a relay batch, and the outbox relay) on
 * the NATS server at {@code CHRONICLE_NATS_URL}, against a bare jnats publish as the floor.
 * Built with the rest of the project, never published; see {@code benchmarks/README.md} to run them.
 */
package io.chronicleledger.benchmarks;
