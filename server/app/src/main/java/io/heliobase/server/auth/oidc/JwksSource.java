package io.heliobase.server.auth.oidc;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;

/**
 * Builds one provider's key source: cached with refresh-ahead, refetched once on an unknown key id, rate-limited,
 * retried once on a network error, and tolerant of short provider outages. It fetches only the configured URL: nimbus
 * never follows a token's {@code jku}/{@code x5u} headers, and redirects are not followed either.
 */
final class JwksSource {
    private JwksSource() {
    }

    static JWKSource<SignIn> remote(URI jwksUrl, JwksSettings settings) {
        return JWKSourceBuilder.<SignIn>create(url(jwksUrl), new ConfiguredUrlOnly(settings))
                .cache(settings.cacheTtl().toMillis(), settings.refreshWait().toMillis())
                .refreshAheadCache(JwksSettings.REFRESH_AHEAD.toMillis(), false)
                .rateLimited(JwksSettings.RATE_LIMIT_INTERVAL.toMillis())
                .retrying(true)
                .outageTolerant(JwksSettings.OUTAGE_TTL.toMillis())
                .build();
    }

    private static URL url(URI uri) {
        try {
            return uri.toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a JWKS URL: " + uri, e);
        }
    }

    /** Timeouts and a size limit on every fetch; a 3xx is a failure, so a redirect cannot send us elsewhere. */
    private static final class ConfiguredUrlOnly extends DefaultResourceRetriever {
        ConfiguredUrlOnly(JwksSettings settings) {
            super((int) settings.connectTimeout().toMillis(), (int) settings.readTimeout().toMillis(),
                    settings.sizeLimitBytes());
        }

        @Override
        protected HttpURLConnection openHTTPConnection(URL url) throws IOException {
            HttpURLConnection connection = super.openHTTPConnection(url);
            connection.setInstanceFollowRedirects(false);
            return connection;
        }

        @Override
        protected URLConnection openFileConnection(URL url) throws IOException {
            throw new IOException("file URLs are not JWKS URLs");
        }
    }
}
