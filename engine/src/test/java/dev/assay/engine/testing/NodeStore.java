package dev.assay.engine.testing;

import dev.assay.engine.store.Database;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

import java.util.concurrent.TimeUnit;

/**
 * A node, and a Vert.x pool of the test's own on the node's database: for store tests whose rows are easiest set
 * up through the API.
 */
public record NodeStore(TestNode node, Vertx vertx, Pool pool) implements AutoCloseable {

    public static NodeStore start() throws Exception {
        TestNode node = TestNode.start();
        Vertx vertx = Vertx.vertx();
        return new NodeStore(node, vertx, TestDatabase.pool(vertx, Database.PgLocation.parse(node.pgUrl())));
    }

    @Override
    public void close() throws Exception {
        pool.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
        node.close();
    }
}
