package io.psip.gateway.sip;

import io.psip.auth.AuthChain;
import io.psip.call.CallRecorder;
import io.psip.call.CallService;
import io.psip.directory.Directory;
import io.psip.gateway.config.GatewayConfig;
import io.psip.gateway.db.ClusterKeys;
import io.psip.gateway.metrics.NodeMetrics;
import io.psip.routing.CallRouter;
import io.psip.sip.message.SipSyntaxException;
import io.psip.sip.message.SipUri;
import io.psip.sip.stack.SipStack;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Base64;
import java.util.function.BiFunction;

import static io.psip.gateway.config.ConfigKeys.AUTH_BAN_FAILURES;
import static io.psip.gateway.config.ConfigKeys.AUTH_BAN_TIME_S;
import static io.psip.gateway.config.ConfigKeys.AUTH_BAN_WINDOW_S;
import static io.psip.gateway.config.ConfigKeys.AUTH_CHAIN;
import static io.psip.gateway.config.ConfigKeys.AUTH_NONCE_LIFETIME_S;
import static io.psip.gateway.config.ConfigKeys.AUTH_NONCE_TRACKING_MAX;
import static io.psip.gateway.config.ConfigKeys.CALLS_MAX;
import static io.psip.gateway.config.ConfigKeys.CALLS_MAX_PER_ACCOUNT;
import static io.psip.gateway.config.ConfigKeys.OUTBOUND_TRUNK;
import static io.psip.gateway.config.ConfigKeys.SIP_DOMAIN;
import static io.psip.gateway.config.ConfigKeys.SIP_OVERLOAD_QUEUE_MS;
import static io.psip.gateway.config.ConfigKeys.SIP_OVERLOAD_LAG_MS;
import static io.psip.gateway.config.ConfigKeys.SIP_REGIONS;
import static io.psip.gateway.config.ConfigKeys.WEBHOOK_ANSWER_BUDGET_MS;

/**
 * Wires call handling from configuration: the router, the auth chain (members from the class path, the digest nonce
 * key shared through the database), the caps, the trunk, and the recorder of legs.
 */
public final class Admission {
  private static final Logger log = LoggerFactory.getLogger(Admission.class);

  private Admission() {}

  /**
   * Builds the router and the auth chain now (a bad chain stops start-up), and returns what attaches call handling
   * to the SIP stack once the SIP verticle has made it.
   */
  public static Future<BiFunction<Vertx, SipStack, CallService>> create(Vertx vertx, GatewayConfig config,
      Directory directory, Pool pool, String advertisedHost, String node, CallRecorder recorder, NodeMetrics metrics) {
    return ClusterKeys.getOrCreate(pool, ClusterKeys.DIGEST_NONCE).map(nonceKey -> {
      String sipDomain = config.get(SIP_DOMAIN);
      AuthChain chain = AuthChain.load(config.get(AUTH_CHAIN), vertx, directory, authSections(config, nonceKey),
          sipDomain, Admission.class.getClassLoader());
      log.info("auth chain: {}", String.join(" > ", chain.memberNames()));
      metrics.bindAuth(chain);
      CallRouter router = new CallRouter(directory, sipDomain, config.get(SIP_REGIONS));
      CallService.Options options = new CallService.Options(advertisedHost, node, trunk(config),
          config.get(CALLS_MAX), config.get(CALLS_MAX_PER_ACCOUNT), config.get(WEBHOOK_ANSWER_BUDGET_MS),
          config.get(SIP_OVERLOAD_LAG_MS), config.get(SIP_OVERLOAD_QUEUE_MS));
      return (v, stack) -> CallService.attach(v, stack, options, router, chain, directory, recorder);
    });
  }

  /** {@code outbound.trunk} (validated as a SIP URI by the configuration), or null when empty. */
  private static SipUri trunk(GatewayConfig config) {
    String trunk = config.get(OUTBOUND_TRUNK);
    if (trunk.isEmpty()) return null;
    try {
      return SipUri.parse(trunk);
    } catch (SipSyntaxException e) {
      throw new IllegalArgumentException("outbound.trunk: " + e.getMessage(), e);
    }
  }

  /** Each member's own section ({@code auth.<name>}); the digest member gets the ban and nonce settings. */
  static JsonObject authSections(GatewayConfig config, byte[] nonceKey) {
    JsonObject digest = new JsonObject()
        .put("nonce_key", Base64.getEncoder().encodeToString(nonceKey))
        .put("nonce_lifetime_s", config.get(AUTH_NONCE_LIFETIME_S))
        .put("nonce_tracking_max", config.get(AUTH_NONCE_TRACKING_MAX))
        .put("ban_failures", config.get(AUTH_BAN_FAILURES))
        .put("ban_window_s", config.get(AUTH_BAN_WINDOW_S))
        .put("ban_time_s", config.get(AUTH_BAN_TIME_S));
    return new JsonObject().put("acl", new JsonObject()).put("digest", digest);
  }
}
