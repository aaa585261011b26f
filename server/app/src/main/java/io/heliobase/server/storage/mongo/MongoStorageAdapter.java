package io.heliobase.server.storage.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOptions;
import io.heliobase.core.error.ParseErrorCode;
import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import io.heliobase.core.schema.SystemClasses;
import io.heliobase.core.storage.StorageAdapter;
import io.heliobase.core.storage.StorageQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;

/** Parse Server's MongoDB layout through the official sync driver: the only code that speaks to the database. */
public final class MongoStorageAdapter implements StorageAdapter {
    static final String SCHEMA = "_SCHEMA";
    /** MongoDB's IndexNotFound, answered to a $text query on a collection without a text index. */
    private static final int TEXT_INDEX_REQUIRED = 27;
    private static final String METADATA = "_metadata";

    private final MongoDatabase db;
    private final MongoCodec codec;
    private final MongoFilters filters;
    private final MongoUpdates updates;
    private final boolean transactions;
    private final boolean textAndGeo;
    private final MongoClient client;
    /** Set only on the view a transaction runs against; every data command then goes through it. */
    private final ClientSession session;

    /**
     * @param embedded true for the embedded store, which has no sessions, $text or geo queries
     */
    public MongoStorageAdapter(MongoClient client, MongoDatabase db, boolean embedded,
                               UnaryOperator<String> fileUrl) {
        this.client = client;
        this.session = null;
        this.db = db;
        this.codec = new MongoCodec(fileUrl);
        this.textAndGeo = !embedded;
        this.filters = new MongoFilters(codec, textAndGeo);
        this.updates = new MongoUpdates(codec);
        this.transactions = !embedded && detectTransactions(db);
    }

    /** The same adapter bound to a transaction's session. */
    private MongoStorageAdapter(MongoStorageAdapter base, ClientSession session) {
        this.client = base.client;
        this.session = session;
        this.db = base.db;
        this.codec = base.codec;
        this.textAndGeo = base.textAndGeo;
        this.filters = base.filters;
        this.updates = base.updates;
        this.transactions = base.transactions;
    }

    /**
     * Runs {@code work} in one MongoDB transaction (replica sets and sharded clusters only): everything it does
     * through the adapter it is given commits together or not at all. The driver retries transient errors.
     */
    @Override
    public <T> T inTransaction(java.util.function.Function<StorageAdapter, T> work) {
        if (!transactions || session != null) {
            throw new ParseException(ParseErrorCode.COMMAND_UNAVAILABLE, "this database does not support transactions");
        }
        try (ClientSession tx = client.startSession()) {
            return tx.withTransaction(() -> work.apply(new MongoStorageAdapter(this, tx)));
        }
    }

    // The session-aware forms of the driver calls the data path uses; outside a transaction, session is null.

    private FindIterable<Document> find(MongoCollection<Document> c, Bson filter) {
        return session == null ? c.find(filter) : c.find(session, filter);
    }

    private void insertOne(MongoCollection<Document> c, Document doc) {
        if (session == null) {
            c.insertOne(doc);
        } else {
            c.insertOne(session, doc);
        }
    }

    private long countDocuments(MongoCollection<Document> c, Bson filter) {
        return session == null ? c.countDocuments(filter) : c.countDocuments(session, filter);
    }

    private Document findOneAndUpdate(MongoCollection<Document> c, Bson filter, Bson update,
                                      FindOneAndUpdateOptions options) {
        return session == null ? c.findOneAndUpdate(filter, update, options)
                : c.findOneAndUpdate(session, filter, update, options);
    }

    private long deleteOne(MongoCollection<Document> c, Bson filter) {
        return (session == null ? c.deleteOne(filter) : c.deleteOne(session, filter)).getDeletedCount();
    }

    private void updateOne(MongoCollection<Document> c, Bson filter, Bson update, UpdateOptions options) {
        if (session == null) {
            c.updateOne(filter, update, options);
        } else {
            c.updateOne(session, filter, update, options);
        }
    }

    private void requireNoTransaction(String what) {
        if (session != null) {
            throw new ParseException(ParseErrorCode.COMMAND_UNAVAILABLE, what + " cannot run inside a transaction");
        }
    }

    private static boolean detectTransactions(MongoDatabase db) {
        try {
            Document hello = db.runCommand(new Document("isMaster", 1));
            return hello.containsKey("logicalSessionTimeoutMinutes")
                    && (hello.containsKey("setName") || "isdbgrid".equals(hello.getString("msg")));
        } catch (MongoException e) {
            return false;
        }
    }

    private MongoCollection<Document> collection(String className) {
        return db.getCollection(className);
    }

    // --- schema -------------------------------------------------------------------------------------------------

    @Override
    public List<ClassSchema> loadSchemas() {
        List<ClassSchema> schemas = new ArrayList<>();
        for (Document doc : collection(SCHEMA).find()) {
            schemas.add(schemaFrom(doc));
        }
        return schemas;
    }

    @Override
    public Optional<ClassSchema> loadSchema(String className) {
        Document doc = find(collection(SCHEMA), new Document("_id", className)).first();
        return Optional.ofNullable(doc).map(MongoStorageAdapter::schemaFrom);
    }

    private static ClassSchema schemaFrom(Document doc) {
        String className = doc.getString("_id");
        Map<String, FieldType> fields = new LinkedHashMap<>(SystemClasses.defaultFields(className));
        doc.forEach((key, value) -> {
            if (!key.startsWith("_") && !isDefaultField(key) && value instanceof String type) {
                try {
                    fields.put(key, FieldType.fromMongo(type));
                } catch (IllegalArgumentException e) {
                    // a type string this version does not know: leave the field untyped rather than fail every read
                }
            }
        });
        Document meta = doc.get(METADATA, Document.class);
        ObjectNode clp = null;
        ObjectNode indexes = null;
        ObjectNode options = null;
        if (meta != null) {
            clp = jsonObject(meta.get("class_permissions"));
            indexes = jsonObject(meta.get("indexes"));
            options = jsonObject(meta.get("fields_options"));
        }
        return new ClassSchema(className, fields, clp, indexes, options);
    }

    private static boolean isDefaultField(String key) {
        return key.equals("objectId") || key.equals("createdAt") || key.equals("updatedAt") || key.equals("ACL");
    }

    private static ObjectNode jsonObject(Object value) {
        return value instanceof Document d ? (ObjectNode) MongoCodec.generic(d) : null;
    }

    @Override
    public boolean createClass(ClassSchema schema) {
        Document doc = new Document("_id", schema.className())
                .append("objectId", "string").append("updatedAt", "date").append("createdAt", "date");
        schema.fields().forEach((name, type) -> doc.append(name, type.toMongo()));
        Document meta = metadata(schema);
        if (!meta.isEmpty()) {
            doc.append(METADATA, meta);
        }
        try {
            insertOne(collection(SCHEMA), doc);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
            throw e;
        }
    }

    private static Document metadata(ClassSchema schema) {
        Document meta = new Document();
        if (schema.classLevelPermissions() != null) {
            meta.put("class_permissions", Document.parse(Json.text(schema.classLevelPermissions())));
        }
        if (!schema.indexes().isEmpty()) {
            meta.put("indexes", Document.parse(Json.text(schema.indexes())));
        }
        if (!schema.fieldOptions().isEmpty()) {
            meta.put("fields_options", Document.parse(Json.text(schema.fieldOptions())));
        }
        return meta;
    }

    @Override
    public FieldType addField(String className, String field, FieldType type) {
        try {
            updateOne(collection(SCHEMA),
                    new Document("_id", className).append(field, new Document("$exists", false)),
                    new Document("$set", new Document(field, type.toMongo())),
                    new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document doc = find(collection(SCHEMA), new Document("_id", className)).first();
        Object stored = doc == null ? null : doc.get(field);
        return stored instanceof String s ? FieldType.fromMongo(s) : type;
    }

    @Override
    public void updateClassMetadata(ClassSchema schema) {
        requireNoTransaction("updateClassMetadata");
        collection(SCHEMA).updateOne(new Document("_id", schema.className()),
                new Document("$set", new Document(METADATA, metadata(schema))), new UpdateOptions().upsert(true));
    }

    @Override
    public void deleteFields(String className, Collection<String> fields, Map<String, FieldType> types) {
        requireNoTransaction("deleteFields");
        Document schemaUnset = new Document();
        Document dataUnset = new Document();
        for (String field : fields) {
            schemaUnset.put(field, "");
            FieldType type = types.get(field);
            if (type != null && type.isRelation()) {
                db.getCollection("_Join:" + field + ":" + className).drop();
            } else {
                dataUnset.put(type != null && type.isPointer() ? "_p_" + field : field, "");
            }
        }
        collection(SCHEMA).updateOne(new Document("_id", className), new Document("$unset", schemaUnset));
        if (!dataUnset.isEmpty()) {
            collection(className).updateMany(new Document(), new Document("$unset", dataUnset));
        }
    }

    @Override
    public void dropClass(String className) {
        requireNoTransaction("dropClass");
        collection(className).drop();
        collection(SCHEMA).deleteOne(new Document("_id", className));
        for (String name : db.listCollectionNames()) {
            if (name.startsWith("_Join:") && name.endsWith(":" + className)) {
                db.getCollection(name).drop();
            }
        }
    }

    @Override
    public long countAll(String className) {
        return collection(className).countDocuments();
    }

    @Override
    public void deleteAll(String className) {
        requireNoTransaction("deleteAll");
        collection(className).deleteMany(new Document());
    }

    // --- indexes ------------------------------------------------------------------------------------------------

    @Override
    public void createIndex(String className, String name, ObjectNode keys) {
        requireNoTransaction("createIndex");
        try {
            collection(className).createIndex(Document.parse(Json.text(keys)), new IndexOptions().name(name));
        } catch (MongoCommandException e) {
            throw new ParseException(ParseErrorCode.INVALID_QUERY, "cannot create index " + name + ": "
                    + e.getErrorMessage());
        }
    }

    @Override
    public void ensureUniqueIndex(String className, String field) {
        requireNoTransaction("ensureUniqueIndex");
        try {
            collection(className).createIndex(new Document(field, 1),
                    new IndexOptions().name(field + "_1").unique(true).sparse(true).background(true));
        } catch (MongoException e) {
            // existing duplicates or an index with other options: the rules' own checks still apply
            System.getLogger(MongoStorageAdapter.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot ensure the unique index " + className + "." + field + ": " + e.getMessage());
        }
    }

    @Override
    public void dropIndex(String className, String name) {
        requireNoTransaction("dropIndex");
        try {
            collection(className).dropIndex(name);
        } catch (MongoCommandException e) {
            throw new ParseException(ParseErrorCode.INVALID_QUERY, "Index " + name + " does not exist, cannot delete");
        }
    }

    @Override
    public Map<String, ObjectNode> listIndexes(String className) {
        Map<String, ObjectNode> indexes = new LinkedHashMap<>();
        try {
            for (Document index : collection(className).listIndexes()) {
                indexes.put(index.getString("name"), (ObjectNode) MongoCodec.generic(index.get("key", Document.class)));
            }
        } catch (MongoCommandException e) {
            // the collection does not exist yet: no indexes
        }
        return indexes;
    }

    // --- objects ------------------------------------------------------------------------------------------------

    @Override
    public void insert(ClassSchema schema, ObjectNode object) {
        try {
            insertOne(collection(schema.className()), codec.toDocument(schema, object));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw duplicateValue();
            }
            throw e;
        }
    }

    /** One unordered insertMany; inside a transaction one insert after another (the first failure aborts it anyway). */
    @Override
    public List<RuntimeException> insertAll(ClassSchema schema, List<ObjectNode> objects) {
        if (session != null || objects.size() < 2) {
            return StorageAdapter.super.insertAll(schema, objects);
        }
        List<Document> documents = objects.stream().map(object -> codec.toDocument(schema, object)).toList();
        List<RuntimeException> errors = new ArrayList<>(Collections.nCopies(objects.size(), null));
        try {
            collection(schema.className()).insertMany(documents, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                errors.set(error.getIndex(), error.getCategory() == ErrorCategory.DUPLICATE_KEY
                        ? duplicateValue()
                        : new MongoException(error.getCode(), error.getMessage()));
            }
        } catch (RuntimeException e) {
            Collections.fill(errors, e); // the command itself failed: none of them is known to be stored
        }
        return errors;
    }

    private static ParseException duplicateValue() {
        return new ParseException(ParseErrorCode.DUPLICATE_VALUE,
                "A duplicate value for a field with unique values was provided");
    }

    @Override
    public List<ObjectNode> find(StorageQuery query) {
        try {
            return runFind(query);
        } catch (MongoCommandException e) {
            // Parse Server creates the text index a $text query needs on first use; so do we (real MongoDB only)
            String textField = e.getErrorCode() == TEXT_INDEX_REQUIRED ? MongoFilters.textField(query.where()) : null;
            if (textField == null) {
                throw queryError(e);
            }
            createIndex(query.className(), textField + "_text", (ObjectNode) Json.object().put(textField, "text"));
            try {
                return runFind(query);
            } catch (MongoCommandException again) {
                throw queryError(again);
            }
        }
    }

    private List<ObjectNode> runFind(StorageQuery query) {
        ClassSchema schema = query.schema();
        FindIterable<Document> found = findIterable(query);
        List<ObjectNode> results = new ArrayList<>();
        for (Document doc : found) {
            results.add(codec.toObject(schema, doc));
        }
        return results;
    }

    private FindIterable<Document> findIterable(StorageQuery query) {
        ClassSchema schema = query.schema();
        FindIterable<Document> found = find(collection(schema.className()), filter(query))
                .skip(query.skip()).limit(query.limit());
        if (query.hint() != null) {
            if (query.hint().startsWith("{")) {
                found.hint(Document.parse(query.hint()));
            } else {
                found.hintString(query.hint());
            }
        }
        if (!query.order().isEmpty()) {
            found.sort(MongoFilters.sort(schema, query.order()));
            if (query.order().stream().anyMatch(k -> k.field().equals("$score"))) {
                found.projection(new Document("score", new Document("$meta", "textScore")));
            }
        }
        return found;
    }

    @Override
    public JsonNode explain(StorageQuery query) {
        try {
            return MongoCodec.generic(findIterable(query).explain());
        } catch (MongoCommandException e) {
            throw ParseException.invalidQuery("explain is not available: " + e.getErrorMessage());
        }
    }

    @Override
    public long count(StorageQuery query) {
        try {
            return countDocuments(collection(query.className()), filter(query));
        } catch (MongoCommandException e) {
            throw queryError(e);
        }
    }

    private static ParseException queryError(MongoCommandException e) {
        return ParseException.invalidQuery("query failed: " + e.getErrorMessage());
    }

    private Bson filter(StorageQuery query) {
        Document where = filters.filter(query.schema(), query.where());
        if (query.readAcl() == null) {
            return where;
        }
        Document acl = new Document("_rperm", new Document("$in", nullPlus(query.readAcl())));
        return where.isEmpty() ? acl : new Document("$and", List.of(where, acl));
    }

    private static List<Object> nullPlus(List<String> entries) {
        List<Object> list = new ArrayList<>(entries.size() + 1);
        list.add(null);
        list.addAll(entries);
        return list;
    }

    @Override
    public Optional<ObjectNode> update(ClassSchema schema, String objectId, List<String> writeAcl,
                                       Map<String, FieldOp> ops, ObjectNode acl, String updatedAt) {
        Document filter = new Document("_id", objectId);
        if (writeAcl != null) {
            filter.append("_wperm", new Document("$in", nullPlus(writeAcl)));
        }
        try {
            Document after = findOneAndUpdate(collection(schema.className()), filter,
                    updates.update(schema, ops, acl, updatedAt),
                    new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER));
            return Optional.ofNullable(after).map(doc -> codec.toObject(schema, doc));
        } catch (MongoCommandException e) {
            throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "update failed: " + e.getErrorMessage());
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
                throw new ParseException(ParseErrorCode.DUPLICATE_VALUE,
                        "A duplicate value for a field with unique values was provided");
            }
            throw new ParseException(ParseErrorCode.INCORRECT_TYPE, "update failed: " + e.getError().getMessage());
        }
    }

    @Override
    public boolean delete(ClassSchema schema, String objectId, List<String> writeAcl) {
        Document filter = new Document("_id", objectId);
        if (writeAcl != null) {
            filter.append("_wperm", new Document("$in", nullPlus(writeAcl)));
        }
        return deleteOne(collection(schema.className()), filter) > 0;
    }

    // --- relations ----------------------------------------------------------------------------------------------

    private MongoCollection<Document> join(String field, String owningClass) {
        return db.getCollection("_Join:" + field + ":" + owningClass);
    }

    @Override
    public void addRelation(String field, String owningClass, String owningId, String relatedId) {
        Document edge = new Document("relatedId", relatedId).append("owningId", owningId);
        updateOne(join(field, owningClass), edge, new Document("$set", edge), new UpdateOptions().upsert(true));
    }

    @Override
    public void removeRelation(String field, String owningClass, String owningId, String relatedId) {
        deleteOne(join(field, owningClass), new Document("relatedId", relatedId).append("owningId", owningId));
    }

    @Override
    public List<String> relatedIds(String field, String owningClass, String owningId) {
        List<String> ids = new ArrayList<>();
        find(join(field, owningClass), new Document("owningId", owningId)).forEach(d -> ids.add(d.getString("relatedId")));
        return ids;
    }

    @Override
    public List<String> owningIds(String field, String owningClass, Collection<String> relatedIds) {
        List<String> ids = new ArrayList<>();
        find(join(field, owningClass), new Document("relatedId", new Document("$in", List.copyOf(relatedIds))))
                .forEach(d -> ids.add(d.getString("owningId")));
        return ids;
    }

    // --- other ----------------------------------------------------------------------------------------------------

    @Override
    public ArrayNode aggregate(ClassSchema schema, JsonNode pipeline) {
        List<Document> stages = new MongoAggregation(filters, schema).stages(pipeline);
        ArrayNode results = Json.array();
        try {
            for (Document doc : collection(schema.className()).aggregate(stages)) {
                results.add(MongoAggregation.result(codec, schema, doc));
            }
        } catch (MongoCommandException e) {
            throw ParseException.invalidQuery("aggregate failed: " + e.getErrorMessage());
        }
        return results;
    }

    @Override
    public List<JsonNode> distinct(StorageQuery query, String field) {
        String key = MongoFilters.storedKey(query.schema(), field);
        List<JsonNode> values = new ArrayList<>();
        try {
            for (org.bson.BsonValue bson : collection(query.className()).distinct(key, filter(query),
                    org.bson.BsonValue.class)) {
                Object value = javaValue(bson);
                values.add(key.startsWith("_p_") && value instanceof String s && s.indexOf('$') > 0
                        ? MongoCodec.pointerJson(s)
                        : codec.restValue(value, query.schema().field(field).orElse(null)));
            }
        } catch (MongoCommandException e) {
            throw queryError(e);
        }
        return values;
    }

    private static Object javaValue(org.bson.BsonValue value) {
        org.bson.BsonDocument wrapper = new org.bson.BsonDocument("v", value);
        return new org.bson.codecs.DocumentCodec().decode(new org.bson.BsonDocumentReader(wrapper),
                org.bson.codecs.DecoderContext.builder().build()).get("v");
    }

    @Override
    public ObjectNode loadGlobalConfig() {
        Document doc = db.getCollection("_GlobalConfig").find(new Document("_id", 1)).first();
        ObjectNode config = Json.object();
        config.set("params", doc != null && doc.get("params") instanceof Document p ? MongoCodec.generic(p) : Json.object());
        config.set("masterKeyOnly", doc != null && doc.get("masterKeyOnly") instanceof Document m
                ? MongoCodec.generic(m) : Json.object());
        return config;
    }

    @Override
    public void updateGlobalConfig(ObjectNode params, ObjectNode masterKeyOnly) {
        requireNoTransaction("updateGlobalConfig");
        Document set = new Document();
        Document unset = new Document();
        params.properties().forEach(e -> {
            if (e.getValue().isObject() && "Delete".equals(e.getValue().path("__op").asText())) {
                unset.put("params." + e.getKey(), "");
                unset.put("masterKeyOnly." + e.getKey(), "");
            } else {
                // Parse keeps config values in REST JSON form (a Date stays {__type, iso}), so store them as given
                set.put("params." + e.getKey(), restJsonValue(e.getValue()));
                set.put("masterKeyOnly." + e.getKey(), masterKeyOnly.path(e.getKey()).asBoolean(false));
            }
        });
        Document update = new Document();
        if (!set.isEmpty()) {
            update.put("$set", set);
        }
        if (!unset.isEmpty()) {
            update.put("$unset", unset);
        }
        if (!update.isEmpty()) {
            db.getCollection("_GlobalConfig").updateOne(new Document("_id", 1), update, new UpdateOptions().upsert(true));
        }
    }

    private static Object restJsonValue(JsonNode value) {
        if (value.isObject()) {
            return Document.parse(Json.text(value));
        }
        if (value.isArray()) {
            return Document.parse("{\"v\":" + Json.text(value) + "}").get("v");
        }
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        return value.isBoolean() ? (Object) value.booleanValue() : MongoCodec.number(value);
    }

    @Override
    public boolean supportsTransactions() {
        return transactions;
    }

    @Override
    public boolean supportsTextAndGeo() {
        return textAndGeo;
    }
}
