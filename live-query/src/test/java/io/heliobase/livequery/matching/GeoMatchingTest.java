package io.heliobase.livequery.matching;

import static io.heliobase.livequery.matching.QueryMatcherTest.matches;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GeoMatchingTest {
    static final String SF = "{'loc':{'__type':'GeoPoint','latitude':37.7749,'longitude':-122.4194}}";
    static final String OAKLAND = "{'__type':'GeoPoint','latitude':37.8044,'longitude':-122.2712}";
    static final String LA = "{'__type':'GeoPoint','latitude':34.0522,'longitude':-118.2437}";

    @Test
    void nearSphereWithinMaxDistance() {
        // SF–Oakland ≈ 13 km, SF–LA ≈ 559 km
        assertThat(matches("{'loc':{'$nearSphere':" + OAKLAND + ",'$maxDistanceInKilometers':20}}", SF)).isTrue();
        assertThat(matches("{'loc':{'$nearSphere':" + LA + ",'$maxDistanceInKilometers':500}}", SF)).isFalse();
        assertThat(matches("{'loc':{'$nearSphere':" + LA + ",'$maxDistanceInMiles':400}}", SF)).isTrue();
        assertThat(matches("{'loc':{'$nearSphere':" + LA + ",'$maxDistance':0.1}}", SF)).isTrue();
        assertThat(matches("{'loc':{'$nearSphere':" + LA + "}}", SF)).isTrue();
        assertThat(matches("{'loc':{'$nearSphere':" + LA + "}}", "{'loc':'nowhere'}")).isFalse();
    }

    @Test
    void withinBox() {
        String box = "{'loc':{'$within':{'$box':[{'__type':'GeoPoint','latitude':37,'longitude':-123},"
                + "{'__type':'GeoPoint','latitude':38,'longitude':-122}]}}}";
        assertThat(matches(box, SF)).isTrue();
        assertThat(matches(box, "{'loc':" + LA + "}")).isFalse();
        assertThat(matches(box, "{}")).isFalse();
    }

    @Test
    void withinPolygonOfGeoPoints() {
        String triangle = "{'loc':{'$geoWithin':{'$polygon':[{'__type':'GeoPoint','latitude':37,'longitude':-123},"
                + "{'__type':'GeoPoint','latitude':39,'longitude':-122},"
                + "{'__type':'GeoPoint','latitude':37,'longitude':-121}]}}}";
        assertThat(matches(triangle, SF)).isTrue();
        assertThat(matches(triangle, "{'loc':" + LA + "}")).isFalse();
    }

    @Test
    void withinCenterSphere() {
        String nearOakland = "{'loc':{'$geoWithin':{'$centerSphere':[[-122.2712,37.8044],0.003]}}}";
        assertThat(matches(nearOakland, SF)).isTrue();
        String tiny = "{'loc':{'$geoWithin':{'$centerSphere':[[-122.2712,37.8044],0.001]}}}";
        assertThat(matches(tiny, SF)).isFalse();
    }

    @Test
    void polygonIntersectsPoint() {
        String area = "{'area':{'__type':'Polygon','coordinates':[[0,0],[0,10],[10,10],[10,0]]}}";
        assertThat(matches("{'area':{'$geoIntersects':{'$point':{'__type':'GeoPoint','latitude':5,'longitude':5}}}}",
                area)).isTrue();
        assertThat(matches("{'area':{'$geoIntersects':{'$point':{'__type':'GeoPoint','latitude':15,'longitude':5}}}}",
                area)).isFalse();
        assertThat(matches("{'area':{'$geoIntersects':{'$point':{'__type':'GeoPoint','latitude':5,'longitude':5}}}}",
                "{'area':[1,2]}")).isFalse();
    }

    @Test
    void geoPointEquality() {
        assertThat(matches("{'loc':{'__type':'GeoPoint','latitude':37.7749,'longitude':-122.4194}}", SF)).isTrue();
    }
}
