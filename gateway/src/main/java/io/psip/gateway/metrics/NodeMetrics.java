package io.psip.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.psip.auth.AuthChain;
import io.psip.auth.Authenticator;
import io.psip.call.CallRegistry;
import io.psip.call.OverloadGuard;
import io.psip.directory.Directory;
import io.psip.directory.DirectoryEntry;
import io.psip.sip.stack.SipStack;
import io.psip.webhook.WebhookStats;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * This node's {@code /metrics} (Prometheus text, via Micrometer): SIP traffic, live calls, admission (digest failures
 * and bans), webhooks, the directory and the JVM. Every meter reads a thread-safe source at scrape time; the SIP
 * stack's counts come from a snapshot its own context refreshes, since the stack may only be touched there.
 */
public final class NodeMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private volatile SipStack.SipStackStats sip;
  /** Objects meters read that nothing else references (meters hold theirs weakly). */
  private final List<Object> held = new ArrayList<>();

  public NodeMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  /** The Prometheus text exposition of every meter. */
  public String scrape() { return registry.scrape(); }

  /** The SIP stack's counts, as its context last read them. */
  public void sipStats(SipStack.SipStackStats stats) { sip = stats; }

  public void bindSip() {
    sipGauge("psip_sip_server_transactions", "open server transactions", s -> s.serverTransactions());
    sipGauge("psip_sip_client_transactions", "open client transactions", s -> s.clientTransactions());
    sipGauge("psip_sip_tcp_connections", "open TCP connections", s -> s.tcpConnections());
    sipCounter("psip_sip_messages_received", "SIP messages received", s -> s.receivedMessages());
    sipCounter("psip_sip_parse_failures", "SIP messages that did not parse", s -> s.parseFailures());
    sipCounter("psip_sip_retransmissions_absorbed", "retransmissions matched to their transaction", s -> s.retransmissionsAbsorbed());
  }

  /**
   * The SIP context's event-loop lag, its UDP queue's wait and the calls refused for them
   * ({@code sip.overload_lag_ms}, {@code sip.overload_queue_ms}).
   */
  public void bindOverload(Supplier<OverloadGuard> guard) {
    Gauge.builder("psip_sip_loop_lag_ms", guard, g -> g.get() == null ? 0 : g.get().lagMs()).strongReference(true)
        .description("how late the SIP event loop runs its timers").register(registry);
    Gauge.builder("psip_sip_udp_queue_ms", guard, g -> g.get() == null ? -1 : g.get().udpQueueMs())
        .strongReference(true)
        .description("how long a datagram waits in the UDP socket's queue before psip reads it (-1: not measured)")
        .register(registry);
    held.add(guard); // a function counter holds its object weakly, and nothing else holds this supplier
    FunctionCounter.builder("psip_calls_refused_overload", guard, g -> g.get() == null ? 0 : g.get().refused())
        .description("new calls refused with 503 while the SIP node was overloaded").register(registry);
  }

  public void bindCalls(Supplier<CallRegistry> calls) {
    // strong references: a gauge holds its object weakly, and nothing else holds this supplier
    Gauge.builder("psip_calls_active", calls, c -> c.get() == null ? 0 : c.get().activeCalls()).strongReference(true)
        .description("calls this node carries").register(registry);
    Gauge.builder("psip_dialogs", calls, c -> c.get() == null ? 0 : c.get().dialogs()).strongReference(true)
        .description("SIP dialogs of live calls").register(registry);
  }

  /** {@code psip_auth_<member>_<key>} for each chain member's own metrics (digest failures, bans…). */
  public void bindAuth(AuthChain chain) {
    for (Authenticator member : chain.members()) {
      for (String key : member.metrics().keySet()) {
        String name = "psip_auth_" + member.name() + "_" + key;
        Gauge.builder(name, member, m -> value(m.metrics(), key)).description(member.name() + " " + key.replace('_', ' '))
            .register(registry);
      }
    }
  }

  public void bindWebhooks(WebhookStats stats) {
    FunctionCounter.builder("psip_webhook_answers", stats, s -> s.answersOk()).tag("outcome", "ncco").register(registry);
    FunctionCounter.builder("psip_webhook_answers", stats, s -> s.answersFailed()).tag("outcome", "failed").register(registry);
    FunctionCounter.builder("psip_webhook_answer_attempts", stats, s -> s.answerAttempts()).register(registry);
    FunctionCounter.builder("psip_webhook_events", stats, s -> s.eventsSent()).tag("outcome", "sent").register(registry);
    FunctionCounter.builder("psip_webhook_events", stats, s -> s.eventsFailed()).tag("outcome", "failed").register(registry);
    FunctionCounter.builder("psip_webhook_events", stats, s -> s.eventsDropped()).tag("outcome", "dropped").register(registry);
  }

  /** {@code psip_cluster_members}: the members of this node's cluster as this node sees them (itself included). */
  public void bindCluster(IntSupplier members) {
    Gauge.builder("psip_cluster_members", members, IntSupplier::getAsInt).strongReference(true)
        .description("members of this node's cluster, itself included").register(registry);
  }

  public void bindDirectory(Directory directory) {
    for (DirectoryEntry.Kind kind : DirectoryEntry.Kind.values()) {
      Gauge.builder("psip_directory_entries", directory, d -> d.size(kind))
          .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry);
    }
  }

  private void sipGauge(String name, String description, ToDoubleFunction<SipStack.SipStackStats> f) {
    Gauge.builder(name, this, m -> m.sip == null ? 0 : f.applyAsDouble(m.sip)).description(description).register(registry);
  }

  private void sipCounter(String name, String description, ToDoubleFunction<SipStack.SipStackStats> f) {
    FunctionCounter.builder(name, this, m -> m.sip == null ? 0 : f.applyAsDouble(m.sip)).description(description)
        .register(registry);
  }

  private static double value(Map<String, Number> metrics, String key) {
    Number n = metrics.get(key);
    return n == null ? 0 : n.doubleValue();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
