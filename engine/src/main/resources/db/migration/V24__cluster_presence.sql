-- Each node says every few seconds that it is alive on this store, with the Hazelcast member it is. A node that
-- shares the store but is not a member of the cluster (a wrong --cluster-name, members it cannot reach) would
-- otherwise run as a second cluster unseen: its own event bus, caches and worker pool beside the real one's.
CREATE TABLE cluster_nodes (
    member_id    uuid        PRIMARY KEY,
    cluster_name text        NOT NULL,
    address      text        NOT NULL,
    http         text        NOT NULL,
    started_at   timestamptz NOT NULL,
    seen_at      timestamptz NOT NULL
);
