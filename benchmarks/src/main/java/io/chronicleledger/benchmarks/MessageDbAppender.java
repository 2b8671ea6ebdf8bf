package io.chronicleledger.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import io.chronicleledger.store.cockroach.CockroachStoreConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * message-db 1.3 (Eventide's message store: a table and PL/pgSQL functions) in {@link PeerAppendBenchmark}. Its
 * SQL is the npm package {@code @eventide/message-db}, which {@code benchmarks/fetch-message-db.sh} unpacks into
 * {@code benchmarks/target/message-db/} (beside the benchmark jar; never committed). Each trial installs it into
 * a database of its own, {@code chronicle_bench_…_messagedb}, created here and dropped on {@link #close()}, so its
 * {@code message_store} schema and {@code pgcrypto} extension touch nothing shared: the scripts of its
 * {@code install.sh}, in that order, less the {@code message_store} login role and its grants (cluster-wide, and
 * not needed by the benchmark's own user) and the summary views. The database's {@code search_path} is
 * {@code message_store, public}, as message-db's functions expect (they name their table and one another
 * unqualified).
 * <p>
 * An append is one call of {@code write_message(id, stream_name, type, data, metadata, expected_version)} in
 * autocommit, as message-db's clients make it: a new random UUID, the payload and metadata of
 * {@link WriterStreams}, and the stream's version less one as the expected version (message-db numbers a stream's
 * messages from 0; -1 is a stream without any). {@code write_message} holds an advisory lock on the stream's
 * category (its name up to the first {@code -}) until the commit: every stream here is in one category, as the
 * accounts of a ledger would be, so concurrent writers take turns.
 */
final class MessageDbAppender implements EventAppender {

    /** message-db's scripts in the order of its {@code install.sh}, less the role, the grants and the views. */
    private static final List<String> INSTALL_SCRIPTS = List.of(
            "schema/message-store.sql",
            "extensions/pgcrypto.sql",
            "tables/messages.sql",
            "types/message.sql",
            "functions/message-store-version.sql",
            "functions/hash-64.sql",
            "functions/acquire-lock.sql",
            "functions/category.sql",
            "functions/is-category.sql",
            "functions/id.sql",
            "functions/cardinal-id.sql",
            "functions/stream-version.sql",
            "functions/write-message.sql",
            "functions/get-stream-messages.sql",
            "functions/get-category-messages.sql",
            "functions/get-last-stream-message.sql",
            "indexes/messages-id.sql",
            "indexes/messages-stream.sql",
            "indexes/messages-category.sql");
    private static final String WRITE =
            "SELECT message_store.write_message(?, ?, ?, CAST(? AS JSONB), CAST(? AS JSONB), ?)";
    /** A JDBC URL up to its database name, the name, and what follows. */
    private static final Pattern DATABASE_IN_URL = Pattern.compile("(jdbc:postgresql://[^/?]*/)([^?]*)(.*)");

    private final HikariDataSource dataSource;
    private final String database;

    private MessageDbAppender(HikariDataSource dataSource, String database) {
        this.dataSource = dataSource;
        this.database = database;
    }

    /**
     * Creates a database and installs message-db into it.
     *
     * @param connections the pool's size
     * @return the store
     * @throws SQLException          when the database cannot be created or the SQL fails
     * @throws IllegalStateException when message-db's SQL was not fetched
     */
    static MessageDbAppender open(int connections) throws SQLException {
        Path sql = sqlFolder();
        if (!Files.isRegularFile(sql.resolve("functions/write-message.sql"))) {
            throw new IllegalStateException("store=" + MESSAGE_DB + " skipped: message-db's SQL is not in " + sql
                    + "; run benchmarks/fetch-message-db.sh first (it fetches the npm package @eventide/message-db)");
        }
        String database = StoreUnderTest.newSchemaName() + "_messagedb";
        String url = urlOf(database);
        HikariDataSource dataSource = null;
        try {
            administer("CREATE DATABASE " + database,
                    "ALTER DATABASE " + database + " SET search_path TO message_store, public");
            dataSource = CockroachStoreConfig.of(url).withSchema(database).withPoolSize(connections)
                    .createDataSource();
            install(dataSource, sql);
            return new MessageDbAppender(dataSource, database);
        } catch (Throwable e) {
            // an Error too (a class missing from the jar, say): drop what was made, then rethrow it as it is
            try {
                drop(dataSource, database);
            } catch (SQLException dropFailed) {
                e.addSuppressed(dropFailed);
            }
            throw e;
        }
    }

    @Override
    public void append(String stream, long version) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement write = connection.prepareStatement(WRITE)) {
            write.setString(1, UUID.randomUUID().toString());
            write.setString(2, stream);
            write.setString(3, WriterStreams.EVENT_TYPE);
            write.setString(4, WriterStreams.DATA);
            write.setString(5, WriterStreams.METADATA);
            write.setLong(6, version - 1);
            try (ResultSet position = write.executeQuery()) {
                if (!position.next() || position.getLong(1) != version) {
                    throw new IllegalStateException("write_message did not write " + stream + " at " + version);
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        drop(dataSource, database);
    }

    /** Where the fetch script puts message-db's SQL: {@code message-db/database} beside the benchmark jar. */
    private static Path sqlFolder() {
        try {
            Path jar = Path.of(MessageDbAppender.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.resolveSibling("message-db").resolve("database");
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the benchmark jar", e);
        }
    }

    /** The URL of PostgreSQL ({@link StoreUnderTest#postgresUrl()}) with another database. */
    private static String urlOf(String database) {
        Matcher url = DATABASE_IN_URL.matcher(StoreUnderTest.postgresUrl());
        if (!url.matches()) {
            throw new IllegalArgumentException("the PostgreSQL URL must name a database (jdbc:postgresql://host/db),"
                    + " was " + StoreUnderTest.postgresUrl());
        }
        return url.group(1) + database + url.group(3);
    }

    private static void install(HikariDataSource dataSource, Path sql) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String script : INSTALL_SCRIPTS) {
                statement.execute(Files.readString(sql.resolve(script)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read message-db's SQL in " + sql, e);
        }
    }

    /** Closes the pool, if any, then drops the database (ending any session left in it). */
    private static void drop(HikariDataSource dataSource, String database) throws SQLException {
        if (dataSource != null) {
            dataSource.close();
        }
        administer("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    /** Runs statements outside a transaction in the database of {@link StoreUnderTest#postgresUrl()}. */
    private static void administer(String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(StoreUnderTest.postgresUrl());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
