/** Rate limits: Parse-style rules over Bucket4j token buckets; applied by the HTTP edge and batch, knows no storage. */
package io.heliobase.server.ratelimit;
