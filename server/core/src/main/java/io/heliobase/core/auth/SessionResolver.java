package io.heliobase.core.auth;

import java.util.Optional;

/** Turns a session token into the signed-in user it belongs to, or empty if the token is unknown or expired. */
@FunctionalInterface
public interface SessionResolver {
    Optional<Caller.User> resolve(String sessionToken);
}
