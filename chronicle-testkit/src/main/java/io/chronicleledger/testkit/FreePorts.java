package io.chronicleledger.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Free TCP ports on the loopback interface, for the servers a test starts. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * Returns distinct free ports. Their sockets are all open while they are chosen: a port closed before the next
     * is asked for may be handed out again.
     *
     * @param count how many
     * @return the ports
     * @throws IOException when the system has none to give
     */
    public static int[] take(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
