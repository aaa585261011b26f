package io.heliobase.server.storage.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.heliobase.core.error.ParseException;
import io.heliobase.core.json.Json;
import io.heliobase.core.query.FindOptions.SortKey;
import io.heliobase.core.query.QueryLimits;
import io.heliobase.core.query.WhereParser;
import io.heliobase.core.schema.ClassSchema;
import io.heliobase.core.schema.FieldType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The where → MongoDB filter translation, including the paths only real MongoDB can run ($text, geo). */
class MongoFiltersTest {
    private static final ClassSchema SCHEMA = new ClassSchema("Post",
            Map.of("author", FieldType.pointer("_User"), "title", FieldType.of(FieldType.Kind.STRING)), null, null, null);
    private final MongoCodec codec = new MongoCodec(name -> "http://x/files/app/" + name);

    private String mongo(String where, boolean realMongo) {
        var predicate = new WhereParser(QueryLimits.DEFAULTS, false).parse(Json.parse(where));
        return new MongoFilters(codec, realMongo).filter(SCHEMA, predicate).toJson();
    }

    @Test
    void defaultFieldsAndPointersUseStoredNames() {
        assertThat(mongo("{\"objectId\":\"abc\"}", false)).isEqualTo("{\"_id\": \"abc\"}");
        assertThat(mongo("{\"author\":{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"u1\"}}", false))
                .isEqualTo("{\"_p_author\": \"_User$u1\"}");
        assertThat(mongo("{\"author\":{\"$in\":[{\"__type\":\"Pointer\",\"className\":\"_User\",\"objectId\":\"u1\"}]}}", false))
                .isEqualTo("{\"_p_author\": {\"$in\": [\"_User$u1\"]}}");
        assertThat(mongo("{\"author\":{\"$exists\":true}}", false)).isEqualTo("{\"_p_author\": {\"$exists\": true}}");
        assertThat(mongo("{\"createdAt\":{\"$gt\":{\"__type\":\"Date\",\"iso\":\"2024-01-01T00:00:00.000Z\"}}}", false))
                .isEqualTo("{\"_created_at\": {\"$gt\": {\"$date\": \"2024-01-01T00:00:00Z\"}}}");
    }

    @Test
    void containedByIsNotElemMatchNin() {
        assertThat(mongo("{\"tags\":{\"$containedBy\":[\"a\"]}}", false))
                .isEqualTo("{\"tags\": {\"$not\": {\"$elemMatch\": {\"$nin\": [\"a\"]}}}}");
    }

    @Test
    void textAndGeoTranslateForRealMongoAndAreRefusedOnTheEmbeddedStore() {
        String text = "{\"title\":{\"$text\":{\"$search\":{\"$term\":\"coffee\",\"$language\":\"en\",\"$caseSensitive\":false}}}}";
        assertThat(mongo(text, true))
                .isEqualTo("{\"$text\": {\"$search\": \"coffee\", \"$language\": \"en\", \"$caseSensitive\": false}}");
        assertThatThrownBy(() -> mongo(text, false)).isInstanceOf(ParseException.class)
                .hasMessageContaining("embedded store");
        String near = "{\"loc\":{\"$nearSphere\":{\"__type\":\"GeoPoint\",\"latitude\":10,\"longitude\":20},\"$maxDistanceInRadians\":0.5}}";
        assertThat(mongo(near, true)).isEqualTo("{\"loc\": {\"$nearSphere\": [20.0, 10.0], \"$maxDistance\": 0.5}}");
        String box = "{\"loc\":{\"$within\":{\"$box\":[{\"__type\":\"GeoPoint\",\"latitude\":1,\"longitude\":2},"
                + "{\"__type\":\"GeoPoint\",\"latitude\":3,\"longitude\":4}]}}}";
        assertThat(mongo(box, true)).isEqualTo("{\"loc\": {\"$geoWithin\": {\"$box\": [[2.0, 1.0], [4.0, 3.0]]}}}");
        String intersects = "{\"area\":{\"$geoIntersects\":{\"$point\":{\"__type\":\"GeoPoint\",\"latitude\":1,\"longitude\":2}}}}";
        assertThat(mongo(intersects, true)).isEqualTo(
                "{\"area\": {\"$geoIntersects\": {\"$geometry\": {\"type\": \"Point\", \"coordinates\": [2.0, 1.0]}}}}");
        var predicate = new WhereParser(QueryLimits.DEFAULTS, false).parse(Json.parse(text));
        assertThat(MongoFilters.textField(predicate)).isEqualTo("title");
    }

    @Test
    void sortUsesStoredNamesAndTextScore() {
        assertThat(MongoFilters.sort(SCHEMA, List.of(new SortKey("createdAt", false), new SortKey("author", true),
                new SortKey("$score", false))).toJson())
                .isEqualTo("{\"_created_at\": -1, \"_p_author\": 1, \"score\": {\"$meta\": \"textScore\"}}");
    }
}
