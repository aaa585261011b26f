/**
 * The LiveQuery wire protocol: typed client and server messages and the codec that validates them as Parse's
 * RequestSchema does. It must not depend on a transport (WebSocket, Helidon) or on matching and subscriptions.
 */
package io.heliobase.livequery.protocol;
