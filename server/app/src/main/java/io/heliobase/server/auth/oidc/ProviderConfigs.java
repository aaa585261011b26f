package io.heliobase.server.auth.oidc;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads the providers from environment-style keys. A provider without client ids stays off, because its audience could
 * not be checked; a misspelt or half-set provider key fails startup instead of silently turning a provider off.
 */
final class ProviderConfigs {
    private static final System.Logger LOG = System.getLogger(ProviderConfigs.class.getName());
    static final String APPLE_ISSUER = "https://appleid.apple.com";
    static final URI APPLE_JWKS = URI.create("https://appleid.apple.com/auth/keys");
    static final Set<String> GOOGLE_ISSUERS = Set.of("https://accounts.google.com", "accounts.google.com");
    static final URI GOOGLE_JWKS = URI.create("https://www.googleapis.com/oauth2/v3/certs");

    private static final String APPLE = "HELIOBASE_AUTH_APPLE_";
    private static final String GOOGLE = "HELIOBASE_AUTH_GOOGLE_";
    private static final String OIDC = "HELIOBASE_AUTH_OIDC_";
    private static final String CLIENT_IDS = "CLIENT_IDS";
    private static final String JWKS_URL = "JWKS_URL";
    private static final String ISSUER = "ISSUER";
    /** Parse's Apple and Google adapters read the JWT from "token" too, so the SDKs may send either name. */
    private static final List<String> SDK_TOKEN_FIELDS = List.of("id_token", "token");
    private static final Set<String> RESERVED = Set.of("apple", "google", "anonymous");

    private ProviderConfigs() {
    }

    static List<ProviderConfig> fromEnv(Map<String, String> env) {
        List<ProviderConfig> providers = new ArrayList<>();
        builtIn(env, "apple", APPLE, Set.of(APPLE_ISSUER), APPLE_JWKS).ifPresent(providers::add);
        builtIn(env, "google", GOOGLE, GOOGLE_ISSUERS, GOOGLE_JWKS).ifPresent(providers::add);
        for (String name : genericNames(env)) {
            generic(env, name).ifPresent(providers::add);
        }
        return List.copyOf(providers);
    }

    private static Optional<ProviderConfig> builtIn(Map<String, String> env, String name, String prefix,
            Set<String> issuers, URI jwks) {
        rejectUnknownKeys(env, prefix, Set.of(CLIENT_IDS, JWKS_URL));
        Set<String> clientIds = clientIds(env, prefix);
        if (clientIds.isEmpty()) {
            return Optional.empty();
        }
        URI url = value(env, prefix + JWKS_URL).map(u -> uri(prefix + JWKS_URL, u)).orElse(jwks);
        return Optional.of(new ProviderConfig(name, issuers, clientIds, url, SDK_TOKEN_FIELDS));
    }

    private static Optional<ProviderConfig> generic(Map<String, String> env, String name) {
        String prefix = OIDC + name + "_";
        Set<String> clientIds = clientIds(env, prefix);
        if (clientIds.isEmpty()) {
            return Optional.empty();
        }
        String issuer = value(env, prefix + ISSUER)
                .orElseThrow(() -> new IllegalArgumentException(prefix + ISSUER + " is required"));
        URI url = value(env, prefix + JWKS_URL).map(u -> uri(prefix + JWKS_URL, u))
                .orElseThrow(() -> new IllegalArgumentException(prefix + JWKS_URL + " is required"));
        String provider = name.toLowerCase(Locale.ROOT);
        if (RESERVED.contains(provider)) {
            throw new IllegalArgumentException(prefix + "*: the provider name " + provider + " is reserved");
        }
        return Optional.of(new ProviderConfig(provider, Set.of(issuer), clientIds, url, List.of("id_token")));
    }

    /** NAME in HELIOBASE_AUTH_OIDC_NAME_SUFFIX; NAME may itself contain underscores. */
    private static Set<String> genericNames(Map<String, String> env) {
        Set<String> names = new TreeSet<>();
        for (String key : env.keySet()) {
            if (!key.startsWith(OIDC)) {
                continue;
            }
            String rest = key.substring(OIDC.length());
            String suffix = List.of(ISSUER, CLIENT_IDS, JWKS_URL).stream().filter(s -> rest.endsWith("_" + s))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown setting " + key));
            String name = rest.substring(0, rest.length() - suffix.length() - 1);
            if (!name.matches("[A-Z0-9_]+")) {
                throw new IllegalArgumentException(key + ": the provider name must be upper-case letters and digits");
            }
            names.add(name);
        }
        return names;
    }

    private static void rejectUnknownKeys(Map<String, String> env, String prefix, Set<String> known) {
        for (String key : env.keySet()) {
            if (key.startsWith(prefix) && !known.contains(key.substring(prefix.length()))) {
                throw new IllegalArgumentException("unknown setting " + key);
            }
        }
    }

    private static Optional<String> value(Map<String, String> env, String key) {
        return Optional.ofNullable(env.get(key)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Empty when unset; a provider that has other keys but no client ids is reported, since it stays off. */
    private static Set<String> clientIds(Map<String, String> env, String prefix) {
        Set<String> ids = value(env, prefix + CLIENT_IDS).stream().flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::strip).filter(v -> !v.isEmpty()).collect(Collectors.toUnmodifiableSet());
        if (ids.isEmpty() && env.keySet().stream().anyMatch(k -> k.startsWith(prefix))) {
            LOG.log(System.Logger.Level.WARNING, prefix + CLIENT_IDS + " is not set: that sign-in provider stays off");
        }
        return ids;
    }

    private static URI uri(String key, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not a URL: " + value, e);
        }
    }
}
