package io.heliobase.livequery.matching;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Spherical distance and planar containment as Parse's GeoPoint/Polygon and MongoDB's legacy geo operators do. */
final class Geo {
    private Geo() {
    }

    /** A GeoPoint's [latitude, longitude], or null when the value is not a GeoPoint. */
    static double[] point(JsonNode node) {
        if (!JsonValues.isType(node, "GeoPoint") || !node.path("latitude").isNumber()
                || !node.path("longitude").isNumber()) {
            return null;
        }
        return new double[] {node.path("latitude").asDouble(), node.path("longitude").asDouble()};
    }

    /** A Polygon's [latitude, longitude] vertices, or null when the value is not a Polygon. */
    static List<double[]> polygon(JsonNode node) {
        if (!JsonValues.isType(node, "Polygon") || !node.path("coordinates").isArray()) {
            return null;
        }
        List<double[]> points = new ArrayList<>();
        for (JsonNode pair : node.path("coordinates")) {
            if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isNumber()) {
                return null;
            }
            points.add(new double[] {pair.get(0).asDouble(), pair.get(1).asDouble()});
        }
        return points.size() < 3 ? null : points;
    }

    /** Haversine distance in radians, as Parse's GeoPoint.radiansTo. */
    static double radiansBetween(double lat1, double lng1, double lat2, double lng2) {
        double la1 = Math.toRadians(lat1);
        double la2 = Math.toRadians(lat2);
        double sinLat = Math.sin((la1 - la2) / 2);
        double sinLng = Math.sin((Math.toRadians(lng1) - Math.toRadians(lng2)) / 2);
        double a = sinLat * sinLat + Math.cos(la1) * Math.cos(la2) * sinLng * sinLng;
        return 2 * Math.asin(Math.sqrt(Math.min(1.0, a)));
    }

    /** MongoDB's $box is inclusive; a box whose west edge is east of its east edge matches nothing (as Parse). */
    static boolean inBox(double lat, double lng, double swLat, double swLng, double neLat, double neLng) {
        if (swLat > neLat || swLng > neLng) {
            return false;
        }
        return lat >= swLat && lat <= neLat && lng >= swLng && lng <= neLng;
    }

    /** Even-odd ray casting over [latitude, longitude] vertices, as Parse's Polygon.containsPoint. */
    static boolean inPolygon(List<double[]> vertices, double lat, double lng) {
        boolean inside = false;
        for (int i = 0, j = vertices.size() - 1; i < vertices.size(); j = i++) {
            double[] a = vertices.get(i);
            double[] b = vertices.get(j);
            if (a[1] > lng != b[1] > lng && lat < (b[0] - a[0]) * (lng - a[1]) / (b[1] - a[1]) + a[0]) {
                inside = !inside;
            }
        }
        return inside;
    }
}
