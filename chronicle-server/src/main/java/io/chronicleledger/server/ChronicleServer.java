package io.chronicleledger.server;

import io.chronicleledger.projection.pg.ReadModelRebuild;
import io.chronicleledger.server.api.CommandController;
import io.chronicleledger.server.api.QueryController;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts the reference server: reads and validates the configuration, then serves the Ledger API and the
 * Query API on their ports.
 */
public final class ChronicleServer {

    private static final Logger LOG = LoggerFactory.getLogger(ChronicleServer.class);
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private ChronicleServer() {
    }

    /**
     * Runs the server until the process is stopped. A bad configuration stops it at once with exit code 2 and
     * a message naming the setting.
     *
     * <p>With {@code rebuild-read-model} as the first argument it serves nothing: it rebuilds the PostgreSQL read
     * model from the event store, compares it with the live one and switches to it, then exits with 0 (1 on
     * failure, 2 on a bad configuration); see {@link ReadModelRebuild}.
     *
     * @param args {@code --role=ledger|query|processor|all}, {@code --insecure}; or {@code rebuild-read-model}
     *             and optionally {@code --keep-on-differences}
     */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals(RebuildCommand.NAME)) {
            System.exit(RebuildCommand.main(System.getenv(), List.of(args).subList(1, args.length)));
            return;
        }
        ServerConfig config;
        try {
            config = ServerConfig.from(System.getenv(), List.of(args));
        } catch (ConfigException e) {
            System.err.println("chronicle-server: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            start(config);
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (!(cause instanceof ConfigException) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause(); // the deepest cause, or the first that names a setting
            }
            LOG.error("chronicle-server did not start", e);
            System.err.println("chronicle-server: cannot start: " + cause.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts a server.
     *
     * @param config the configuration
     * @return the running application; close it to stop the server
     */
    public static ApplicationContext start(ServerConfig config) {
        if (config.inMemory()) {
            LOG.info("Chronicle Ledger on the in-memory adapters: every account and event lives in this process's"
                    + " memory only, and is lost when it stops");
        } else {
            config.storeConfig().ifPresent(store -> LOG.info("Chronicle Ledger with its event store at {} (schema {});"
                    + " {}", store.url().split("\\?")[0], store.schema(), config.readUrl()
                    .map(read -> "the read model in PostgreSQL at " + read.split("\\?")[0] + " (schema "
                            + config.readSchema() + ")")
                    .orElse("the read model in memory, rebuilt from the store at start")));
            config.nats().ifPresent(nats -> LOG.info("events published to NATS JetStream at {}, stream {}",
                    String.join(",", nats.serverList().stream().map(url -> url.replaceAll("//[^/@]*@", "//")).toList()),
                    nats.streamName()));
        }
        ApplicationContext context = Micronaut.build(new String[0])
                .banner(false)
                .properties(properties(config))
                .singletons(config)
                .start();
        try {
            createControllers(context, config.role());
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        LOG.info("role {}: {}", config.role().name().toLowerCase(Locale.ROOT), String.join(", ", served(config)));
        return context;
    }

    /**
     * Creates the controllers of the role now, and with them the ledger, the stores and the read model they use
     * (each creates its tables if missing): a failure there stops the start, instead of failing the first request
     * with a 500 after the process said it was up.
     */
    private static void createControllers(ApplicationContext context, Role role) {
        if (role.includes(Role.LEDGER)) {
            context.getBean(CommandController.class);
        }
        if (role.includes(Role.QUERY)) {
            context.getBean(QueryController.class);
        }
    }

    /** Says what this process serves where, for the start-up log. */
    private static List<String> served(ServerConfig config) {
        List<String> parts = new ArrayList<>();
        String at = config.scheme() + "://" + config.bind() + ":";
        if (config.role().includes(Role.LEDGER)) {
            parts.add("Ledger API (commands) on " + at + config.ledgerPort());
        }
        if (config.role().includes(Role.QUERY)) {
            parts.add("Query API on " + at + config.queryPort());
        }
        if (config.role().includes(Role.DASHBOARD)) {
            parts.add("dashboard on " + at + config.dashboardPort());
        }
        if (config.role().includes(Role.PROCESSOR)) {
            parts.add("read processor" + (config.role() == Role.PROCESSOR
                    ? " (health and metrics on " + at + config.processorPort() + ")" : ""));
        }
        return parts;
    }

    private static void listen(Map<String, Object> properties, ServerConfig config, String listener, int port) {
        String prefix = "micronaut.server.netty.listeners." + listener;
        properties.put(prefix + ".port", port);
        properties.put(prefix + ".host", config.bind());
        properties.put(prefix + ".ssl", config.tls().isPresent());
    }

    private static Map<String, Object> properties(ServerConfig config) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("micronaut.application.name", "chronicle-server");
        properties.put("micronaut.server.max-request-size", MAX_REQUEST_BYTES);
        config.tls().ifPresent(tls -> { // Micronaut 4.10 reads PEM files for the key store
            properties.put("micronaut.server.ssl.enabled", true);
            properties.put("micronaut.server.ssl.key-store.certificate-path", "file:" + tls.certificate().toAbsolutePath());
            properties.put("micronaut.server.ssl.key-store.key-path", "file:" + tls.key().toAbsolutePath());
        });
        if (config.role().includes(Role.LEDGER)) {
            listen(properties, config, "ledger", config.ledgerPort());
        }
        if (config.role().includes(Role.QUERY)) {
            listen(properties, config, "query", config.queryPort());
        }
        if (config.role().includes(Role.DASHBOARD)) {
            listen(properties, config, "dashboard", config.dashboardPort());
        }
        if (config.role() == Role.PROCESSOR) {
            listen(properties, config, "processor", config.processorPort()); // /health and /metrics only
        }
        properties.put("micronaut.lifecycle.graceful-shutdown.enabled", true);
        properties.put("micronaut.lifecycle.graceful-shutdown.grace-period", "30s");
        properties.put("micronaut.server.cors.enabled", true);
        String cors = "micronaut.server.cors.configurations.dashboard.";
        properties.put(cors + "allowed-origins", config.corsOrigins());
        properties.put(cors + "allowed-methods", List.of("GET", "POST", "OPTIONS"));
        properties.put(cors + "allowed-headers", List.of("Content-Type", "Authorization",
                CommandController.IDEMPOTENCY_KEY, "Last-Event-ID"));
        properties.put(cors + "exposed-headers", List.of(CommandController.IDEMPOTENT_REPLAYED));
        return properties;
    }
}
