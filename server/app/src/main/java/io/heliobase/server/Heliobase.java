package io.heliobase.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.server.aggregate.AggregateService;
import io.heliobase.server.classes.ClassRoutes;
import io.heliobase.server.installations.InstallationRules;
import io.heliobase.server.roles.RoleGraph;
import io.heliobase.server.roles.RoleRules;
import io.heliobase.server.sessions.SessionRules;
import io.heliobase.server.sessions.SessionStore;
import io.heliobase.server.sessions.SessionsService;
import io.heliobase.server.users.UserRules;
import io.heliobase.server.auth.oidc.AuthProviders;
import io.heliobase.server.users.AuthData;
import io.heliobase.server.users.PasswordRules;
import io.heliobase.server.users.UsersService;
import io.heliobase.server.users.email.AccountEmails;
import io.heliobase.server.users.email.AccountPagesService;
import io.heliobase.server.batch.BatchService;
import io.heliobase.server.classes.ClassesService;
import io.heliobase.server.data.DataService;
import io.heliobase.server.data.DataSettings;
import io.heliobase.server.data.SchemaCache;
import io.heliobase.server.files.FilesService;
import io.heliobase.server.globalconfig.ConfigService;
import io.heliobase.server.health.HealthService;
import io.heliobase.server.http.ApiEndpoint;
import io.heliobase.server.http.Cors;
import io.heliobase.server.http.KeyAuth;
import io.heliobase.server.http.ParseRouter;
import io.heliobase.server.schemas.SchemasService;
import io.heliobase.server.sessions.SessionTokens;
import io.heliobase.server.settings.Settings;
import io.heliobase.server.storage.embedded.EmbeddedStore;
import io.heliobase.server.storage.mongo.MongoStorageAdapter;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import io.heliobase.livequery.protocol.LiveQueryCodec;
import io.heliobase.server.livequery.LiveQueryConnection;
import io.heliobase.server.livequery.Heartbeat;
import io.heliobase.server.ratelimit.RateLimiter;
import io.heliobase.cloudcode.CloudCode;
import io.heliobase.cloudcode.fetch.FetchPolicy;
import io.heliobase.cloudcode.sandbox.Limits;
import io.heliobase.server.data.ServerWrittenRules;
import io.heliobase.server.data.Triggers;
import io.heliobase.server.functions.CloudLiveQueryTriggers;
import io.heliobase.server.hooks.HooksService;
import io.heliobase.server.hooks.Webhooks;
import io.heliobase.server.livequery.LiveQueryTriggers;
import io.heliobase.server.functions.CloudServerAccess;
import io.heliobase.core.json.Json;
import io.heliobase.core.pii.PiiPolicy;
import io.heliobase.core.pii.PiiScanner;
import io.heliobase.core.pii.Scrubber;
import io.heliobase.server.audit.AuditLog;
import io.heliobase.server.privacy.PiiPolicies;
import io.heliobase.server.privacy.PresidioAnalyzer;
import io.heliobase.server.privacy.PrivacyErasure;
import io.heliobase.server.privacy.PrivacyExports;
import io.heliobase.server.privacy.PrivacyService;
import io.heliobase.server.privacy.Retention;
import io.heliobase.server.audit.AuditRules;
import io.heliobase.server.jobs.JobRunner;
import io.heliobase.server.scheduler.CloudCodeJobsService;
import io.heliobase.server.scheduler.JobScheduler;
import io.heliobase.server.tools.AgentTaskRules;
import io.heliobase.server.tools.ToolCalls;
import io.heliobase.server.tools.ToolsService;
import io.heliobase.server.jobs.JobsService;
import io.heliobase.server.functions.CloudTriggers;
import io.heliobase.server.functions.FunctionsService;
import java.util.Optional;
import io.heliobase.server.ratelimit.SharedBuckets;
import io.heliobase.server.livequery.LiveQueryHub;
import io.heliobase.server.livequery.RedisChangeBus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The composition root: builds every part from the settings with plain constructors, starts, and stops. */
public final class Heliobase implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Heliobase.class.getName());
    private static final int MAX_BATCH_SIZE = 100;

    private final Settings settings;
    private final EmbeddedStore embedded;
    private final MongoClient client;
    private final WebServer server;
    private final ServerUrl serverUrl;
    private final AuthProviders authProviders;

    private final List<AutoCloseable> resources;

    private Heliobase(Settings settings, EmbeddedStore embedded, MongoClient client, WebServer server,
                      ServerUrl serverUrl, AuthProviders authProviders, List<AutoCloseable> resources) {
        this.resources = List.copyOf(resources);
        this.authProviders = authProviders;
        this.serverUrl = serverUrl;
        this.settings = settings;
        this.embedded = embedded;
        this.client = client;
        this.server = server;
    }

    /** Starts the server; with no database URI it first starts the embedded store under the data directory. */
    public static Heliobase start(Settings configured) {
        Settings settings = MasterKeys.ensure(configured);
        EmbeddedStore embedded = null;
        String uri;
        if (settings.databaseUri().isPresent()) {
            uri = settings.databaseUri().get();
        } else {
            embedded = EmbeddedStore.start(settings.dataDir(), "127.0.0.1", 0);
            uri = embedded.connectionString() + "heliobase";
        }
        ConnectionString connection = new ConnectionString(uri);
        MongoClient client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(connection)
                .applyToConnectionPoolSettings(pool -> pool.maxSize(64).maxWaitTime(30, TimeUnit.SECONDS))
                .build());
        String dbName = connection.getDatabase() == null ? "heliobase" : connection.getDatabase();
        MongoDatabase db = client.getDatabase(dbName);
        try {
            ServerUrl serverUrl = new ServerUrl(settings);
            AuthProviders authProviders = authProviders(settings);
            List<AutoCloseable> resources = new ArrayList<>();
            WebServer server = webServer(settings, client, db, embedded != null, serverUrl, authProviders, resources);
            Heliobase heliobase = new Heliobase(settings, embedded, client, server, serverUrl, authProviders,
                    resources);
            LOG.log(System.Logger.Level.INFO, "Heliobase " + HealthService.VERSION + " serving " + heliobase.serverUrl()
                    + (embedded != null ? " on the embedded store in " + settings.dataDir().toAbsolutePath()
                    : " on " + connection.getHosts()));
            return heliobase;
        } catch (RuntimeException e) {
            client.close();
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static AuthProviders authProviders(Settings settings) {
        try {
            return AuthProviders.from(settings.authProviders());
        } catch (IllegalArgumentException e) {
            throw new io.heliobase.server.settings.SettingsException(e.getMessage());
        }
    }

    private static WebServer webServer(Settings settings, MongoClient client, MongoDatabase db, boolean embedded,
                                       ServerUrl serverUrl, AuthProviders authProviders,
                                       List<AutoCloseable> resources) {
        MongoStorageAdapter storage = new MongoStorageAdapter(client, db, embedded,
                name -> FilesService.url(serverUrl.get(), settings.appId(), name));
        SchemaCache schemas = new SchemaCache(storage);
        DataSettings dataSettings = new DataSettings(settings.allowClientClassCreation(), settings.maxLimit(),
                io.heliobase.core.query.QueryLimits.DEFAULTS, 50, 5);
        ensureSystemClasses(storage, schemas);
        RoleGraph roles = new RoleGraph(storage, schemas);
        SessionTokens tokens = new SessionTokens(storage, schemas, roles, new SessionTokens.Expiry(
                settings.sessionLength(), settings.accountPolicy().expireInactiveSessions(),
                settings.accountPolicy().extendSessionOnUse()));
        SessionStore sessions = new SessionStore(storage, schemas, settings.sessionLength(), tokens);
        AccountEmails emails = new AccountEmails(storage, schemas, AccountEmails.mailerFor(settings.email()),
                settings.email(), serverUrl, settings.appId());
        AuthData authData = new AuthData(authProviders);
        PasswordRules passwords = new PasswordRules(settings.accountPolicy());
        DataService data = new DataService(storage, schemas, dataSettings)
                .withRules(SystemClasses.USER, new UserRules(storage, schemas, sessions, emails, authData, passwords))
                .withRules(SystemClasses.SESSION, new SessionRules(tokens))
                .withRules(SystemClasses.ROLE, new RoleRules(roles))
                .withRules(SystemClasses.INSTALLATION, new InstallationRules())
                .withRules(SystemClasses.AUDIT, new AuditRules())
                .withRules(SystemClasses.TOOL_CALL, new ServerWrittenRules(
                        "Tool calls are made with POST /tools/:name, not written directly."))
                .withRules(SystemClasses.PRIVACY_REQUEST, new ServerWrittenRules(
                        "Privacy requests are made with POST /privacy/export or /privacy/forget."))
                .withRules(SystemClasses.AGENT_TASK, new AgentTaskRules());
        Settings.PrivacySettings privacy = settings.privacy();
        PiiScanner scanner = privacy.presidioUrl().map(url -> PiiScanner.builtInAnd(privacy.phoneRegion(),
                new PresidioAnalyzer(url, privacy.presidioTimeout(), privacy.presidioFailOpen(), privacy.presidioScore())))
                .orElseGet(() -> PiiScanner.builtIn(privacy.phoneRegion()));
        PiiPolicies pii = new PiiPolicies(new Scrubber(scanner, piiHashKey(settings), privacy.encryptionKey()));
        // what scripts print and throw is redacted with the built-in recognizers (no network call per log line)
        Scrubber logs = new Scrubber(PiiScanner.builtIn(privacy.phoneRegion()), piiHashKey(settings),
                java.util.Optional.empty());
        PiiPolicy redactAll = new PiiPolicy(PiiPolicy.Action.REDACT, java.util.Set.of(), java.util.Set.of());
        java.util.function.UnaryOperator<String> logScrubber = text -> logs.scrub(redactAll, text,
                new java.util.HashSet<>());
        AuditLog audit = new AuditLog(data);
        // what the write path found is audited by field and entity, never with the data itself
        data.withPrivacy(pii, (caller, className, objectId, found) -> {
            ObjectNode detail = Json.object();
            found.forEach((field, entities) -> {
                var names = detail.putArray(field);
                entities.forEach(entity -> names.add(entity.name()));
            });
            audit.record(caller, "pii.detected", Json.object().put("targetClass", className).put("targetId", objectId)
                    .set("detail", detail));
        });
        data.withWriteAudit(writes -> audit.recordAll(writes.stream().map(write -> {
            ObjectNode detail = Json.object();
            var names = detail.putArray("fields");
            write.fields().stream().sorted().forEach(names::add);
            return new AuditLog.Entry(write.caller(), "object." + write.action(), Json.object()
                    .put("targetClass", write.className()).put("targetId", write.objectId()).set("detail", detail));
        }).toList()));
        LiveQueryHub liveQueries = new LiveQueryHub(settings.liveQuery().classes(), schemas,
                settings.liveQuery().retention(), settings.liveQuery().retainedEvents());
        resources.add(liveQueries);
        liveQueries.revealWith(data::reveal);
        liveQueries.readPointersWith((caller, className, objectId, include) -> {
            try {
                return java.util.Optional.of(data.get(caller, className, objectId, include.isEmpty()
                        ? io.heliobase.core.json.Json.object()
                        : io.heliobase.core.json.Json.object().put("include", include)));
            } catch (io.heliobase.core.error.ParseException notReadable) {
                return java.util.Optional.empty();
            }
        });
        if (settings.liveQuery().redisUri().isPresent()) {
            RedisChangeBus bus = new RedisChangeBus(settings.liveQuery().redisUri().get(), settings.appId(), liveQueries);
            resources.add(0, bus);
            data.withChangeListener(bus);
        } else {
            data.withChangeListener(liveQueries);
        }
        // scripts wait on the data service while they run, so more workers than cores keep the cores busy
        int cloudWorkers = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        Optional<CloudCode> cloud = settings.cloud().main().map(main -> CloudCode.load(main, new Limits(
                settings.cloud().functionTimeout(), Limits.FUNCTION_DEFAULTS.allocatedBytes(),
                Limits.FUNCTION_DEFAULTS.statements()), cloudWorkers, new CloudServerAccess(data, tokens),
                new FetchPolicy(settings.cloud().fetchAllow(), settings.cloud().fetchTimeout(),
                        FetchPolicy.DEFAULT_MAX_RESPONSE_BYTES), logScrubber));
        cloud.ifPresent(resources::add);
        cloud.ifPresent(code -> LOG.log(System.Logger.Level.INFO, "cloud code runs on GraalJS, runtime: "
                + code.runtimeName() + (code.runtimeName().equals("Interpreted")
                ? " (start with bin/heliobase, which loads the optimizing compiler, for 3-4x faster scripts)" : "")));
        if (settings.cloud().watch()) {
            cloud.ifPresent(code -> resources.add(0, code.watch(settings.cloud().main().orElseThrow())));
        }
        Webhooks webhooks = new Webhooks(data, settings.cloud().webhookKey());
        resources.add(webhooks);
        Triggers triggers = Triggers.preferring(webhooks, cloud.<Triggers>map(CloudTriggers::new).orElse(Triggers.NONE));
        data.withTriggers(triggers);
        liveQueries.triggerWith(cloud.isPresent() ? new CloudLiveQueryTriggers(triggers, data) : LiveQueryTriggers.NONE);
        // jobs run even without cloud code: the server's own (retention) are built in
        PrivacyExports exports = new PrivacyExports(data, db, audit);
        resources.add(exports);
        JobRunner jobRunner = new JobRunner(cloud, data, settings.cloud().jobTimeout())
                .withBuiltIn(Retention.JOB, new Retention(data, audit, exports));
        Optional<JobRunner> jobs = Optional.of(jobRunner);
        PrivacyErasure erasure = new PrivacyErasure(data, db, audit, piiHashKey(settings));
        resources.add(erasure);
        Optional<ToolCalls> tools = cloud.map(code -> new ToolCalls(code, data, audit,
                settings.cloud().functionTimeout()));
        jobs.ifPresent(resources::add);
        Optional<JobScheduler> scheduler = Optional.of(new JobScheduler(cloud,
                java.util.List.of(Retention.schedule(settings.privacy().retentionCron())), jobRunner, data,
                java.time.Duration.ofSeconds(5), 2));
        scheduler.ifPresent(s -> resources.add(0, s)); // stops before the cloud code it runs
        RateLimiter limiter;
        if (settings.liveQuery().redisUri().isPresent() && !settings.rateLimits().isBlank()) {
            SharedBuckets shared = new SharedBuckets(settings.liveQuery().redisUri().get(), settings.appId());
            resources.add(shared);
            limiter = RateLimiter.fromJson(settings.rateLimits(), shared);
        } else {
            limiter = RateLimiter.fromJson(settings.rateLimits());
        }
        ParseRouter router = new ParseRouter();
        router.register(
                new HealthService(cloud.map(CloudCode::runtimeName)),
                new ClassesService(data, serverUrl),
                new UsersService(data, sessions, serverUrl, settings.email().preventLoginWithUnverifiedEmail(),
                        authData, passwords),
                new AccountPagesService(emails, settings.appId(),
                        (password, user) -> passwords.change(password, user.path("username").asText(null), user),
                        id -> sessions.revokeAll(id, null)),
                new SessionsService(data),
                new ClassRoutes("/sessions", SystemClasses.SESSION, data, serverUrl),
                new ClassRoutes("/roles", SystemClasses.ROLE, data, serverUrl),
                new ClassRoutes("/installations", SystemClasses.INSTALLATION, data, serverUrl),
                new SchemasService(storage, schemas, pii, audit),
                new ConfigService(storage),
                new FunctionsService(cloud, data, webhooks),
                new HooksService(webhooks),
                new JobsService(jobs),
                new CloudCodeJobsService(data, jobs, scheduler),
                new ToolsService(tools),
                new PrivacyService(exports, erasure),
                new AggregateService(storage, schemas, dataSettings),
                new FilesService(db, settings.fileUpload(), settings.appId(), serverUrl)
                        .withTriggers(triggers, data::cloudRequest),
                new BatchService(router, settings.mountPath(), settings.publicServerUrl().orElse(null),
                        MAX_BATCH_SIZE, data, limiter));
        KeyAuth auth = new KeyAuth(settings, tokens);
        ApiEndpoint api = new ApiEndpoint(settings.mountPath(), router, auth, new Cors(settings.allowOrigin()),
                settings.maxBodySize(), settings.maxJsonDepth(), limiter);
        String mount = settings.mountPath().equals("/") ? "" : settings.mountPath();
        Heartbeat heartbeat = new Heartbeat(settings.liveQuery().pingInterval());
        resources.add(heartbeat);
        LiveQueryCodec codec = new LiveQueryCodec(io.heliobase.core.query.QueryLimits.DEFAULTS, settings.liveQuery().maxMessageBytes());
        WebServer server = WebServer.builder()
                .host(settings.host())
                .port(settings.port())
                .routing(r -> r.any(mount + "/*", api).any(mount.isEmpty() ? "/" : mount, api))
                // the Parse SDKs connect live queries to the server URL itself: ws://host/parse
                .addRouting(WsRouting.builder().endpoint(mount.isEmpty() ? "/" : mount,
                        () -> new LiveQueryConnection(liveQueries, auth, tokens, codec, settings.liveQuery(),
                                (caller, className, params) -> data.find(caller, className, params), heartbeat)))
                .build()
                .start();
        if (!server.isRunning() || server.port() <= 0) {
            server.stop();
            throw new io.heliobase.server.settings.SettingsException("HELIOBASE_PORT: cannot listen on "
                    + settings.host() + ":" + settings.port() + " (in use, or not allowed); choose another port");
        }
        serverUrl.bind(settings, server.port());
        return server;
    }

    /** Parse Server creates these at startup; so do we, with the unique indexes its layout has. */
    private static void ensureSystemClasses(MongoStorageAdapter storage, SchemaCache schemas) {
        for (String className : new String[] {SystemClasses.USER, SystemClasses.ROLE}) {
            if (schemas.find(className).isEmpty()) {
                storage.createClass(ClassSchema.empty(className));
                schemas.reload(className);
            }
        }
        storage.ensureUniqueIndex(SystemClasses.USER, "username");
        storage.ensureUniqueIndex(SystemClasses.USER, "email");
        storage.ensureUniqueIndex(SystemClasses.ROLE, "name");
    }

    public int port() {
        return server.port();
    }

    public Settings settings() {
        return settings;
    }

    /** The URL clients use, e.g. http://localhost:1337/parse. */
    public String serverUrl() {
        return serverUrl.get();
    }

    /** The key of PII {@code hash}: configured, or derived from the master key so hashes stay stable across restarts. */
    private static byte[] piiHashKey(Settings settings) {
        return settings.privacy().hashKey().map(k -> k.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    try {
                        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                        mac.init(new javax.crypto.spec.SecretKeySpec(settings.masterKey().orElseThrow()
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
                        return mac.doFinal("heliobase pii hash key".getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    } catch (java.security.GeneralSecurityException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    @Override
    public void close() {
        server.stop();
        for (AutoCloseable resource : resources) {
            try {
                resource.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "closing " + resource.getClass().getSimpleName() + ": " + e);
            }
        }
        authProviders.close();
        client.close();
        if (embedded != null) {
            embedded.close();
        }
    }
}
