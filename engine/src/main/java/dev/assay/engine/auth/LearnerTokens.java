package dev.assay.engine.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * Learner tokens are HS256 JWTs (RFC 7519, compact JWS of RFC 7515) signed with the issuing platform's own secret,
 * so a token of one platform can never be verified against another, and rotating a platform's secret revokes all
 * of its tokens.
 *
 * <p>Written here rather than with a JOSE library because every learner request verifies one: the library's general
 * parse (every header and claim type, dates, nested objects) took a tenth of the node's CPU at 1,000 reviews:next
 * requests a second, and Assay needs exactly one algorithm and five claims. What a JOSE library checks that applies
 * here is checked too: the header names HS256 and nothing critical, the signature is compared in constant time,
 * and the claims are read only from a token whose signature holds.
 */
public final class LearnerTokens {
    public static final String ISSUER = "assay";
    public static final String SCOPE = "learner";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final String HEADER = ENCODE.encodeToString("{\"alg\":\"HS256\"}".getBytes(StandardCharsets.UTF_8));
    /** Far over any token Assay mints (about 250 characters); a longer credential is not parsed at all. */
    private static final int MAX_LENGTH = 4096;
    /** Mac instances are not thread-safe, and looking one up costs more than the signature itself. */
    private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    });

    private LearnerTokens() {
    }

    public static String mint(UUID platformId, byte[] secret, String learnerId, Instant expiresAt) {
        ObjectNode claims = JSON.createObjectNode()
                .put("iss", ISSUER)
                .put("sub", learnerId)
                .put("pid", platformId.toString())
                .put("scope", SCOPE)
                .put("iat", Instant.now().getEpochSecond())
                .put("exp", expiresAt.getEpochSecond());
        String signingInput = HEADER + "." + ENCODE.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        return signingInput + "." + ENCODE.encodeToString(sign(secret, signingInput));
    }

    /** A token split and its claims read, not yet verified, with the platform it claims to come from. */
    public record Claimed(UUID platformId, String signingInput, byte[] signature, JsonNode header, JsonNode claims) {
    }

    /**
     * Parses a token and reads the platform it claims to come from, so that platform's secret can be looked up; the
     * result is verified with {@link #verify(Claimed, byte[], Instant)}, without parsing the token again.
     */
    public static Optional<Claimed> claim(String token) {
        if (token == null || token.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return Optional.empty(); // not three parts: an encrypted (JWE) or malformed token
        }
        try {
            JsonNode header = JSON.readTree(DECODE.decode(token.substring(0, first)));
            JsonNode claims = JSON.readTree(DECODE.decode(token.substring(first + 1, second)));
            byte[] signature = DECODE.decode(token.substring(second + 1));
            if (header == null || !header.isObject() || claims == null || !claims.isObject()
                    || !(claims.get("pid") instanceof JsonNode pid) || !pid.isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new Claimed(UUID.fromString(pid.asText()), token.substring(0, second), signature,
                    header, claims));
        } catch (IllegalArgumentException | java.io.IOException e) {
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
        JsonNode header = claimed.header();
        // "crit" names extensions the verifier must understand (RFC 7515, 4.1.11): none is, so such a token is refused.
        if (secret == null || secret.length == 0 || !"HS256".equals(text(header, "alg")) || header.has("crit")
                || !MessageDigest.isEqual(sign(secret, claimed.signingInput()), claimed.signature())) {
            return Optional.empty();
        }
        JsonNode claims = claimed.claims();
        JsonNode exp = claims.get("exp");
        String subject = text(claims, "sub");
        if (!ISSUER.equals(text(claims, "iss")) || !SCOPE.equals(text(claims, "scope")) || subject == null
                || exp == null || !exp.canConvertToLong() || exp.asLong() <= now.getEpochSecond()) {
            return Optional.empty();
        }
        long expires = Math.min(exp.asLong(), Instant.MAX.getEpochSecond());
        return Optional.of(new Principal.Learner(claimed.platformId(), subject, Instant.ofEpochSecond(expires)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    private static byte[] sign(byte[] secret, String signingInput) {
        Mac mac = MACS.get();
        try {
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign learner token", e);
        }
        return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    }
}
