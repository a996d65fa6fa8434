package dev.assay.engine.lti;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * The signed JWT with which a tool asks an LTI 1.3 platform for an access token (the client_credentials grant with a
 * private_key_jwt client assertion, RFC 7523): RS256, issued by and about the tool's client id, for the platform's
 * token endpoint, valid five minutes, with a unique {@code jti}.
 */
public final class ClientAssertion {
    static final long LIFETIME_SECONDS = 300;
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private ClientAssertion() {
    }

    public static String sign(RSAPrivateKey key, UUID kid, String clientId, String tokenUrl, Instant now) {
        ObjectNode header = JsonNodeFactory.instance.objectNode().put("alg", "RS256").put("typ", "JWT")
                .put("kid", kid.toString());
        ObjectNode claims = JsonNodeFactory.instance.objectNode().put("iss", clientId).put("sub", clientId)
                .put("aud", tokenUrl).put("iat", now.getEpochSecond())
                .put("exp", now.getEpochSecond() + LIFETIME_SECONDS).put("jti", UUID.randomUUID().toString());
        String signingInput = part(header.toString()) + "." + part(claims.toString());
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(String json) {
        return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
