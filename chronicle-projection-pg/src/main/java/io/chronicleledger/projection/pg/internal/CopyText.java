package io.chronicleledger.projection.pg.internal;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows for PostgreSQL's {@code COPY … FROM STDIN} in its text format: fields separated by tabs, rows ended by a
 * newline, {@code \N} for null, and backslash, tab, newline and carriage return escaped in values.
 */
final class CopyText {

    private final StringBuilder text = new StringBuilder(64 * 1024);
    private boolean rowStarted;
    private long rows;

    /**
     * Adds a field to the current row.
     *
     * @param value a String, escaped as needed; a Long; or {@code null}, SQL null
     */
    void field(Object value) {
        separate();
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof Long number) {
            text.append(number.longValue());
        } else {
            escape((String) value);
        }
    }

    private void escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    /** Ends the current row. */
    void endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
    }

    /**
     * Sends the rows with a {@code COPY} statement, unless there are none, and empties this buffer.
     *
     * @param connection a connection to PostgreSQL (a pool's proxy of one is fine)
     * @param copySql    {@code COPY table (columns) FROM STDIN}
     * @throws SQLException when the database refuses the rows
     */
    void copy(Connection connection, String copySql) throws SQLException {
        if (rows == 0) {
            return;
        }
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql, new StringReader(text.toString()));
        } catch (IOException e) {
            throw new SQLException("cannot send rows to " + copySql + ": " + e.getMessage(), e);
        }
        text.setLength(0);
        rows = 0;
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
