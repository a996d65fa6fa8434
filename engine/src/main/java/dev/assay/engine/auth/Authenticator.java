package dev.assay.engine.auth;

import dev.assay.engine.store.PlatformStore;
import io.vertx.core.Future;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a bearer credential to a principal. Platform lookups are cached briefly because every request
 * needs one; the cache holds only what the store already said, keyed by the key's hash.
 */
public final class Authenticator {
    private static final long CACHE_MILLIS = 30_000;

    private final PlatformStore platforms;
    private final Clock clock;
    private final Map<String, Cached<PlatformStore.PlatformRow>> byKey = new ConcurrentHashMap<>();
    private final Map<UUID, Cached<PlatformStore.PlatformRow>> byId = new ConcurrentHashMap<>();

    private record Cached<T>(Optional<T> value, long at) {
    }

    public Authenticator(PlatformStore platforms, Clock clock) {
        this.platforms = platforms;
        this.clock = clock;
    }

    public Future<Optional<Principal>> authenticate(String credential) {
        if (credential == null || credential.isBlank()) {
            return Future.succeededFuture(Optional.empty());
        }
        if (credential.startsWith(ApiKeys.PREFIX)) {
            return platformByKey(credential).map(p -> p.map(row -> new Principal.Platform(row.id(), row.name())));
        }
        Optional<LearnerTokens.Claimed> claimed = LearnerTokens.claim(credential);
        if (claimed.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return platformById(claimed.get().platformId()).map(p -> p.flatMap(row -> LearnerTokens
                .verify(claimed.get(), row.tokenSecret(), Instant.now(clock)).map(l -> (Principal) l)));
    }

    public Future<Optional<PlatformStore.PlatformRow>> platformById(UUID id) {
        Cached<PlatformStore.PlatformRow> c = byId.get(id);
        if (fresh(c)) {
            return Future.succeededFuture(c.value());
        }
        return platforms.byId(id).onSuccess(v -> byId.put(id, new Cached<>(v, clock.millis())));
    }

    private Future<Optional<PlatformStore.PlatformRow>> platformByKey(String key) {
        String hash = java.util.HexFormat.of().formatHex(ApiKeys.hash(key));
        Cached<PlatformStore.PlatformRow> c = byKey.get(hash);
        if (fresh(c)) {
            return Future.succeededFuture(c.value());
        }
        return platforms.byKeyHash(ApiKeys.hash(key)).onSuccess(v -> {
            if (byKey.size() > 10_000) {
                byKey.clear(); // unbounded growth from random wrong keys must not exhaust memory
            }
            byKey.put(hash, new Cached<>(v, clock.millis()));
        });
    }

    private boolean fresh(Cached<?> c) {
        return c != null && clock.millis() - c.at() < CACHE_MILLIS;
    }
}
