package io.chronicleledger.projection.pg;

import io.chronicleledger.core.ledger.LedgerReadModel;
import io.chronicleledger.testkit.ProjectionConformance;
import org.junit.jupiter.api.DisplayName;

/**
 * The PostgreSQL read model passes the projection conformance suite; each read model gets a fresh schema on
 * the test PostgreSQL ({@link TestDatabase}), dropped after the test.
 */
@DisplayName("PostgresLedgerReadModel conformance")
class PostgresProjectionConformanceTest extends ProjectionConformance {

    @Override
    protected LedgerReadModel createReadModel() {
        return PostgresLedgerReadModel.builder().dataSource(TestDatabase.dataSource())
                .schema(TestDatabase.freshSchema()).build();
    }

    @Override
    protected void cleanUp(LedgerReadModel readModel) {
        ((PostgresLedgerReadModel) readModel).dropSchema();
    }
}
