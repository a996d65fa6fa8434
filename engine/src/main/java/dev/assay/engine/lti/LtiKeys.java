package dev.assay.engine.lti;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * A registration's RSA key pair (2048 bits, RS256 as LTI 1.3 requires), its storage encodings, and the JSON Web Key
 * Set platforms fetch to check Assay's signatures.
 */
public final class LtiKeys {
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private LtiKeys() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8, as stored. */
    public static byte[] encodePrivate(KeyPair pair) {
        return pair.getPrivate().getEncoded();
    }

    /** X.509 SubjectPublicKeyInfo, as stored. */
    public static byte[] encodePublic(KeyPair pair) {
        return pair.getPublic().getEncoded();
    }

    public static RSAPrivateKey privateKey(byte[] pkcs8) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored LTI private key does not read", e);
        }
    }

    public static RSAPublicKey publicKey(byte[] x509) {
        try {
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored LTI public key does not read", e);
        }
    }

    /** {@code {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid", "n", "e"}, ...]}} (RFC 7517). */
    public static ObjectNode jwks(Map<UUID, RSAPublicKey> keys) {
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        ArrayNode list = set.putArray("keys");
        keys.forEach((kid, key) -> list.addObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig")
                .put("kid", kid.toString()).put("n", unsigned(key.getModulus()))
                .put("e", unsigned(key.getPublicExponent())));
        return set;
    }

    /** A big-endian unsigned integer in base64url, without the sign byte Java adds (RFC 7518 6.3.1). */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return URL.encodeToString(bytes);
    }
}
