package dev.assay.engine.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Learner tokens against a JOSE library (nimbus, test scope only) as the reference for the format, both ways, and
 * the tokens a verifier must refuse.
 */
class LearnerTokensTest {
    private static final UUID PLATFORM = UUID.randomUUID();
    private static final byte[] SECRET = secret();
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(3600);

    @Test
    void aMintedTokenVerifiesAsItsLearnerUntilItExpires() {
        String token = LearnerTokens.mint(PLATFORM, SECRET, "ann", LATER);
        assertThat(verify(token, NOW)).hasValueSatisfying(l -> {
            assertThat(l.platformId()).isEqualTo(PLATFORM);
            assertThat(l.learnerId()).isEqualTo("ann");
            assertThat(l.expiresAt()).isEqualTo(LATER);
        });
        assertThat(verify(token, LATER.minusSeconds(1))).isPresent();
        assertThat(verify(token, LATER)).isEmpty();
        assertThat(LearnerTokens.claimedPlatform(token)).contains(PLATFORM);
    }

    @Test
    void aJoseLibraryVerifiesOurTokensAndWeVerifyItsTokens() throws Exception {
        SignedJWT ours = SignedJWT.parse(LearnerTokens.mint(PLATFORM, SECRET, "ann", LATER));
        assertThat(ours.verify(new MACVerifier(SECRET))).isTrue();
        assertThat(ours.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(ours.getJWTClaimsSet().getSubject()).isEqualTo("ann");
        assertThat(ours.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(LATER);

        String theirs = nimbus(JWSAlgorithm.HS256, SECRET, claims("bob").build());
        assertThat(verify(theirs, NOW)).hasValueSatisfying(l -> assertThat(l.learnerId()).isEqualTo("bob"));
    }

    @Test
    void tokensThatAreNotOursOrWereChangedAreRefused() throws Exception {
        assertThat(verify(LearnerTokens.mint(PLATFORM, secret(), "ann", LATER), NOW)).as("another secret").isEmpty();
        assertThat(verify(nimbus(JWSAlgorithm.HS512, SECRET, claims("ann").build()), NOW)).as("HS512").isEmpty();
        assertThat(verify(nimbus(JWSAlgorithm.HS256, SECRET, claims("ann").issuer("other").build()), NOW)).as("issuer").isEmpty();
        assertThat(verify(nimbus(JWSAlgorithm.HS256, SECRET, claims("ann").claim("scope", "staff").build()), NOW)).as("scope").isEmpty();
        assertThat(verify(nimbus(JWSAlgorithm.HS256, SECRET, claims(null).build()), NOW)).as("no subject").isEmpty();
        assertThat(verify(nimbus(JWSAlgorithm.HS256, SECRET, claims("ann").expirationTime(null).build()), NOW)).as("no expiry").isEmpty();

        String[] parts = LearnerTokens.mint(PLATFORM, SECRET, "ann", LATER).split("\\.");
        String bob = encode(decode(parts[1]).replace("\"ann\"", "\"bob\""));
        assertThat(verify(parts[0] + "." + bob + "." + parts[2], NOW)).as("payload changed").isEmpty();
        String none = encode("{\"alg\":\"none\"}");
        assertThat(verify(none + "." + parts[1] + ".", NOW)).as("alg none").isEmpty();
        assertThat(verify(none + "." + parts[1] + "." + parts[2], NOW)).as("alg none, old signature").isEmpty();
        String crit = encode("{\"alg\":\"HS256\",\"crit\":[\"exp\"]}");
        String critSigned = crit + "." + parts[1];
        assertThat(verify(critSigned + "." + encodeBytes(hmac(critSigned)), NOW)).as("critical header").isEmpty();
        assertThat(verify(critSigned.replace(crit, parts[0]) + "." + encodeBytes(hmac(critSigned.replace(crit, parts[0]))), NOW))
                .as("the same signed without it").isPresent();
    }

    @Test
    void malformedCredentialsAreNotClaims() {
        String token = LearnerTokens.mint(PLATFORM, SECRET, "ann", LATER);
        for (String bad : new String[]{"", "a.b", "a.b.c.d", token + ".x", "!!!.###.$$$", "e30.e30.", encode("[]") + ".e30.",
                encode("{}") + "." + encode("{\"pid\":\"not a uuid\"}") + ".", encode("{}") + "." + encode("{\"pid\":7}") + ".",
                "x".repeat(5000)}) {
            assertThat(LearnerTokens.claim(bad)).as(bad.length() > 60 ? bad.substring(0, 60) : bad).isEmpty();
        }
        assertThat(LearnerTokens.claim(null)).isEmpty();
    }

    @Test
    void anUnknownPlatformOrAnEmptySecretVerifiesNothing() {
        LearnerTokens.Claimed claimed = LearnerTokens.claim(LearnerTokens.mint(PLATFORM, SECRET, "ann", LATER)).orElseThrow();
        assertThat(LearnerTokens.verify(claimed, null, NOW)).isEmpty();
        assertThat(LearnerTokens.verify(claimed, new byte[0], NOW)).isEmpty();
    }

    private static Optional<Principal.Learner> verify(String token, Instant now) {
        return LearnerTokens.claim(token).flatMap(c -> LearnerTokens.verify(c, SECRET, now));
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().issuer(LearnerTokens.ISSUER).subject(subject).claim("pid", PLATFORM.toString())
                .claim("scope", LearnerTokens.SCOPE).issueTime(Date.from(NOW)).expirationTime(Date.from(LATER));
    }

    private static String nimbus(JWSAlgorithm alg, byte[] secret, JWTClaimsSet claims) throws Exception {
        byte[] key = alg == JWSAlgorithm.HS512 ? java.util.Arrays.copyOf(secret, 64) : secret;
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private static byte[] hmac(String signingInput) throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(SECRET, "HmacSHA256"));
        return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] secret() {
        byte[] s = new byte[32];
        new SecureRandom().nextBytes(s);
        return s;
    }

    private static String encode(String json) {
        return encodeBytes(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String encodeBytes(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }
}
