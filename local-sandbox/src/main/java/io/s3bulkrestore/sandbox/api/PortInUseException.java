package io.s3bulkrestore.sandbox.api;

/** The local API could not bind its port because something else listens there. */
public final class PortInUseException extends IllegalStateException {

    private final int port;

    PortInUseException(int port, Throwable cause) {
        super("port " + port + " is in use: pass --api-port 0 for a free one", cause);
        this.port = port;
    }

    public int port() {
        return port;
    }
}
