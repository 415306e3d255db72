package io.psip.gateway;

import io.psip.gateway.config.ConfigLoader;
import io.psip.gateway.config.GatewayConfig;
import io.psip.gateway.config.InvalidConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.psip.gateway.config.ConfigKeys.CLUSTER_ENABLED;

/**
 * {@code java -jar psip-gateway.jar [--conf FILE] [--cluster] [--help]}. Exit codes: 0 after {@code --help} or a
 * clean stop, 1 when the node cannot start (a port in use…), 2 for a bad command line or configuration. Problems
 * are one line on stderr, never a stack trace.
 */
public final class Main {
  static final int EXIT_OK = 0;
  static final int EXIT_START_FAILED = 1;
  static final int EXIT_BAD_CONFIG = 2;
  /** SIGTERM gives the node this long to close its sockets before the JVM exits anyway. */
  static final long STOP_TIMEOUT_SECONDS = 10;

  private Main() {}

  public static void main(String[] args) {
    // before any Vert.x class initialises its logging: route Vert.x's own logs to SLF4J (logback, conf/logback.xml)
    if (System.getProperty("vertx.logger-delegate-factory-class-name") == null) {
      System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.SLF4JLogDelegateFactory");
    }
    // and Hazelcast's (clustered nodes), which it decides once, when its first class logs
    if (System.getProperty("hazelcast.logging.type") == null) System.setProperty("hazelcast.logging.type", "slf4j");
    int code = run(args, System.getenv());
    if (code != EXIT_OK) System.exit(code);
    // otherwise the node runs on Vert.x's (non-daemon) threads until SIGTERM runs the shutdown hook
  }

  static int run(String[] args, Map<String, String> env) {
    CommandLine cli;
    try {
      cli = CommandLine.parse(args);
    } catch (CommandLine.UsageException e) {
      System.err.println("psip: " + e.getMessage());
      return EXIT_BAD_CONFIG;
    }
    if (cli.help()) {
      System.out.println(CommandLine.USAGE);
      return EXIT_OK;
    }

    GatewayConfig config;
    try {
      Map<String, Object> flags = cli.cluster() ? Map.of(CLUSTER_ENABLED.name(), true) : Map.of();
      config = new ConfigLoader().load(cli.confFile(), env, flags);
    } catch (InvalidConfigException e) {
      System.err.println("psip: invalid configuration: " + e.getMessage());
      return EXIT_BAD_CONFIG;
    }

    Gateway gateway;
    try {
      gateway = Gateway.start(config).toCompletionStage().toCompletableFuture().get();
    } catch (InvalidConfigException e) { // the cluster's Hazelcast file or address, found unusable before joining
      System.err.println("psip: invalid configuration: " + e.getMessage());
      return EXIT_BAD_CONFIG;
    } catch (ExecutionException e) {
      System.err.println("psip: cannot start: " + describe(e.getCause()));
      return EXIT_START_FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      System.err.println("psip: interrupted while starting");
      return EXIT_START_FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(gateway), "psip-shutdown"));
    return EXIT_OK;
  }

  /**
   * The shutdown hook (SIGTERM, SIGINT): a clustered node drains its calls (at most {@code cluster.drain_s}) and
   * leaves its cluster; then sockets and timers close; never hang the JVM's exit.
   */
  private static void stop(Gateway gateway) {
    Logger log = LoggerFactory.getLogger(Main.class);
    long timeout = STOP_TIMEOUT_SECONDS + gateway.drainSeconds();
    try {
      gateway.stop().toCompletionStage().toCompletableFuture().get(timeout, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      log.warn("psip did not stop within {} s; exiting anyway", timeout);
    } catch (ExecutionException e) {
      // Gateway.stop() has logged it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) return e.getClass().getSimpleName();
    message = message.strip();
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl).strip(); // one line, whatever a library puts in its message
  }
}
