package io.chronicleledger.store.cockroach;

import org.testcontainers.cockroachdb.CockroachContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * One CockroachDB container (an insecure single node, {@value #IMAGE}) shared by every CockroachDB test class
 * of a test run, started by the first of them; each class gets a fresh schema on it through
 * {@link #freshSchema()}. Testcontainers' reaper removes the container when the JVM ends.
 *
 * <p>The test classes that use it are annotated {@code @Testcontainers(disabledWithoutDocker = true)} and
 * {@code @Tag("docker")}: where no Docker engine runs they are reported as skipped, and the container is
 * never asked for.
 */
final class CockroachDatabase {

    /** The image, pinned: CockroachDB 25.4. */
    static final String IMAGE = "cockroachdb/cockroach:v25.4.1";

    private static CockroachContainer container;

    private CockroachDatabase() {
    }

    /**
     * Starts the container on first use, connects to it and names a new schema (the stores create it).
     *
     * @return the database, a schema of its own dropped on {@link PostgresDatabase#close()}
     */
    static synchronized PostgresDatabase freshSchema() {
        if (container == null) {
            CockroachContainer started = new CockroachContainer(DockerImageName.parse(IMAGE));
            started.start();
            container = started;
        }
        return PostgresDatabase.connect(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
}
