package io.heliobase.server.livequery;

import static org.assertj.core.api.Assertions.assertThat;

import io.heliobase.server.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Server pings: a client that answers stays connected; one that never answers is closed after two intervals. */
class HeartbeatIT {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of("HELIOBASE_LIVE_QUERY_PING_INTERVAL", "1"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClientThatAnswersPingsStaysConnected() throws Exception {
        CountDownLatch pings = new CountDownLatch(3);
        CountDownLatch closed = new CountDownLatch(1);
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create(server.url().replaceFirst("^http", "ws")), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
                        pings.countDown();
                        return WebSocket.Listener.super.onPing(webSocket, message); // answers with a pong
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.countDown();
                        return null;
                    }
                }).join();
        try {
            assertThat(pings.await(15, TimeUnit.SECONDS)).as("three pings arrived").isTrue();
            assertThat(closed.getCount()).as("still open after several intervals").isEqualTo(1);
        } finally {
            socket.abort();
        }
    }

    @Test
    void aClientThatNeverAnswersIsClosed() throws Exception {
        URI uri = URI.create(server.url());
        try (Socket raw = new Socket(uri.getHost(), uri.getPort())) {
            raw.setSoTimeout(15_000);
            OutputStream out = raw.getOutputStream();
            out.write(("GET " + uri.getPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            String headers = readHeaders(in);
            assertThat(headers).startsWith("HTTP/1.1 101");
            boolean sawClose = false;
            // read frames, never answering pings, until the server sends a close frame or drops the connection
            while (true) {
                int first = in.read();
                if (first < 0) {
                    break;
                }
                int length = in.read() & 0x7f;
                in.readNBytes(length);
                if ((first & 0x0f) == 0x8) {
                    sawClose = true;
                    break;
                }
            }
            assertThat(sawClose).as("the silent client was closed").isTrue();
        }
    }

    private static String readHeaders(InputStream in) throws Exception {
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            headers.append((char) b);
        }
        return headers.toString();
    }
}
