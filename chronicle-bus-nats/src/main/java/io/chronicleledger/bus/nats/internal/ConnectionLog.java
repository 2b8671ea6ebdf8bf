package io.chronicleledger.bus.nats.internal;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs the changes of state of the bus's NATS connection: lost, reconnected, closed. */
public final class ConnectionLog implements ConnectionListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLog.class);

    /** Creates the listener. */
    public ConnectionLog() {
    }

    /**
     * Required by the interface, which no longer calls it: jnats calls the four-argument form.
     *
     * @param connection the connection
     * @param event      what happened
     */
    @Override
    @SuppressWarnings("deprecation") // the abstract method jnats keeps for compatibility; it calls the other one
    public void connectionEvent(Connection connection, Events event) {
        connectionEvent(connection, event, null, null);
    }

    @Override
    public void connectionEvent(Connection connection, Events event, Long time, String uriDetails) {
        String server = withoutUserInfo(connection.getConnectedUrl());
        switch (event) {
            case CONNECTED -> LOG.info("connected to NATS at {}", server);
            case DISCONNECTED -> LOG.warn("lost the connection to NATS; reconnecting (appends still commit, and the "
                    + "outbox keeps their events until NATS is back)");
            case RECONNECTED -> LOG.info("reconnected to NATS at {}", server);
            case RESUBSCRIBED -> LOG.info("subscriptions resumed on NATS at {}", server);
            case CLOSED -> LOG.info("NATS connection closed");
            case LAME_DUCK -> LOG.warn("NATS server {} is shutting down (lame duck mode)", server);
            default -> LOG.debug("NATS connection event {}", event);
        }
    }

    /** jnats gives the server's URL as configured, with any user, password or token in it: the log shows none. */
    private static String withoutUserInfo(String url) {
        return url == null ? null : url.replaceAll("//[^/@]*@", "//");
    }
}
