package io.heliobase.server.settings;

import io.helidon.config.Config;
import io.helidon.config.ConfigException;
import io.helidon.config.ConfigSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads settings from an optional YAML file, overridden by environment variables. Every setting has a YAML key,
 * a HELIOBASE_* variable and, where Parse Server has one, its PARSE_SERVER_* name, so a Parse deployment can switch
 * by changing the image. A bad value fails the start with a message that names the setting.
 */
public final class SettingsLoader {

    /** One setting's names: YAML key, our variable, and Parse Server's variables. */
    record Key(String yaml, String env, String... parseAliases) {
    }

    static final Key HOST = new Key("host", "HELIOBASE_HOST", "PARSE_SERVER_HOST");
    static final Key PORT = new Key("port", "HELIOBASE_PORT", "PARSE_SERVER_PORT", "PORT");
    static final Key MOUNT_PATH = new Key("mount-path", "HELIOBASE_MOUNT_PATH", "PARSE_SERVER_MOUNT_PATH");
    static final Key APP_ID = new Key("app-id", "HELIOBASE_APP_ID", "PARSE_SERVER_APPLICATION_ID");
    static final Key MASTER_KEY = new Key("master-key", "HELIOBASE_MASTER_KEY", "PARSE_SERVER_MASTER_KEY");
    static final Key READ_ONLY_MASTER_KEY = new Key("read-only-master-key", "HELIOBASE_READ_ONLY_MASTER_KEY",
            "PARSE_SERVER_READ_ONLY_MASTER_KEY");
    static final Key JAVASCRIPT_KEY = new Key("javascript-key", "HELIOBASE_JAVASCRIPT_KEY",
            "PARSE_SERVER_JAVASCRIPT_KEY");
    static final Key REST_API_KEY = new Key("rest-api-key", "HELIOBASE_REST_API_KEY", "PARSE_SERVER_REST_API_KEY");
    static final Key CLIENT_KEY = new Key("client-key", "HELIOBASE_CLIENT_KEY", "PARSE_SERVER_CLIENT_KEY");
    static final Key DOTNET_KEY = new Key("dotnet-key", "HELIOBASE_DOTNET_KEY", "PARSE_SERVER_DOT_NET_KEY");
    static final Key DATABASE_URI = new Key("database-uri", "HELIOBASE_DATABASE_URI", "PARSE_SERVER_DATABASE_URI",
            "DATABASE_URI");
    static final Key DATA_DIR = new Key("data-dir", "HELIOBASE_DATA_DIR");
    static final Key ALLOW_CLIENT_CLASS_CREATION = new Key("allow-client-class-creation",
            "HELIOBASE_ALLOW_CLIENT_CLASS_CREATION", "PARSE_SERVER_ALLOW_CLIENT_CLASS_CREATION");
    static final Key MASTER_KEY_IPS = new Key("master-key-ips", "HELIOBASE_MASTER_KEY_IPS",
            "PARSE_SERVER_MASTER_KEY_IPS");
    static final Key MAX_BODY_SIZE = new Key("max-body-size", "HELIOBASE_MAX_BODY_SIZE",
            "PARSE_SERVER_MAX_UPLOAD_SIZE");
    static final Key MAX_JSON_DEPTH = new Key("max-json-depth", "HELIOBASE_MAX_JSON_DEPTH");
    static final Key MAX_LIMIT = new Key("max-limit", "HELIOBASE_MAX_LIMIT", "PARSE_SERVER_MAX_LIMIT");
    static final Key SERVER_URL = new Key("public-server-url", "HELIOBASE_PUBLIC_SERVER_URL",
            "PARSE_PUBLIC_SERVER_URL", "PARSE_SERVER_URL");
    static final Key ALLOW_ORIGIN = new Key("allow-origin", "HELIOBASE_ALLOW_ORIGIN", "PARSE_SERVER_ALLOW_ORIGIN");
    static final Key UPLOAD_PUBLIC = new Key("file-upload.enable-for-public", "HELIOBASE_FILE_UPLOAD_PUBLIC");
    static final Key UPLOAD_ANONYMOUS = new Key("file-upload.enable-for-anonymous-user",
            "HELIOBASE_FILE_UPLOAD_ANONYMOUS");
    static final Key UPLOAD_AUTHENTICATED = new Key("file-upload.enable-for-authenticated-user",
            "HELIOBASE_FILE_UPLOAD_AUTHENTICATED");
    static final Key SESSION_LENGTH = new Key("session-length", "HELIOBASE_SESSION_LENGTH",
            "PARSE_SERVER_SESSION_LENGTH");
    static final Key APP_NAME = new Key("app-name", "HELIOBASE_APP_NAME", "PARSE_SERVER_APP_NAME");
    static final Key VERIFY_USER_EMAILS = new Key("verify-user-emails", "HELIOBASE_VERIFY_USER_EMAILS",
            "PARSE_SERVER_VERIFY_USER_EMAILS");
    static final Key PREVENT_UNVERIFIED_LOGIN = new Key("prevent-login-with-unverified-email",
            "HELIOBASE_PREVENT_LOGIN_WITH_UNVERIFIED_EMAIL", "PARSE_SERVER_PREVENT_LOGIN_WITH_UNVERIFIED_EMAIL");
    static final Key VERIFY_TOKEN_VALIDITY = new Key("email-verify-token-validity-duration",
            "HELIOBASE_EMAIL_VERIFY_TOKEN_VALIDITY_DURATION", "PARSE_SERVER_EMAIL_VERIFY_TOKEN_VALIDITY_DURATION");
    static final Key RESET_TOKEN_VALIDITY = new Key("password-reset-token-validity-duration",
            "HELIOBASE_PASSWORD_RESET_TOKEN_VALIDITY_DURATION");
    static final Key REVOKE_ON_RESET = new Key("revoke-session-on-password-reset",
            "HELIOBASE_REVOKE_SESSION_ON_PASSWORD_RESET", "PARSE_SERVER_REVOKE_SESSION_ON_PASSWORD_RESET");
    static final Key SMTP_HOST = new Key("smtp.host", "HELIOBASE_SMTP_HOST");
    static final Key SMTP_PORT = new Key("smtp.port", "HELIOBASE_SMTP_PORT");
    static final Key SMTP_USERNAME = new Key("smtp.username", "HELIOBASE_SMTP_USERNAME");
    static final Key SMTP_PASSWORD = new Key("smtp.password", "HELIOBASE_SMTP_PASSWORD");
    static final Key SMTP_FROM = new Key("smtp.from", "HELIOBASE_SMTP_FROM");
    static final Key SMTP_STARTTLS = new Key("smtp.starttls", "HELIOBASE_SMTP_STARTTLS");
    static final Key PASSWORD_PATTERN = new Key("password-policy.validator-pattern",
            "HELIOBASE_PASSWORD_POLICY_VALIDATOR_PATTERN", "PARSE_SERVER_PASSWORD_POLICY_VALIDATOR_PATTERN");
    static final Key PASSWORD_MESSAGE = new Key("password-policy.validation-error",
            "HELIOBASE_PASSWORD_POLICY_VALIDATION_ERROR");
    static final Key PASSWORD_NO_USERNAME = new Key("password-policy.do-not-allow-username",
            "HELIOBASE_PASSWORD_POLICY_DO_NOT_ALLOW_USERNAME");
    static final Key PASSWORD_MAX_AGE = new Key("password-policy.max-password-age",
            "HELIOBASE_PASSWORD_POLICY_MAX_PASSWORD_AGE");
    static final Key PASSWORD_HISTORY = new Key("password-policy.max-password-history",
            "HELIOBASE_PASSWORD_POLICY_MAX_PASSWORD_HISTORY");
    static final Key LOCKOUT_THRESHOLD = new Key("account-lockout.threshold", "HELIOBASE_ACCOUNT_LOCKOUT_THRESHOLD");
    static final Key LOCKOUT_DURATION = new Key("account-lockout.duration", "HELIOBASE_ACCOUNT_LOCKOUT_DURATION");
    static final Key LOCKOUT_UNLOCK_ON_RESET = new Key("account-lockout.unlock-on-password-reset",
            "HELIOBASE_ACCOUNT_LOCKOUT_UNLOCK_ON_PASSWORD_RESET");
    static final Key EXTEND_SESSION = new Key("extend-session-on-use", "HELIOBASE_EXTEND_SESSION_ON_USE",
            "PARSE_SERVER_EXTEND_SESSION_ON_USE");
    static final Key EXPIRE_INACTIVE = new Key("expire-inactive-sessions", "HELIOBASE_EXPIRE_INACTIVE_SESSIONS",
            "PARSE_SERVER_EXPIRE_INACTIVE_SESSIONS");
    static final Key LIVE_QUERY_CLASSES = new Key("live-query.classes", "HELIOBASE_LIVE_QUERY_CLASSES",
            "PARSE_SERVER_LIVE_QUERY_CLASSNAMES");
    static final Key LIVE_QUERY_MAX_MESSAGE = new Key("live-query.max-message-size",
            "HELIOBASE_LIVE_QUERY_MAX_MESSAGE_SIZE");
    static final Key LIVE_QUERY_QUEUE = new Key("live-query.outbound-queue-size", "HELIOBASE_LIVE_QUERY_QUEUE_SIZE");
    static final Key LIVE_QUERY_MAX_SUBSCRIPTIONS = new Key("live-query.max-subscriptions",
            "HELIOBASE_LIVE_QUERY_MAX_SUBSCRIPTIONS");
    static final Key LIVE_QUERY_RETENTION = new Key("live-query.retention-seconds", "HELIOBASE_LIVE_QUERY_RETENTION");
    static final Key LIVE_QUERY_RETAINED_EVENTS = new Key("live-query.retained-events",
            "HELIOBASE_LIVE_QUERY_RETAINED_EVENTS");
    static final Key LIVE_QUERY_PING = new Key("live-query.ping-interval-seconds", "HELIOBASE_LIVE_QUERY_PING_INTERVAL");
    static final Key CLOUD = new Key("cloud", "HELIOBASE_CLOUD", "PARSE_SERVER_CLOUD");
    static final Key CLOUD_FUNCTION_TIMEOUT = new Key("cloud-function-timeout-ms", "HELIOBASE_CLOUD_FUNCTION_TIMEOUT");
    static final Key CLOUD_JOB_TIMEOUT = new Key("cloud-job-timeout-seconds", "HELIOBASE_CLOUD_JOB_TIMEOUT");
    static final Key CLOUD_WATCH = new Key("cloud-watch", "HELIOBASE_CLOUD_WATCH");
    static final Key PII_PHONE_REGION = new Key("pii.phone-region", "HELIOBASE_PII_PHONE_REGION");
    static final Key PII_HASH_KEY = new Key("pii.hash-key", "HELIOBASE_PII_HASH_KEY");
    static final Key PII_ENCRYPTION_KEY = new Key("pii.encryption-key", "HELIOBASE_PII_ENCRYPTION_KEY");
    static final Key PRESIDIO_URL = new Key("presidio.analyzer-url", "HELIOBASE_PRESIDIO_ANALYZER_URL");
    static final Key PRESIDIO_TIMEOUT = new Key("presidio.timeout-ms", "HELIOBASE_PRESIDIO_TIMEOUT");
    static final Key PRESIDIO_FAIL = new Key("presidio.fail", "HELIOBASE_PRESIDIO_FAIL");
    static final Key PRESIDIO_SCORE = new Key("presidio.score-threshold", "HELIOBASE_PRESIDIO_SCORE");
    static final Key RETENTION_CRON = new Key("retention-cron", "HELIOBASE_RETENTION_CRON");
    static final Key WEBHOOK_KEY = new Key("webhook-key", "HELIOBASE_WEBHOOK_KEY", "PARSE_SERVER_WEBHOOK_KEY");
    static final Key CLOUD_FETCH_ALLOW = new Key("cloud-fetch-allow", "HELIOBASE_CLOUD_FETCH_ALLOW");
    static final Key CLOUD_FETCH_TIMEOUT = new Key("cloud-fetch-timeout-ms", "HELIOBASE_CLOUD_FETCH_TIMEOUT");
    static final Key RATE_LIMITS = new Key("rate-limits", "HELIOBASE_RATE_LIMITS", "PARSE_SERVER_RATE_LIMIT");
    static final Key REDIS_URI = new Key("redis-uri", "HELIOBASE_REDIS_URI", "PARSE_SERVER_REDIS_URL");
    static final Key MAX_UPLOAD_SIZE = new Key("file-upload.max-upload-size", "HELIOBASE_MAX_UPLOAD_SIZE");

    private final Map<String, String> yaml;
    private final Map<String, String> env;

    private SettingsLoader(Map<String, String> yaml, Map<String, String> env) {
        this.yaml = yaml;
        this.env = env;
    }

    /** Loads settings; {@code configFile} may be null. Throws {@link SettingsException} naming the bad setting. */
    public static Settings load(Path configFile, Map<String, String> env) {
        return new SettingsLoader(readYaml(configFile), env).build();
    }

    private static Map<String, String> readYaml(Path file) {
        if (file == null) {
            return Map.of();
        }
        if (!Files.isRegularFile(file)) {
            throw new SettingsException("--config: file not found: " + file);
        }
        try {
            Config config = Config.just(ConfigSources.file(file).build());
            Map<String, String> flat = new HashMap<>(config.asMap().orElse(Map.of()));
            // allow both a flat file and one nested under "heliobase:"
            Map<String, String> result = new HashMap<>();
            flat.forEach((k, v) -> result.put(k.startsWith("heliobase.") ? k.substring("heliobase.".length()) : k, v));
            return result;
        } catch (ConfigException e) {
            throw new SettingsException("--config: cannot read " + file + ": " + e.getMessage());
        }
    }

    private Optional<String> raw(Key key) {
        String value = env.get(key.env());
        for (int i = 0; value == null && i < key.parseAliases().length; i++) {
            value = env.get(key.parseAliases()[i]);
        }
        if (value == null) {
            value = yaml.get(key.yaml());
        }
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static String name(Key key) {
        return key.env() + " (" + key.yaml() + ")";
    }

    private Settings build() {
        String mountPath = raw(MOUNT_PATH).orElse("/parse");
        if (!mountPath.matches("^/[A-Za-z0-9_\\-/]*$")) {
            throw new SettingsException(name(MOUNT_PATH) + ": must start with '/' and hold only letters, digits,"
                    + " '-', '_' and '/', got '" + mountPath + "'");
        }
        mountPath = mountPath.length() > 1 && mountPath.endsWith("/") ? mountPath.substring(0, mountPath.length() - 1)
                : mountPath;
        Optional<String> databaseUri = raw(DATABASE_URI);
        databaseUri.ifPresent(uri -> {
            if (!uri.startsWith("mongodb://") && !uri.startsWith("mongodb+srv://")) {
                throw new SettingsException(name(DATABASE_URI) + ": must be a mongodb:// or mongodb+srv:// URI");
            }
        });
        List<String> clientKeys = new ArrayList<>();
        for (Key key : new Key[] {JAVASCRIPT_KEY, REST_API_KEY, CLIENT_KEY, DOTNET_KEY}) {
            raw(key).ifPresent(clientKeys::add);
        }
        String appId = raw(APP_ID).orElse("heliobase");
        Optional<String> masterKey = raw(MASTER_KEY);
        masterKey.ifPresent(k -> {
            if (k.equals(appId)) {
                throw new SettingsException(name(MASTER_KEY) + ": must differ from the application id");
            }
        });
        long maxBody = size(MAX_BODY_SIZE, "20mb");
        return new Settings(
                raw(HOST).orElse("0.0.0.0"),
                integer(PORT, 1337, 0, 65_535),
                mountPath,
                appId,
                masterKey,
                raw(READ_ONLY_MASTER_KEY),
                clientKeys,
                databaseUri,
                Path.of(raw(DATA_DIR).orElse("data")),
                bool(ALLOW_CLIENT_CLASS_CREATION, false),
                ips(raw(MASTER_KEY_IPS).orElse("127.0.0.1,::1")),
                maxBody,
                integer(MAX_JSON_DEPTH, 64, 8, 1_000),
                integer(MAX_LIMIT, 1_000, 1, 100_000),
                raw(SERVER_URL).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u),
                raw(ALLOW_ORIGIN).orElse("*"),
                new Settings.FileUploadSettings(bool(UPLOAD_PUBLIC, false), bool(UPLOAD_ANONYMOUS, false),
                        bool(UPLOAD_AUTHENTICATED, true), size(MAX_UPLOAD_SIZE, "20mb"),
                        List.of("html", "htm", "shtml", "xhtml", "svg", "js", "mjs", "php", "xml")),
                java.time.Duration.ofSeconds(integer(SESSION_LENGTH, 31_536_000, 60, Integer.MAX_VALUE)),
                email(appId),
                authProviderKeys(),
                accountPolicy(),
                liveQuery(),
                rateLimits(),
                new Settings.CloudSettings(cloudMain(),
                        java.time.Duration.ofMillis(integer(CLOUD_FUNCTION_TIMEOUT, 5_000, 10, 600_000)),
                        java.time.Duration.ofSeconds(integer(CLOUD_JOB_TIMEOUT, 900, 1, 86_400)),
                        java.util.Arrays.stream(raw(CLOUD_FETCH_ALLOW).orElse("").split(",")).map(String::trim)
                                .filter(h -> !h.isEmpty()).toList(),
                        java.time.Duration.ofMillis(integer(CLOUD_FETCH_TIMEOUT, 10_000, 100, 120_000)),
                        raw(WEBHOOK_KEY), bool(CLOUD_WATCH, false)),
                privacy());
    }

    private Settings.PrivacySettings privacy() {
        String region = raw(PII_PHONE_REGION).orElse("US").toUpperCase(java.util.Locale.ROOT);
        if (!com.google.i18n.phonenumbers.PhoneNumberUtil.getInstance().getSupportedRegions().contains(region)) {
            throw new SettingsException(PII_PHONE_REGION.env() + " must be a region code such as US, GB or DE, not "
                    + region);
        }
        Optional<byte[]> key = raw(PII_ENCRYPTION_KEY).map(text -> {
            byte[] bytes;
            try {
                bytes = java.util.Base64.getDecoder().decode(text.trim());
            } catch (IllegalArgumentException e) {
                throw new SettingsException(PII_ENCRYPTION_KEY.env() + " must be base64");
            }
            if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
                throw new SettingsException(PII_ENCRYPTION_KEY.env() + " must hold 16, 24 or 32 bytes (AES), not "
                        + bytes.length);
            }
            return bytes;
        });
        String retention = raw(RETENTION_CRON).orElse("0 17 * * * ?");
        if (!org.quartz.CronExpression.isValidExpression(retention)) {
            throw new SettingsException(RETENTION_CRON.env() + " must be a Quartz cron expression (seconds first),"
                    + " not " + retention);
        }
        String fail = raw(PRESIDIO_FAIL).orElse("closed");
        if (!fail.equals("open") && !fail.equals("closed")) {
            throw new SettingsException(PRESIDIO_FAIL.env() + " is open (write without Presidio when it fails) or"
                    + " closed (refuse the write), not " + fail);
        }
        double score;
        try {
            score = Double.parseDouble(raw(PRESIDIO_SCORE).orElse("0.5"));
        } catch (NumberFormatException e) {
            throw new SettingsException(PRESIDIO_SCORE.env() + " must be a number from 0 to 1");
        }
        if (score < 0 || score > 1) {
            throw new SettingsException(PRESIDIO_SCORE.env() + " must be a number from 0 to 1");
        }
        raw(PRESIDIO_URL).ifPresent(url -> {
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new SettingsException(PRESIDIO_URL.env() + " must be an http(s) URL, not " + url);
            }
        });
        return new Settings.PrivacySettings(region, raw(PII_HASH_KEY), key, retention, raw(PRESIDIO_URL),
                java.time.Duration.ofMillis(integer(PRESIDIO_TIMEOUT, 2_000, 50, 60_000)), fail.equals("open"), score);
    }

    private Optional<Path> cloudMain() {
        Optional<Path> main = raw(CLOUD).map(Path::of);
        main.ifPresent(p -> {
            if (!Files.isRegularFile(p)) {
                throw new SettingsException(name(CLOUD) + ": no such file: " + p);
            }
        });
        return main;
    }

    private String rateLimits() {
        String json = raw(RATE_LIMITS).orElse("");
        try {
            io.heliobase.server.ratelimit.RateLimiter.fromJson(json);
        } catch (RuntimeException e) {
            throw new SettingsException(name(RATE_LIMITS) + ": " + e.getMessage());
        }
        return json;
    }

    private Settings.LiveQuerySettings liveQuery() {
        java.util.Set<String> classes = new java.util.LinkedHashSet<>();
        for (String name : raw(LIVE_QUERY_CLASSES).orElse("").split(",")) {
            String trimmed = name.trim().replace("[\"", "").replace("\"]", "").replace("\"", "");
            if (!trimmed.isEmpty() && !trimmed.equals("*")) {
                if (!trimmed.matches("^_?[A-Za-z][A-Za-z0-9_]*$")) {
                    throw new SettingsException(name(LIVE_QUERY_CLASSES) + ": not a class name: '" + trimmed + "'");
                }
                classes.add(trimmed);
            }
        }
        return new Settings.LiveQuerySettings(classes, (int) size(LIVE_QUERY_MAX_MESSAGE, "64kb"),
                integer(LIVE_QUERY_QUEUE, 1_000, 10, 1_000_000), integer(LIVE_QUERY_MAX_SUBSCRIPTIONS, 100, 1, 100_000),
                redisUri(), java.time.Duration.ofSeconds(integer(LIVE_QUERY_RETENTION, 300, 0, 86_400)),
                integer(LIVE_QUERY_RETAINED_EVENTS, 10_000, 0, 10_000_000),
                java.time.Duration.ofSeconds(integer(LIVE_QUERY_PING, 30, 1, 3_600)));
    }

    private Optional<String> redisUri() {
        Optional<String> uri = raw(REDIS_URI);
        uri.ifPresent(u -> {
            if (!u.startsWith("redis://") && !u.startsWith("rediss://")) {
                throw new SettingsException(name(REDIS_URI) + ": must be a redis:// or rediss:// URI");
            }
        });
        return uri;
    }

    private Settings.AccountPolicy accountPolicy() {
        Optional<java.util.regex.Pattern> pattern = raw(PASSWORD_PATTERN).map(p -> {
            try {
                return java.util.regex.Pattern.compile(p);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new SettingsException(name(PASSWORD_PATTERN) + ": not a valid regular expression: "
                        + e.getDescription());
            }
        });
        return new Settings.AccountPolicy(pattern,
                raw(PASSWORD_MESSAGE).orElse("Password does not meet the Password Policy requirements."),
                bool(PASSWORD_NO_USERNAME, false), integer(PASSWORD_MAX_AGE, 0, 0, 36_500),
                integer(PASSWORD_HISTORY, 0, 0, 20), integer(LOCKOUT_THRESHOLD, 0, 0, 1_000),
                integer(LOCKOUT_DURATION, 5, 1, 100_000), bool(LOCKOUT_UNLOCK_ON_RESET, false),
                bool(EXTEND_SESSION, false), bool(EXPIRE_INACTIVE, true));
    }

    /** The HELIOBASE_AUTH_* variables (third-party login providers), checked when the server builds them. */
    private Map<String, String> authProviderKeys() {
        Map<String, String> keys = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("HELIOBASE_AUTH_")) {
                keys.put(k, v);
            }
        });
        return keys;
    }

    private Settings.EmailSettings email(String appId) {
        Optional<String> host = raw(SMTP_HOST);
        String from = raw(SMTP_FROM).orElse("no-reply@" + host.orElse("localhost"));
        if (!from.contains("@")) {
            throw new SettingsException(name(SMTP_FROM) + ": must be an email address, got '" + from + "'");
        }
        return new Settings.EmailSettings(raw(APP_NAME).orElse(appId), bool(VERIFY_USER_EMAILS, false),
                bool(PREVENT_UNVERIFIED_LOGIN, false),
                java.time.Duration.ofSeconds(integer(VERIFY_TOKEN_VALIDITY, 86_400, 60, Integer.MAX_VALUE)),
                java.time.Duration.ofSeconds(integer(RESET_TOKEN_VALIDITY, 3_600, 60, Integer.MAX_VALUE)),
                bool(REVOKE_ON_RESET, true), host, integer(SMTP_PORT, 587, 1, 65_535), raw(SMTP_USERNAME),
                raw(SMTP_PASSWORD), from, bool(SMTP_STARTTLS, true));
    }

    private int integer(Key key, int fallback, int min, int max) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.get());
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new SettingsException(name(key) + ": must be an integer from " + min + " to " + max + ", got '"
                    + value.get() + "'");
        }
    }

    private boolean bool(Key key, boolean fallback) {
        Optional<String> value = raw(key);
        if (value.isEmpty()) {
            return fallback;
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new SettingsException(name(key) + ": must be true or false, got '" + value.get() + "'");
        };
    }

    private long size(Key key, String fallback) {
        String value = raw(key).orElse(fallback).toLowerCase(Locale.ROOT);
        try {
            long multiplier = 1;
            String number = value;
            if (value.endsWith("kb")) {
                multiplier = 1024;
                number = value.substring(0, value.length() - 2);
            } else if (value.endsWith("mb")) {
                multiplier = 1024 * 1024;
                number = value.substring(0, value.length() - 2);
            } else if (value.endsWith("b")) {
                number = value.substring(0, value.length() - 1);
            }
            long bytes = Long.parseLong(number.trim()) * multiplier;
            if (bytes <= 0 || bytes > 1024L * 1024 * 1024) {
                throw new NumberFormatException();
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new SettingsException(name(key) + ": must be a size such as 512kb or 20mb (at most 1024mb), got '"
                    + value + "'");
        }
    }

    private List<IpRange> ips(String csv) {
        List<IpRange> ranges = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            try {
                ranges.add(IpRange.parse(part));
            } catch (IllegalArgumentException e) {
                throw new SettingsException(name(MASTER_KEY_IPS) + ": " + e.getMessage());
            }
        }
        return ranges;
    }
}
