package dev.assay.engine.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Platforms' webhook endpoints. Deliveries and their log are in {@link DeliveryStore}. */
public final class WebhookStore {
    /** Until when the last of the secrets rotated out still signs (null when none does). */
    private static final String PREVIOUS_UNTIL = """
            (SELECT max((e->>'until')::timestamptz) FROM jsonb_array_elements(previous_secrets) e
             WHERE (e->>'until')::timestamptz > now()) AS previous_secret_until""";

    private static final String SELECT = """
            SELECT id, url, description, secret, enabled, disabled_reason, created_at, updated_at,
                   %s
            FROM webhook_endpoints""".formatted(PREVIOUS_UNTIL);

    private final Pool pool;

    public WebhookStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * @param disabledReason      why a disabled endpoint stopped (null while enabled)
     * @param previousSecretUntil until when the last of the secrets rotated out still signs too (null: none)
     */
    public record EndpointRow(UUID id, String url, String description, String secret, boolean enabled,
                              String disabledReason, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                              OffsetDateTime previousSecretUntil) {
    }

    public Future<EndpointRow> create(UUID platformId, String url, String description, String secret) {
        UUID id = UUID.randomUUID();
        return pool.preparedQuery("""
                        INSERT INTO webhook_endpoints(id, platform_id, url, description, secret) VALUES ($1, $2, $3, $4, $5)
                        RETURNING id, url, description, secret, enabled, disabled_reason, created_at, updated_at,
                                  NULL::timestamptz AS previous_secret_until""")
                .execute(Tuple.of(id, platformId, url, description, secret))
                .map(rows -> toRow(rows.iterator().next()));
    }

    public Future<List<EndpointRow>> list(UUID platformId) {
        return pool.preparedQuery(SELECT + " WHERE platform_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(platformId))
                .map(rows -> {
                    List<EndpointRow> out = new ArrayList<>();
                    rows.forEach(r -> out.add(toRow(r)));
                    return out;
                });
    }

    public Future<Optional<EndpointRow>> get(UUID platformId, UUID id) {
        return pool.preparedQuery(SELECT + " WHERE platform_id = $1 AND id = $2")
                .execute(Tuple.of(platformId, id))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toRow(rows.iterator().next())));
    }

    /**
     * Changes an endpoint; null leaves a field as it is. Disabling stops its pending deliveries (staff replay them
     * once it is enabled again); enabling clears the reason it was disabled. A new {@code secret} replaces the
     * current one, which goes on signing beside it for {@code previousSecretHours} (0: not at all, as when it leaked).
     */
    public Future<Optional<EndpointRow>> update(UUID platformId, UUID id, String url, String description, Boolean enabled,
                                                String secret, int previousSecretHours) {
        return pool.withTransaction(c -> c.preparedQuery("""
                                UPDATE webhook_endpoints SET url = COALESCE($3, url), description = COALESCE($4, description),
                                       -- each secret rotated out signs until its own overlap ends; 0 hours (a
                                       -- leaked secret) stops every one of them at once
                                       previous_secrets = CASE
                                           WHEN $6::text IS NULL THEN previous_secrets
                                           WHEN $7 = 0 THEN '[]'::jsonb
                                           ELSE COALESCE((SELECT jsonb_agg(e) FROM jsonb_array_elements(previous_secrets) e
                                                          WHERE (e->>'until')::timestamptz > now()), '[]'::jsonb)
                                                || jsonb_build_array(jsonb_build_object('secret', secret,
                                                       'until', now() + make_interval(hours => $7))) END,
                                       secret = COALESCE($6, secret), enabled = COALESCE($5, enabled),
                                       disabled_reason = CASE WHEN $5 IS NULL THEN disabled_reason
                                                              WHEN $5 THEN NULL ELSE 'disabled by the platform' END,
                                       updated_at = now()
                                WHERE platform_id = $1 AND id = $2
                                RETURNING id, url, description, secret, enabled, disabled_reason, created_at, updated_at,
                                          """ + PREVIOUS_UNTIL + """
                                """)
                .execute(Tuple.from(Arrays.asList(platformId, id, url, description, enabled, secret, previousSecretHours)))
                .compose(rows -> {
                    if (rows.size() == 0) {
                        return Future.succeededFuture(Optional.<EndpointRow>empty());
                    }
                    EndpointRow row = toRow(rows.iterator().next());
                    Future<Void> stop = Boolean.FALSE.equals(enabled) ? DeliveryStore.stopPending(c, id) : Future.succeededFuture();
                    return stop.map(Optional.of(row));
                }));
    }

    private static EndpointRow toRow(Row r) {
        return new EndpointRow(r.getUUID("id"), r.getString("url"), r.getString("description"), r.getString("secret"),
                r.getBoolean("enabled"), r.getString("disabled_reason"), r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("updated_at"), r.getOffsetDateTime("previous_secret_until"));
    }
}
