package io.chronicleledger.store.cockroach;

import io.chronicleledger.core.store.Leases;
import io.chronicleledger.testkit.LeasesConformance;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The leases conformance suite against CockroachDB in a container, in a schema of its own. Skipped where
 * no Docker engine runs.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class CockroachLeasesConformanceTest extends LeasesConformance {

    @RegisterExtension
    static final SchemaPerClass DATABASE = SchemaPerClass.onCockroach();

    @Override
    protected Leases createLeases() {
        return DATABASE.eventStore();
    }
}
