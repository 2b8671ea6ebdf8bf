package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.Leases;
import io.chronicleledger.testkit.LeasesConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leases conformance suite against PostgreSQL, in a schema of its own. */
class PostgresLeasesConformanceTest extends LeasesConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onTestPostgres();

    @Override
    protected Leases createLeases() {
        return DATABASE.eventStore();
    }
}
