package io.heliobase.server.auth.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A provider's JWKS endpoint on loopback: publishes the public halves of the given keys and counts fetches. */
final class JwksServer implements AutoCloseable {
    private final HttpServer http;
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();

    private JwksServer(HttpServer http) {
        this.http = http;
    }

    static JwksServer serving(JWK... keys) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            JwksServer server = new JwksServer(http);
            server.publish(keys);
            http.createContext("/keys", exchange -> {
                server.fetches.incrementAndGet();
                byte[] bytes = server.body.get().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            http.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the published keys, as a provider does when it rotates. */
    void publish(JWK... keys) {
        body.set(new JWKSet(List.of(keys)).toString()); // toString publishes public keys only
    }

    int fetches() {
        return fetches.get();
    }

    String url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/keys").toString();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
