/**
 * Sign in with Apple, Google and any OpenID Connect provider: checks the id_token in a user's authData against the
 * provider's published keys and returns the verified subject. It must not depend on Helidon, storage or the other
 * server features: callers pass configuration and authData in and get a subject or a ParseException back.
 */
package io.heliobase.server.auth.oidc;
