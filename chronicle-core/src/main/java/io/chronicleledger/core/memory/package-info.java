/**
 * In-memory adapters: the embedded default of the reference server, and the fastest way to test a ledger.
 * They pass the same conformance suites as the database and broker adapters; their data lives in the heap
 * only.
 */
package io.chronicleledger.core.memory;
