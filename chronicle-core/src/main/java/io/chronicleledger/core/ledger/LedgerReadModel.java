package io.chronicleledger.core.ledger;

import io.chronicleledger.core.projection.Projection;

/**
 * A read model of the ledger: a {@link Projection} of the account streams that answers the
 * {@link LedgerQueries}. The in-memory one and each database one pass {@code ProjectionConformance} of the
 * testkit.
 */
public interface LedgerReadModel extends Projection, LedgerQueries {
}
