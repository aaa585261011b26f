/**
 * Who subscribed to what (an index grouping identical queries), which event a change means, and per-subscription
 * payload shaping (keys, watch). It must not depend on a transport, sessions or ACL resolution: the caller does those.
 */
package io.heliobase.livequery.subscription;
