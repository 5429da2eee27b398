package dev.photopipe.observability;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * One Jetty server on one host and port, serving one handler: the lifecycle every photopipe HTTP
 * endpoint shares (the capture endpoint, the metrics endpoint). A failed start names the address
 * and the setting that moves it.
 */
public final class HttpEndpoint implements AutoCloseable {
    private final String what;
    private final String portSetting;
    private final Server server;
    private final ServerConnector connector;

    /**
     * @param what the endpoint, for messages ("the capture endpoint")
     * @param portSetting the setting that chooses the port, named when it is in use
     * @param host interface to bind; 0.0.0.0 for every interface
     * @param port TCP port; 0 picks a free one ({@link #port()} tells which)
     */
    public HttpEndpoint(String what, String portSetting, String host, int port, Handler handler) {
        this.what = what;
        this.portSetting = portSetting;
        this.server = new Server();
        this.connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler);
    }

    /**
     * @throws EndpointUnavailableException when the address cannot be bound (port in use, no such
     *     interface); the message names the address and the setting to change
     */
    public HttpEndpoint start() {
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // nothing was started
            }
            boolean inUse = e instanceof java.net.BindException || e.getCause() instanceof java.net.BindException;
            throw new EndpointUnavailableException("Cannot serve " + what + " on " + connector.getHost() + ":"
                    + connector.getPort() + (inUse ? ": the port is in use by another program" : ": " + e.getMessage())
                    + ". Set " + portSetting + " to a free port (0 picks one), or stop the other program.", e);
        }
        return this;
    }

    /** An endpoint could not bind its address; the message names it and the setting that moves it. */
    public static final class EndpointUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EndpointUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop " + what, e);
        }
    }
}
