package io.heliobase.core.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.heliobase.core.object.FieldOp;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage port (after Parse Server's StorageAdapter). Objects cross it in Parse's REST JSON form; each
 * implementation owns its physical layout. Every method is a single atomic database command or a read.
 */
public interface StorageAdapter {

    // --- schema -------------------------------------------------------------------------------------------------

    List<ClassSchema> loadSchemas();

    Optional<ClassSchema> loadSchema(String className);

    /** Creates the class's schema document; false if it already existed. */
    boolean createClass(ClassSchema schema);

    /** Adds a field unless present; returns the type the field has afterwards (another writer's may win). */
    FieldType addField(String className, String field, FieldType type);

    void updateClassMetadata(ClassSchema schema);

    void deleteFields(String className, Collection<String> fields, Map<String, FieldType> types);

    void dropClass(String className);

    long countAll(String className);

    void deleteAll(String className);

    // --- indexes ------------------------------------------------------------------------------------------------

    void createIndex(String className, String name, ObjectNode keys);

    void dropIndex(String className, String name);

    /** Makes a field unique (sparse: objects without it do not collide), as Parse does for usernames and emails. */
    void ensureUniqueIndex(String className, String field);

    /** Index name → key spec, as MongoDB's listIndexes reports them. */
    Map<String, ObjectNode> listIndexes(String className);

    // --- objects ------------------------------------------------------------------------------------------------

    /** Inserts an object that carries objectId, createdAt, updatedAt and optionally ACL; 137 on a duplicate. */
    void insert(ClassSchema schema, ObjectNode object);

    /**
     * Inserts new objects of one class as {@link #insert} does each, unordered (one failure does not stop the others)
     * and in one database command where the database allows. Entry i of the answer is null when object i was
     * stored, or the error its own insert would have thrown.
     */
    default List<RuntimeException> insertAll(ClassSchema schema, List<ObjectNode> objects) {
        List<RuntimeException> errors = new ArrayList<>(objects.size());
        for (ObjectNode object : objects) {
            try {
                insert(schema, object);
                errors.add(null);
            } catch (RuntimeException e) {
                errors.add(e);
            }
        }
        return errors;
    }

    List<ObjectNode> find(StorageQuery query);

    long count(StorageQuery query);

    /** The database's query plan for a find, as it reports it (MongoDB's explain output). */
    JsonNode explain(StorageQuery query);

    /**
     * Applies {@code ops} to one object if the caller's write ACL entries allow it (null = master) and {@code extra}
     * matches, in one atomic command; returns the object after the update, or empty when nothing matched.
     */
    Optional<ObjectNode> update(ClassSchema schema, String objectId, List<String> writeAcl,
                                Map<String, FieldOp> ops, ObjectNode acl, String updatedAt);

    /** Deletes one object if the caller's write ACL entries allow it; false when nothing matched. */
    boolean delete(ClassSchema schema, String objectId, List<String> writeAcl);

    // --- relations (Parse's _Join:<field>:<Class> collections) -------------------------------------------------

    void addRelation(String field, String owningClass, String owningId, String relatedId);

    void removeRelation(String field, String owningClass, String owningId, String relatedId);

    List<String> relatedIds(String field, String owningClass, String owningId);

    List<String> owningIds(String field, String owningClass, Collection<String> relatedIds);

    // --- other ----------------------------------------------------------------------------------------------------

    ArrayNode aggregate(ClassSchema schema, JsonNode pipeline);

    List<JsonNode> distinct(StorageQuery query, String field);

    ObjectNode loadGlobalConfig();

    void updateGlobalConfig(ObjectNode params, ObjectNode masterKeyOnly);

    /** Whether multi-document transactions work (real MongoDB replica sets; never the embedded store). */
    boolean supportsTransactions();

    /**
     * Runs {@code work} against a view of this storage whose writes commit together or not at all. Only where
     * {@link #supportsTransactions()}; schema and index changes are refused inside.
     */
    <T> T inTransaction(java.util.function.Function<StorageAdapter, T> work);

    /** Whether $text and geo queries work (real MongoDB; not the embedded store). */
    boolean supportsTextAndGeo();
}
