package io.heliobase.server.auth.oidc;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.JWTClaimsSetVerifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The id_token claim rules of OpenID Connect Core 3.1.3.7, plus Parse's rule that the token's subject is the authData
 * id. Nimbus runs it only after the signature verified, so it never reasons about forged claims.
 */
final class ClaimsCheck implements JWTClaimsSetVerifier<SignIn> {
    private final Set<String> issuers;
    private final Set<String> clientIds;
    private final Duration skew;
    private final Clock clock;

    ClaimsCheck(ProviderConfig provider, Duration skew, Clock clock) {
        this.issuers = provider.issuers();
        this.clientIds = provider.clientIds();
        this.skew = skew;
        this.clock = clock;
    }

    @Override
    public void verify(JWTClaimsSet claims, SignIn signIn) throws BadJWTException {
        require(claims.getIssuer() != null && issuers.contains(claims.getIssuer()), Refusal.WRONG_ISSUER);
        // every audience must be ours: a token also issued to another client is not refused by "contains" alone
        List<String> audience = claims.getAudience();
        require(!audience.isEmpty() && audience.stream().allMatch(a -> a != null && clientIds.contains(a)),
                Refusal.WRONG_AUDIENCE);
        require(claims.getSubject() != null && claims.getExpirationTime() != null && claims.getIssueTime() != null,
                Refusal.MISSING_CLAIMS);
        Instant now = clock.instant();
        require(claims.getExpirationTime().toInstant().plus(skew).isAfter(now), Refusal.EXPIRED);
        require(notAfter(claims.getNotBeforeTime(), now) && notAfter(claims.getIssueTime(), now),
                Refusal.NOT_YET_VALID);
        require(claims.getSubject().equals(signIn.id()), Refusal.SUBJECT_MISMATCH);
        require(signIn.nonce() == null || signIn.nonce().equals(nonce(claims)), Refusal.NONCE_MISMATCH);
    }

    private boolean notAfter(Date time, Instant now) {
        return time == null || !time.toInstant().minus(skew).isAfter(now);
    }

    private static String nonce(JWTClaimsSet claims) {
        try {
            return claims.getStringClaim("nonce");
        } catch (java.text.ParseException e) {
            return null; // a non-string nonce matches nothing
        }
    }

    private static void require(boolean ok, Refusal refusal) throws Refused {
        if (!ok) {
            throw new Refused(refusal);
        }
    }
}
