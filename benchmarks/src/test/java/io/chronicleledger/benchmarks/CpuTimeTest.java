package io.chronicleledger.benchmarks;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The CPU times {@link AppendCost} reads from {@code /proc}, against the JVM's own count and the local PostgreSQL. */
class CpuTimeTest {

    private static final long SPIN_NANOS = 200_000_000L;

    @Test
    void thisJvmsTimeGrowsByAtLeastWhatThisThreadSpends() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = CpuTime.ofThisJvm().orElseThrow();
        long threadBefore = threads.getCurrentThreadCpuTime();
        long sink = 0;
        while (threads.getCurrentThreadCpuTime() - threadBefore < SPIN_NANOS) {
            sink += System.nanoTime() % 7;
        }
        long spent = threads.getCurrentThreadCpuTime() - threadBefore;
        long after = CpuTime.ofThisJvm().orElseThrow();

        assertThat(sink).isNotNegative();
        // the scheduler's count and the JVM's may differ by a tick; every other thread only adds to the sum
        assertThat(after - before).isGreaterThanOrEqualTo(spent - 20_000_000L);
    }

    @Test
    void postgresqlOnThisMachineHasATime() {
        OptionalLong postgres = CpuTime.ofPostgres();

        assertThat(postgres).as("no process named postgres on this machine: start PostgreSQL with "
                + "'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' "
                + "(or scripts/setup-services.sh)").isPresent();
        assertThat(postgres.getAsLong()).isPositive();
    }
}
