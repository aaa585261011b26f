package io.heliobase.server.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoDatabase;
import io.heliobase.core.auth.Caller;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.server.data.Triggers;
import io.heliobase.server.http.MasterKeyRequired;
import io.heliobase.server.http.ParseRequest;
import io.heliobase.server.http.ParseResponse;
import io.heliobase.server.http.ParseRouter;
import io.heliobase.server.settings.Settings.FileUploadSettings;
import java.net.URLConnection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.bson.Document;

/**
 * {@code /files}: uploads (raw bytes or the JS SDK's JSON-wrapped base64), public downloads with Range, metadata,
 * and master-key deletes. Parse's default rules: only signed-in users upload, and script-capable extensions are
 * refused so an uploaded file cannot run in the API's origin.
 */
public final class FilesService implements ParseRouter.Routes {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** An uploaded file opened in a browser runs no script and loads nothing, whatever its type claims. */
    private static final String FILE_CSP = "default-src 'none'; sandbox";
    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("^[_a-zA-Z0-9][a-zA-Z0-9@. ~_-]*$");

    private final FileStore store;
    private final FileUploadSettings rules;
    private final String appId;
    private final Supplier<String> serverUrl;

    /** Cloud code's file triggers ({@code Parse.Cloud.beforeSave(Parse.File, ...)} and the like) under class "@File". */
    public static final String FILE_TRIGGERS = "@File";

    private Triggers triggers = Triggers.NONE;
    private java.util.function.Function<Caller, ObjectNode> cloudRequest = caller -> Json.object();

    /** Wires cloud code's file triggers; {@code cloudRequest} describes the caller as every trigger request does. */
    public FilesService withTriggers(Triggers fileTriggers, java.util.function.Function<Caller, ObjectNode> requestOf) {
        this.triggers = fileTriggers;
        this.cloudRequest = requestOf;
        return this;
    }

    public FilesService(MongoDatabase db, FileUploadSettings rules, String appId, Supplier<String> serverUrl) {
        this.store = new FileStore(db);
        this.rules = rules;
        this.appId = appId;
        this.serverUrl = serverUrl;
    }

    /** The public URL of a stored file name. */
    public static String url(String serverUrl, String appId, String name) {
        return serverUrl + "/files/" + appId + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void routes(ParseRouter router) {
        router.postRaw("/files/{filename}", this::upload)
                .getOpen("/files/{appId}/{filename}", this::download)
                .getOpen("/files/{appId}/metadata/{filename}", this::metadata)
                .delete("/files/{filename}", this::delete);
    }

    private ParseResponse upload(ParseRequest req) {
        requireUploadAllowed(req.caller());
        String filename = req.param("filename");
        if (filename.length() > 128 || !NAME.matcher(filename).matches()) {
            throw new ParseException(ParseErrorCode.INVALID_FILE_NAME, "Filename contains invalid characters.");
        }
        String extension = filename.contains(".") ? filename.substring(filename.lastIndexOf('.') + 1)
                .toLowerCase(Locale.ROOT) : "";
        if (rules.deniedExtensions().contains(extension)) {
            throw new ParseException(ParseErrorCode.FILE_SAVE_ERROR, "File upload of extension " + extension
                    + " is disabled.");
        }
        byte[] bytes;
        Document metadata = new Document();
        JsonNode body = req.body();
        if (body.has("base64")) {
            try {
                bytes = Base64.getDecoder().decode(body.path("base64").asText().replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw new ParseException(ParseErrorCode.FILE_SAVE_ERROR, "Invalid base64 file data.");
            }
            JsonNode meta = body.path("fileData").path("metadata");
            if (meta.isObject()) {
                metadata = Document.parse(Json.text(meta));
            }
        } else {
            bytes = req.rawBody();
        }
        if (bytes.length == 0) {
            throw new ParseException(ParseErrorCode.FILE_SAVE_ERROR, "Invalid file upload.");
        }
        if (bytes.length > rules.maxUploadSize()) {
            throw new ParseException(ParseErrorCode.FILE_TOO_LARGE, "File is larger than the limit of "
                    + rules.maxUploadSize() + " bytes (maxUploadSize)");
        }
        // a beforeSave on files may refuse the upload (type or size policies, quotas): it sees the name and size
        trigger("beforeSave", req.caller(), filename, null, bytes.length);
        byte[] prefix = new byte[16];
        RANDOM.nextBytes(prefix);
        String name = HexFormat.of().formatHex(prefix) + "_" + filename;
        store.save(name, bytes, metadata);
        String url = url(serverUrl.get(), appId, name);
        afterTrigger("afterSave", req.caller(), name, url, bytes.length);
        return ParseResponse.created(Json.object().put("url", url).put("name", name), url);
    }

    private void requireUploadAllowed(Caller caller) {
        boolean allowed = switch (caller) {
            case Caller.Master m -> true;
            case Caller.ReadOnlyMaster m -> false;
            case Caller.User u -> rules.enableForAuthenticatedUser();
            case Caller.Anonymous a -> rules.enableForPublic();
        };
        if (!allowed) {
            String who = caller instanceof Caller.User ? "authenticated user" : caller instanceof Caller.ReadOnlyMaster
                    ? "read-only master key" : "public";
            throw new ParseException(ParseErrorCode.FILE_SAVE_ERROR, "File upload by " + who + " is disabled.");
        }
    }

    private ParseResponse download(ParseRequest req) {
        if (!appId.equals(req.param("appId"))) {
            return notFound();
        }
        return store.read(req.param("filename")).map(file -> ranged(req, file.bytes(), contentType(req.param("filename"))))
                .orElseGet(FilesService::notFound);
    }

    private static ParseResponse ranged(ParseRequest req, byte[] bytes, String type) {
        String range = req.header("range").orElse(null);
        if (range == null || !range.startsWith("bytes=") || range.contains(",")) {
            return ParseResponse.raw(200, bytes, type, Map.of("Accept-Ranges", "bytes",
                    "Content-Security-Policy", FILE_CSP));
        }
        String spec = range.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        long start;
        long end;
        try {
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                start = Math.max(0, bytes.length - suffix);
                end = bytes.length - 1;
            } else {
                start = Long.parseLong(spec.substring(0, dash));
                end = dash == spec.length() - 1 ? bytes.length - 1 : Math.min(Long.parseLong(spec.substring(dash + 1)),
                        bytes.length - 1);
            }
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            return ParseResponse.raw(416, new byte[0], type, Map.of("Content-Range", "bytes */" + bytes.length));
        }
        if (start >= bytes.length || start > end) {
            return ParseResponse.raw(416, new byte[0], type, Map.of("Content-Range", "bytes */" + bytes.length));
        }
        byte[] part = java.util.Arrays.copyOfRange(bytes, (int) start, (int) end + 1);
        return ParseResponse.raw(206, part, type, Map.of("Accept-Ranges", "bytes",
                "Content-Range", "bytes " + start + "-" + end + "/" + bytes.length, "Content-Security-Policy", FILE_CSP));
    }

    private static String contentType(String name) {
        String guessed = URLConnection.guessContentTypeFromName(name);
        return guessed == null ? "application/octet-stream" : guessed;
    }

    private static ParseResponse notFound() {
        return ParseResponse.raw(404, "File not found.".getBytes(StandardCharsets.UTF_8), "text/plain", Map.of());
    }

    private ParseResponse metadata(ParseRequest req) {
        if (!appId.equals(req.param("appId"))) {
            return ParseResponse.ok(Json.object());
        }
        ObjectNode response = Json.object();
        store.info(req.param("filename")).ifPresent(file -> {
            if (file.getMetadata() != null) {
                response.set("metadata", Json.parse(file.getMetadata().toJson()));
            }
        });
        return ParseResponse.ok(response);
    }

    private ParseResponse delete(ParseRequest req) {
        MasterKeyRequired.forWrite(req.caller(), "delete a file");
        String name = req.param("filename");
        String url = url(serverUrl.get(), appId, name);
        trigger("beforeDelete", req.caller(), name, url, -1);
        if (!store.delete(name)) {
            throw new ParseException(ParseErrorCode.FILE_DELETE_ERROR, "Could not delete file.");
        }
        afterTrigger("afterDelete", req.caller(), name, url, -1);
        return ParseResponse.empty();
    }

    /** Runs a file trigger; a before-trigger's error stops the upload or delete. */
    private void trigger(String type, Caller caller, String name, String url, long size) {
        if (!triggers.has(type, FILE_TRIGGERS)) {
            return;
        }
        ObjectNode request = cloudRequest.apply(caller);
        ObjectNode file = request.putObject("file").put("__type", "File").put("name", name);
        if (url != null) {
            file.put("url", url);
        }
        if (size >= 0) {
            request.put("fileSize", size).put("contentLength", size);
        }
        triggers.run(type, FILE_TRIGGERS, request);
    }

    /** After-triggers are told, not asked: their failures are logged. */
    private void afterTrigger(String type, Caller caller, String name, String url, long size) {
        try {
            trigger(type, caller, name, url, size);
        } catch (RuntimeException e) {
            System.getLogger(FilesService.class.getName()).log(System.Logger.Level.WARNING,
                    type + " trigger of files failed: " + e.getMessage());
        }
    }
}
