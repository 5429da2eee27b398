package dev.photopipe.ingest.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** The HTTP server of ingest: {@code POST /captures} and whatever else is mounted beside it. */
public final class CaptureServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    /**
     * @param host interface to bind; {@code 0.0.0.0} to accept captures from the network
     * @param port TCP port; 0 picks a free one
     */
    public CaptureServer(String host, int port, Handler handler) {
        server = new Server();
        connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler);
    }

    public CaptureServer start() {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the capture endpoint on " + connector.getHost() + ":"
                    + connector.getPort() + ": " + e.getMessage() + ". Is the port in use? Set ingest.http.port.", e);
        }
        return this;
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop the capture endpoint", e);
        }
    }
}
