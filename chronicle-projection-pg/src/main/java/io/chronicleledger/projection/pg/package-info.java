/**
 * The ledger's read model in PostgreSQL: {@link io.chronicleledger.projection.pg.PostgresLedgerReadModel}
 * applies recorded events to tables of accounts, histories, transfers and the audit log, and answers the
 * {@link io.chronicleledger.core.ledger.LedgerQueries} from them.
 */
package io.chronicleledger.projection.pg;
