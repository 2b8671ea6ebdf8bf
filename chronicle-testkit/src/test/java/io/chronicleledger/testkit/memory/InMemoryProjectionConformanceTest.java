package io.chronicleledger.testkit.memory;

import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.core.memory.InMemoryLedgerReadModel;
import io.chronicleledger.testkit.ProjectionConformance;
import org.junit.jupiter.api.DisplayName;

/** The in-memory read model passes the projection conformance suite. */
@DisplayName("InMemoryLedgerReadModel conformance")
class InMemoryProjectionConformanceTest extends ProjectionConformance {

    @Override
    protected LedgerReadModel createReadModel() {
        return new InMemoryLedgerReadModel();
    }
}
