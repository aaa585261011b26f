package io.heliobase.server.auth.oidc;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One configured sign-in provider: the authData key it answers to, the issuers and audiences its tokens must carry,
 * where its keys are published, and which authData fields may hold the id_token.
 */
record ProviderConfig(String name, Set<String> issuers, Set<String> clientIds, URI jwksUrl, List<String> tokenFields) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]");

    ProviderConfig {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("provider name must match [a-z0-9_]+: " + name);
        }
        issuers = Set.copyOf(issuers);
        // no client ids would mean no audience check: any app's token would log in here (GHSA-837q-jhwx-cmpv)
        clientIds = Set.copyOf(clientIds);
        tokenFields = List.copyOf(tokenFields);
        if (issuers.isEmpty() || clientIds.isEmpty() || tokenFields.isEmpty()) {
            throw new IllegalArgumentException(name + ": issuers, client ids and token fields are required");
        }
        requireFetchable(name, jwksUrl);
    }

    /** Keys fetched over plain HTTP could be swapped in transit; only a loopback test server may skip TLS. */
    private static void requireFetchable(String name, URI url) {
        boolean https = url != null && "https".equals(url.getScheme()) && url.getHost() != null;
        boolean loopbackHttp = url != null && "http".equals(url.getScheme()) && LOOPBACK.contains(url.getHost());
        if (!https && !loopbackHttp) {
            throw new IllegalArgumentException(name + ": the JWKS URL must be an https URL: " + url);
        }
    }
}
