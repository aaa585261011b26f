package io.heliobase.livequery.protocol;

/**
 * A client message that cannot be accepted. {@link #code()} is Parse's LiveQuery error code (1 for a message that
 * fails the request schema, is not JSON or is too large); the message is safe to send back to the client.
 */
public final class LiveQueryProtocolException extends RuntimeException {
    private final int code;

    public LiveQueryProtocolException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The error Parse sends for a schema failure: {@code reconnect} true and no request id. */
    public ServerMessage.Error toError() {
        return new ServerMessage.Error(code, getMessage(), true, null);
    }
}
