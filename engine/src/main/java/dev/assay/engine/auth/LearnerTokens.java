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
import java.util.function.Function;

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

    /** The platform a token claims to come from, read before verification so its secret can be looked up. */
    public static Optional<UUID> claimedPlatform(String token) {
        try {
            Object pid = SignedJWT.parse(token).getJWTClaimsSet().getClaim("pid");
            return pid instanceof String s ? Optional.of(UUID.fromString(s)) : Optional.empty();
        } catch (ParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Verifies signature, issuer, scope and expiry; returns the learner or empty. */
    public static Optional<Principal.Learner> verify(String token, Function<UUID, byte[]> secrets, Instant now) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm())) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            UUID platformId = UUID.fromString(claims.getStringClaim("pid"));
            byte[] secret = secrets.apply(platformId);
            if (secret == null || !jwt.verify(new MACVerifier(secret))) {
                return Optional.empty();
            }
            Date exp = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer()) || !SCOPE.equals(claims.getStringClaim("scope"))
                    || exp == null || !exp.toInstant().isAfter(now) || claims.getSubject() == null) {
                return Optional.empty();
            }
            return Optional.of(new Principal.Learner(platformId, claims.getSubject()));
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
