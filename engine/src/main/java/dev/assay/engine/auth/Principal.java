package dev.assay.engine.auth;

import java.util.UUID;

/** Who is calling: a platform with its API key, or one of its learners with a short-lived token. */
public sealed interface Principal {
    UUID platformId();

    record Platform(UUID platformId, String name) implements Principal {
    }

    /** @param expiresAt when the token stops working (a stream opened with it ends then too) */
    record Learner(UUID platformId, String learnerId, java.time.Instant expiresAt) implements Principal {
    }
}
