package io.chronicleledger.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the plans PostgreSQL makes for an adapter's statements: {@code EXPLAIN (FORMAT JSON)} of the very SQL
 * text the adapter runs, with its parameters bound, must have no {@code Seq Scan} node anywhere in its plan
 * tree. Leave the planner alone (no {@code enable_seqscan = off}) and fill and analyze the tables first, so
 * that its choice is the real one.
 */
public final class QueryPlans {

    private static final ObjectMapper JSON = new ObjectMapper();

    private QueryPlans() {
    }

    /** Binds the parameters of a statement to explain. */
    @FunctionalInterface
    public interface Binder {
        /**
         * Binds the parameters.
         *
         * @param connection the statement's connection, to create arrays on
         * @param statement  the {@code EXPLAIN} statement, whose parameters are the explained statement's
         * @throws SQLException when a parameter cannot be bound
         */
        void bind(Connection connection, PreparedStatement statement) throws SQLException;
    }

    /**
     * Explains a statement with its parameters bound, prints the plan's nodes, and fails when one of them is a
     * sequential scan.
     *
     * @param dataSource the database
     * @param query      what the statement does, for the messages
     * @param sql        the statement
     * @param binder     binds its parameters
     */
    public static void assertNoSeqScan(DataSource dataSource, String query, String sql, Binder binder) {
        String plan;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement explain = connection.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
            binder.bind(connection, explain);
            try (ResultSet rows = explain.executeQuery()) {
                assertThat(rows.next()).as("a plan of %s", query).isTrue();
                plan = rows.getString(1);
            }
        } catch (SQLException e) {
            throw new AssertionError("cannot explain " + query + ": " + sql, e);
        }
        assertNoSeqScan(query, sql, plan);
    }

    /**
     * Fails when a plan has a sequential scan, and prints the plan's nodes.
     *
     * @param query what the statement does, for the messages
     * @param sql   the statement
     * @param plan  the output of {@code EXPLAIN (FORMAT JSON)} of the statement
     */
    public static void assertNoSeqScan(String query, String sql, String plan) {
        List<String> nodes = new ArrayList<>();
        List<String> seqScans = new ArrayList<>();
        try {
            for (JsonNode root : JSON.readTree(plan)) {
                walk(root.get("Plan"), nodes, seqScans);
            }
        } catch (IOException e) {
            throw new AssertionError("unreadable plan of " + query + ": " + plan, e);
        }
        System.out.println("[plan] " + query + ": " + String.join(" > ", nodes));
        assertThat(nodes).as("the plan of %s", query).isNotEmpty();
        assertThat(seqScans).as("sequential scans in the plan of %s (%s); plan:%n%s", query, sql, plan).isEmpty();
    }

    private static void walk(JsonNode node, List<String> nodes, List<String> seqScans) {
        if (node == null) {
            return;
        }
        String type = node.path("Node Type").asText();
        String described = type + ("Backward".equals(node.path("Scan Direction").asText()) ? " Backward" : "")
                + (node.has("Index Name") ? " using " + node.get("Index Name").asText() : "")
                + (node.has("Relation Name") && !node.has("Index Name") ? " on " + node.get("Relation Name").asText()
                : "");
        nodes.add(described);
        if ("Seq Scan".equals(type)) {
            seqScans.add(described);
        }
        for (JsonNode child : node.path("Plans")) {
            walk(child, nodes, seqScans);
        }
    }
}
