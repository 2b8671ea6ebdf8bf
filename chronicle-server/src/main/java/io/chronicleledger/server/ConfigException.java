package io.chronicleledger.server;

/** The server's configuration is invalid; the message names the variable or option and what is wrong. */
public final class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param setting the environment variable or option, such as {@code CHRONICLE_LEDGER_PORT}
     * @param problem what is wrong with its value
     */
    public ConfigException(String setting, String problem) {
        super(setting + ": " + problem);
    }

    /**
     * Creates the exception for a setting whose service cannot be used.
     *
     * @param setting the environment variable, such as {@code CHRONICLE_NATS_URL}
     * @param problem what is wrong with the service it names
     * @param cause   the failure that showed it
     */
    public ConfigException(String setting, String problem, Throwable cause) {
        super(setting + ": " + problem, cause);
    }
}
