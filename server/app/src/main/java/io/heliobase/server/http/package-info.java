/**
 * The HTTP edge of the Parse API: one Helidon handler, the route table, body aliases, keys and error bodies.
 * Features plug in routes; nothing here knows storage.
 */
package io.heliobase.server.http;
