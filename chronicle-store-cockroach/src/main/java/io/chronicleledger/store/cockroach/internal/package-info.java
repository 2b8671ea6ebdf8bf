/**
 * Implementation details of the CockroachDB adapters: the schema, the SQL, transactions and retries. Not
 * API: may change in any release.
 */
package io.chronicleledger.store.cockroach.internal;
