package dev.assay.engine.peer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.engine.store.PeerReviewStore;
import dev.assay.engine.store.PeerReviewStore.ConfigRow;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed peer-review configurations for the learners' hot path (reviews:next), so that a request does not read
 * and parse the configuration again. Never trusted blindly: the lease statement checks the cached version against
 * the stored one and answers "stale" when staff changed it (on this node or another), and the caller then reads it
 * again with {@link #reload}.
 */
public final class PeerConfigCache {
    /** Past this many assessments the cache starts again rather than grow without bound. */
    private static final int MAX_ENTRIES = 10_000;

    private final PeerReviewStore store;
    private final Map<UUID, Entry> byAssessment = new ConcurrentHashMap<>();

    public PeerConfigCache(PeerReviewStore store) {
        this.store = store;
    }

    /**
     * A configuration with what every request derives from it, computed once.
     *
     * @param rubricJson the rubric as shown to reviewers
     */
    public record Entry(UUID platformId, ConfigRow row, PeerConfig config, ObjectNode rubricJson,
                        Map<String, List<String>> membersByTeam) {

        /** Learners whose submissions {@code reviewer} may not get: themselves and their team-mates. */
        public List<String> excludedFor(String reviewer) {
            String team = config.teamOf(reviewer);
            if (team == null) {
                return List.of(reviewer);
            }
            var out = new ArrayList<String>(membersByTeam.get(team));
            if (!out.contains(reviewer)) {
                out.add(reviewer);
            }
            return out;
        }

        static Entry of(UUID platformId, ConfigRow row) {
            PeerConfig config = PeerConfigCodec.readStored(row.config());
            var members = new HashMap<String, List<String>>();
            config.teams().forEach((learner, team) -> members.computeIfAbsent(team, t -> new ArrayList<>()).add(learner));
            members.replaceAll((team, list) -> List.copyOf(list));
            return new Entry(platformId, row, config, (ObjectNode) PeerConfigCodec.write(config).get("rubric"),
                    Map.copyOf(members));
        }
    }

    /** The assessment's configuration for a platform, from the cache when there. */
    public Future<Optional<Entry>> get(UUID platformId, UUID assessmentId) {
        Entry cached = byAssessment.get(assessmentId);
        if (cached != null && cached.platformId().equals(platformId)) {
            return Future.succeededFuture(Optional.of(cached));
        }
        return reload(platformId, assessmentId);
    }

    /** Reads the configuration from the store, replacing what the cache held. */
    public Future<Optional<Entry>> reload(UUID platformId, UUID assessmentId) {
        return store.config(platformId, assessmentId).map(row -> {
            if (row.isEmpty()) {
                byAssessment.remove(assessmentId);
                return Optional.empty();
            }
            Entry entry = Entry.of(platformId, row.get());
            if (byAssessment.size() >= MAX_ENTRIES) {
                byAssessment.clear();
            }
            byAssessment.put(assessmentId, entry);
            return Optional.of(entry);
        });
    }
}
