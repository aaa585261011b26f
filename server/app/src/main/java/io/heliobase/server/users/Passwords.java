package io.heliobase.server.users;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/** bcrypt as Parse Server uses it: cost 10 for new hashes; any $2a$/$2b$/$2y$ hash written by Parse verifies. */
public final class Passwords {
    private static final int COST = 10;
    /** bcrypt reads at most 72 bytes; longer passwords are refused rather than silently truncated. */
    static final int MAX_BYTES = 72;

    private Passwords() {
    }

    public static String hash(String password) {
        return BCrypt.with(BCrypt.Version.VERSION_2B).hashToString(COST, password.toCharArray());
    }

    static boolean matches(String password, String hash) {
        if (hash == null || !hash.matches("^\\$2[abxy]\\$\\d\\d\\$.{53}$")) {
            return false;
        }
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    }
}
