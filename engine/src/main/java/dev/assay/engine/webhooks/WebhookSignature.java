package dev.assay.engine.webhooks;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Standard Webhooks signing: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">}, keyed by
 * the bytes of a {@code whsec_}-prefixed base64 secret. Receivers verify with any Standard Webhooks library.
 */
public final class WebhookSignature {
    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A fresh secret: 32 random bytes, base64, with the conventional prefix. */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** The {@code webhook-signature} header value for one delivery. */
    public static String sign(String secret, String id, long timestampSeconds, String body) {
        return "v1," + Base64.getEncoder().encodeToString(hmac(secret, id + "." + timestampSeconds + "." + body));
    }

    /** The header signed with each of {@code secrets}, space-separated: a receiver accepts any one that matches. */
    public static String sign(java.util.List<String> secrets, String id, long timestampSeconds, String body) {
        return String.join(" ", secrets.stream().map(s -> sign(s, id, timestampSeconds, body)).toList());
    }

    /**
     * Whether a {@code webhook-signature} header (space-separated {@code v1,...} entries, as when a secret is being
     * rotated) holds a valid signature of this delivery. Compares in constant time.
     */
    public static boolean verify(String secret, String id, long timestampSeconds, String body, String header) {
        if (header == null) {
            return false;
        }
        byte[] expected = hmac(secret, id + "." + timestampSeconds + "." + body);
        for (String entry : header.trim().split(" +")) {
            if (!entry.startsWith("v1,")) {
                continue;
            }
            try {
                if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
                    return true;
                }
            } catch (IllegalArgumentException notBase64) {
                // a malformed entry is simply not a match
            }
        }
        return false;
    }

    private static byte[] hmac(String secret, String content) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(encoded), "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
