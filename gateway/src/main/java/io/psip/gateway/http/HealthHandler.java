package io.psip.gateway.http;

import io.psip.gateway.NodeStatus;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health}: 200 {@code {"status":"UP", ...}} when every enabled part is ready, 503 {@code "DOWN"} otherwise,
 * so load balancers and orchestrators can route around a node that is starting, stopping (draining its calls) or has
 * lost its database. A clustered node adds {@code "cluster": {"node": id, "members": n}}.
 * The database is asked with a cheap query whose answer is cached for a second.
 */
final class HealthHandler implements Handler<RoutingContext> {
  private final NodeStatus status;

  HealthHandler(NodeStatus status) { this.status = status; }

  @Override
  public void handle(RoutingContext ctx) {
    status.checkDatabase().onComplete(checked -> respond(ctx));
  }

  private void respond(RoutingContext ctx) {
    boolean ready = status.ready();
    JsonObject body = new JsonObject().put("status", ready ? "UP" : "DOWN");
    if (status.sipEnabled()) {
      NodeStatus.SipListeners sip = status.sip();
      body.put("sip", sip == null
          ? new JsonObject().put("status", "DOWN")
          : new JsonObject().put("udp_port", sip.udpPort()).put("tcp_port", sip.tcpPort()));
    }
    if (status.webhookEnabled()) body.put("webhook", status.webhookReady() ? "up" : "down");
    if (status.hasDatabase()) body.put("database", status.databaseUp() ? "up" : "down");
    NodeStatus.ClusterMembership cluster = status.cluster();
    if (cluster != null) body.put("cluster", new JsonObject().put("node", cluster.node()).put("members", cluster.members()));
    if (status.draining()) body.put("draining", true);
    ctx.response()
        .setStatusCode(ready ? 200 : 503)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }
}
