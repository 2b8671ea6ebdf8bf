package io.chronicleledger.server.bank;

import com.fasterxml.jackson.databind.JsonNode;

/** What a client learned of a command, after its retries. */
sealed interface Outcome {

    /** How many times the command was sent. */
    int attempts();

    /** Recorded: the Ledger API answered 2xx with this body. */
    record Acked(JsonNode body, int attempts) implements Outcome {
    }

    /** Refused with a 4xx and this error code: nothing may be recorded for it. */
    record Refused(int status, String code, int attempts) implements Outcome {
    }

    /** No answer before the client gave up: the command may or may not be recorded. */
    record Indeterminate(String lastError, int attempts) implements Outcome {
    }
}
