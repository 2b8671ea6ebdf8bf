package io.chronicleledger.server;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.projection.pg.ReadModelRebuild;
import io.chronicleledger.store.cockroach.CockroachEventStore;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code rebuild-read-model} subcommand: rebuilds the PostgreSQL read model ({@code CHRONICLE_READ_URL},
 * {@code CHRONICLE_READ_SCHEMA}) from the event store ({@code CHRONICLE_STORE_URL}, {@code CHRONICLE_STORE_SCHEMA})
 * with {@link ReadModelRebuild}, prints the progress, the differences and the outcome. No HTTP server starts and
 * no bus is used.
 */
final class RebuildCommand {

    /** The first argument that selects this command. */
    static final String NAME = "rebuild-read-model";

    /** The option that keeps the live read model when the rebuilt one differs. */
    static final String KEEP_ON_DIFFERENCES = "--keep-on-differences";

    private RebuildCommand() {
    }

    /**
     * Runs the command from {@code main}.
     *
     * @param env  the environment
     * @param args the arguments after {@value #NAME}
     * @return the exit code: 0 done, 1 failed, 2 bad configuration
     */
    static int main(Map<String, String> env, List<String> args) {
        ServerConfig config;
        boolean switchOnDifferences = true;
        List<String> rest = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals(KEEP_ON_DIFFERENCES)) {
                switchOnDifferences = false;
            } else {
                rest.add(arg);
            }
        }
        try {
            config = config(env, rest);
        } catch (ConfigException e) {
            System.err.println("chronicle-server " + NAME + ": invalid configuration: " + e.getMessage());
            return 2;
        }
        return run(config, switchOnDifferences, System.out, System.console() != null);
    }

    /**
     * Reads the configuration the command needs: {@code CHRONICLE_STORE_URL} and {@code CHRONICLE_READ_URL} are
     * required; the bus is not used, so {@code CHRONICLE_NATS_URL} may be absent.
     *
     * @param env  the environment
     * @param args the remaining arguments (those of the server, such as {@code --insecure})
     * @return the configuration
     * @throws ConfigException naming the missing or invalid variable
     */
    static ServerConfig config(Map<String, String> env, List<String> args) {
        for (String variable : List.of("CHRONICLE_STORE_URL", "CHRONICLE_READ_URL")) {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                throw new ConfigException(variable, "is required to rebuild the read model");
            }
        }
        Map<String, String> withBus = new HashMap<>(env);
        // the server's configuration wants a bus with a PostgreSQL read model; the rebuild does not use it
        withBus.putIfAbsent("CHRONICLE_NATS_URL", "nats://127.0.0.1:4222");
        withBus.put("CHRONICLE_ROLE", "all");
        withBus.remove("CHRONICLE_BIND"); // nothing is served
        withBus.remove("CHRONICLE_API_TOKEN");
        return ServerConfig.from(withBus, args);
    }

    /**
     * Runs the rebuild and prints what it does.
     *
     * @param config              the configuration, with a store and a read model
     * @param switchOnDifferences whether to switch despite differences
     * @param out                 where to print
     * @param terminal            whether to update one progress line with {@code \r} (else plain lines)
     * @return 0 when the rebuild ran (switched or not), 1 when it failed
     */
    static int run(ServerConfig config, boolean switchOnDifferences, PrintStream out, boolean terminal) {
        CockroachStoreConfig storeConfig = config.storeConfig().orElseThrow();
        String readUrl = config.readUrl().orElseThrow();
        out.println("Rebuilding read model " + config.readSchema() + " at " + readUrl.split("\\?")[0]
                + " from the event store at " + storeConfig.url().split("\\?")[0] + " (schema "
                + storeConfig.schema() + ")");
        // a rebuild runs long statements on purpose (bulk copies, index builds): no socket timeout
        try (HikariDataSource storeDataSource = storeConfig.withSocketTimeout(Duration.ZERO).createDataSource();
             HikariDataSource readDataSource = ReadDatabase.open(readUrl, config.readSchema(), config.readPoolSize(),
                     Duration.ZERO)) {
            CockroachEventStore store = CockroachEventStore.builder().dataSource(storeDataSource)
                    .schema(config.storeSchema()).createSchema(false).build();
            ReadModelRebuild.Result result = ReadModelRebuild.builder()
                    .eventStore(store)
                    .dataSource(readDataSource)
                    .liveSchema(config.readSchema())
                    .switchOnDifferences(switchOnDifferences)
                    .listener(progress -> printProgress(out, terminal, progress))
                    .build()
                    .run();
            if (terminal) {
                out.println();
            }
            printResult(out, result);
            return 0;
        } catch (RuntimeException e) {
            if (terminal) {
                out.println();
            }
            out.println("Rebuild failed: " + e.getMessage());
            e.printStackTrace(out);
            return 1;
        }
    }

    private static void printProgress(PrintStream out, boolean terminal, ReadModelRebuild.Progress progress) {
        String line = String.format(Locale.ROOT, "%-14s %,d events, %,.0f events/s, position %,d of %,d, ETA %s",
                progress.phase().name().toLowerCase(Locale.ROOT).replace('_', '-'), progress.eventsDone(),
                progress.eventsPerSecond(), progress.position(), progress.headPosition(), format(progress.eta()));
        if (terminal) {
            out.print("\r" + line + "   ");
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static void printResult(PrintStream out, ReadModelRebuild.Result result) {
        out.printf(Locale.ROOT, "Projected %,d events up to position %,d in %s (%,.0f events/s)%n",
                result.eventsProjected(), result.position(), format(result.duration()), result.eventsPerSecond());
        if (result.differences().isEmpty()) {
            out.println("No differences between the live and the rebuilt read model");
        } else {
            out.println(result.differences().size() + " accounts differ between the live and the rebuilt read model"
                    + " (a live model behind the rebuilt one may only be lagging):");
            result.differences().forEach(difference -> out.println("  " + difference));
        }
        if (result.switched()) {
            out.println("Switched: schema " + result.liveSchema() + " now holds the rebuilt read model");
        } else {
            out.println("Not switched: schema " + result.liveSchema() + " is unchanged; the rebuilt read model is"
                    + " in schema " + result.resultSchema() + " for inspection");
        }
    }

    private static String format(Duration duration) {
        long seconds = duration.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }
}
