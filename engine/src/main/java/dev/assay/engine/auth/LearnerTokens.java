package dev.assay.engine.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

/**
 * Learner tokens are HS256 JWTs signed with the issuing platform's own secret, so a token of one platform can
 * never be verified against another, and rotating a platform's secret revokes all of its tokens.
 */
public final class LearnerTokens {
    public static final String ISSUER = "assay";
    public static final String SCOPE = "learner";

    private LearnerTokens() {
    }

    public static String mint(UUID platformId, byte[] secret, String learnerId, Instant expiresAt) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(learnerId)
                .claim("pid", platformId.toString())
                .claim("scope", SCOPE)
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign learner token", e);
        }
        return jwt.serialize();
    }

    /** A token parsed but not yet verified, with the platform it claims to come from. */
    public record Claimed(UUID platformId, SignedJWT jwt, JWTClaimsSet claims) {
    }

    /**
     * Parses a token and reads the platform it claims to come from, so that platform's secret can be looked up; the
     * result is verified with {@link #verify(Claimed, byte[], Instant)}, without parsing the token again.
     */
    public static Optional<Claimed> claim(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return claims.getClaim("pid") instanceof String pid
                    ? Optional.of(new Claimed(UUID.fromString(pid), jwt, claims)) : Optional.empty();
        } catch (ParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The platform a token claims to come from, unverified. */
    public static Optional<UUID> claimedPlatform(String token) {
        return claim(token).map(Claimed::platformId);
    }

    /**
     * Verifies signature, issuer, scope and expiry of a claimed token against its platform's secret (null: unknown
     * platform); returns the learner or empty.
     */
    public static Optional<Principal.Learner> verify(Claimed claimed, byte[] secret, Instant now) {
        try {
            SignedJWT jwt = claimed.jwt();
            if (secret == null || !JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())
                    || !jwt.verify(new MACVerifier(secret))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = claimed.claims();
            Date exp = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || !SCOPE.equals(claims.getStringClaim("scope"))
                    || exp == null || !exp.toInstant().isAfter(now) || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Principal.Learner(claimed.platformId(), claims.getSubject(), exp.toInstant()));
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
