package io.heliobase.server.settings;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Everything the server is configured with, read once at start (see {@link SettingsLoader}). */
public record Settings(
        String host,
        int port,
        String mountPath,
        String appId,
        Optional<String> masterKey,
        Optional<String> readOnlyMasterKey,
        List<String> clientKeys,
        Optional<String> databaseUri,
        Path dataDir,
        boolean allowClientClassCreation,
        List<IpRange> masterKeyIps,
        long maxBodySize,
        int maxJsonDepth,
        int maxLimit,
        Optional<String> publicServerUrl,
        String allowOrigin,
        FileUploadSettings fileUpload,
        java.time.Duration sessionLength,
        EmailSettings email,
        java.util.Map<String, String> authProviders,
        AccountPolicy accountPolicy,
        LiveQuerySettings liveQuery,
        String rateLimits,
        CloudSettings cloud,
        PrivacySettings privacy) {

    public Settings {
        clientKeys = List.copyOf(clientKeys);
        masterKeyIps = List.copyOf(masterKeyIps);
        authProviders = java.util.Map.copyOf(authProviders);
    }

    /** Parse's fileUpload options: who may upload, and which file extensions are accepted. */
    public record FileUploadSettings(boolean enableForPublic, boolean enableForAnonymousUser,
                                     boolean enableForAuthenticatedUser, long maxUploadSize,
                                     List<String> deniedExtensions) {
        public FileUploadSettings {
            deniedExtensions = List.copyOf(deniedExtensions);
        }
    }

    /**
     * Email verification and password reset, as Parse Server's options of the same names. Without an SMTP host,
     * emails are written to the log (development).
     */
    public record EmailSettings(String appName, boolean verifyUserEmails, boolean preventLoginWithUnverifiedEmail,
                                java.time.Duration verifyTokenValidity, java.time.Duration resetTokenValidity,
                                boolean revokeSessionOnPasswordReset, java.util.Optional<String> smtpHost,
                                int smtpPort, java.util.Optional<String> smtpUsername,
                                java.util.Optional<String> smtpPassword, String fromAddress, boolean smtpStartTls) {
    }

    /**
     * Parse's passwordPolicy and accountLockout options, and session extension. Zero turns a numeric rule off.
     */
    public record AccountPolicy(java.util.Optional<java.util.regex.Pattern> passwordPattern,
                                String passwordPolicyMessage, boolean doNotAllowUsername, int maxPasswordAgeDays,
                                int maxPasswordHistory, int lockoutThreshold, int lockoutDurationMinutes,
                                boolean unlockOnPasswordReset, boolean extendSessionOnUse,
                                boolean expireInactiveSessions) {
    }

    /**
     * Live queries: which classes publish (empty = every class that is not a system class), and the bounds that keep
     * one client from hurting the others.
     */
    public record LiveQuerySettings(java.util.Set<String> classes, int maxMessageBytes, int outboundQueueSize,
                                    int maxSubscriptionsPerConnection, Optional<String> redisUri,
                                    java.time.Duration retention, int retainedEvents,
                                    java.time.Duration pingInterval) {
        public LiveQuerySettings {
            classes = java.util.Set.copyOf(classes);
        }
    }

    /**
     * Cloud code: the main script (none: no cloud code), the CPU budgets of a function call and of a job run
     * (triggers have Parse's 1 s), where {@code fetch} may go (no hosts: nowhere) with its timeout, and the key sent
     * to webhooks ({@code X-Parse-Webhook-Key}); {@code watch} reloads the code when its folder changes (development).
     */
    public record CloudSettings(Optional<Path> main, java.time.Duration functionTimeout,
                                java.time.Duration jobTimeout, List<String> fetchAllow,
                                java.time.Duration fetchTimeout, Optional<String> webhookKey, boolean watch) {
        public CloudSettings {
            fetchAllow = List.copyOf(fetchAllow);
        }
    }

    /**
     * PII scrubbing: where phone numbers without a country code are read, the key of {@code hash} (default: derived
     * from the master key), the AES key of {@code encrypt} (base64 of 16, 24 or 32 bytes; none: encrypt refused) and
     * when the retention job runs (a Quartz cron expression); with a Presidio analyzer URL, PERSON and LOCATION are
     * found by Presidio too (its timeout, whether a write goes ahead when it fails, and its score threshold).
     */
    public record PrivacySettings(String phoneRegion, Optional<String> hashKey, Optional<byte[]> encryptionKey,
                                  String retentionCron, Optional<String> presidioUrl,
                                  java.time.Duration presidioTimeout, boolean presidioFailOpen, double presidioScore) {
    }

    public Settings withPort(int newPort) {
        return new Settings(host, newPort, mountPath, appId, masterKey, readOnlyMasterKey, clientKeys, databaseUri,
                dataDir, allowClientClassCreation, masterKeyIps, maxBodySize, maxJsonDepth, maxLimit, publicServerUrl,
                allowOrigin, fileUpload, sessionLength, email, authProviders, accountPolicy, liveQuery, rateLimits,
                cloud, privacy);
    }

    public Settings withMasterKey(String key) {
        return new Settings(host, port, mountPath, appId, Optional.of(key), readOnlyMasterKey, clientKeys, databaseUri,
                dataDir, allowClientClassCreation, masterKeyIps, maxBodySize, maxJsonDepth, maxLimit, publicServerUrl,
                allowOrigin, fileUpload, sessionLength, email, authProviders, accountPolicy, liveQuery, rateLimits,
                cloud, privacy);
    }
}
