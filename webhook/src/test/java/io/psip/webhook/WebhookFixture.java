package io.psip.webhook;

import io.psip.bus.AnswerReply;
import io.psip.bus.AnswerRequest;
import io.psip.bus.CallEvent;
import io.psip.bus.WebhookAddresses;
import io.psip.directory.AccountEntry;
import io.psip.directory.ApplicationEntry;
import io.psip.directory.ApplicationEntry.Webhook;
import io.psip.directory.DirectoryChange;
import io.psip.directory.impl.InMemoryDirectory;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicLong;

import static io.psip.webhook.Await.await;

/**
 * A deployed {@link WebhookVerticle} on a real event bus, an in-memory directory fed the way the node feeds it
 * (versioned upserts), and a real HTTP application on loopback.
 */
@ExtendWith(VertxExtension.class)
abstract class WebhookFixture {
  static final String API_KEY = "acct1";
  static final String SECRET = "s3cret-signature-key-of-acct1-0123456789";
  static final String APP_ID = "app-1";

  private final AtomicLong version = new AtomicLong();
  Vertx vertx;
  InMemoryDirectory directory;
  AppServer app;
  WebhookVerticle verticle;

  @BeforeEach
  void startFixture(Vertx vertx) {
    this.vertx = vertx;
    directory = new InMemoryDirectory();
    app = AppServer.start(vertx);
    upsert(new AccountEntry(API_KEY, "Account one", "ha1", "ha1-256", SECRET));
    deploy(new WebhookOptions());
  }

  @AfterEach
  void stopFixture() {
    app.stop();
  }

  /** Replaces the deployed verticle with one built from these options. */
  void deploy(WebhookOptions options) {
    if (verticle != null) await(vertx.undeploy(deploymentId));
    verticle = new WebhookVerticle(directory, options);
    deploymentId = await(vertx.deployVerticle(verticle));
  }

  private String deploymentId;

  void upsert(io.psip.directory.DirectoryEntry entry) {
    directory.apply(DirectoryChange.upsert(entry, version.incrementAndGet()));
  }

  /** The application {@link #APP_ID}, signed, with these webhooks (null = not configured). */
  void application(Webhook answer, Webhook fallback, Webhook event) {
    application(answer, fallback, event, true);
  }

  void application(Webhook answer, Webhook fallback, Webhook event, boolean signed) {
    upsert(new ApplicationEntry(APP_ID, API_KEY, "App one", answer, fallback, event, signed));
  }

  static Webhook get(String url) { return new Webhook(url, "GET", 1000, 5000); }

  static Webhook post(String url) { return new Webhook(url, "POST", 1000, 5000); }

  static JsonObject params() {
    return new JsonObject().put("to", "442079460000").put("from", "447700900000")
        .put("uuid", "aaaaaaaa-bbbb-cccc-dddd-0123456789ab").put("conversation_uuid", "CON-aaaaaaaa-bbbb-cccc-dddd-0123456789ab");
  }

  AnswerReply answer(JsonObject params, long budgetMs) {
    return answer(new AnswerRequest(APP_ID, API_KEY, params, budgetMs).toJson());
  }

  AnswerReply answer() { return answer(params(), 10_000); }

  AnswerReply answer(Object requestBody) {
    var reply = await(vertx.eventBus().<JsonObject>request(WebhookAddresses.ANSWER, requestBody,
        new DeliveryOptions().setSendTimeout(20_000)));
    return AnswerReply.fromJson(reply.body());
  }

  void event(CallEvent event) {
    vertx.eventBus().send(WebhookAddresses.EVENT, event.toJson());
  }

  /** A port nothing listens on: bound once, then closed. */
  int closedPort() {
    AppServer s = AppServer.start(vertx);
    int port = s.port();
    s.stop();
    return port;
  }

  /** Waits for a condition read from another thread (stats). */
  static void eventually(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + 10_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not met within 10 s");
      Thread.sleep(10);
    }
  }
}
