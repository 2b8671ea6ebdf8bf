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
}
