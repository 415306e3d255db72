package io.psip.webhook;

import io.psip.authacl.AclMatcher;
import io.psip.authacl.Cidr;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * How the webhook verticle talks HTTP: which addresses it refuses, how much of an answer it reads, how many
 * connections it keeps, how it names itself. Per-webhook timeouts are the application's, not here.
 */
public final class WebhookOptions {
  /**
   * Link-local and cloud metadata addresses: a webhook URL must never become a way to read the node's instance
   * credentials (SSRF). Loopback and private ranges stay allowed: local apps and tests use them.
   */
  public static final List<String> DEFAULT_DENY =
      List.of("169.254.0.0/16", "fe80::/10", "100.100.100.200/32", "fd00:ec2::254/128");
  public static final int DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024;
  public static final int DEFAULT_MAX_POOL_SIZE = 32;
  public static final String DEFAULT_USER_AGENT = "psip/" + version();

  static final int MIN_ANSWER_BYTES = 1024;
  static final int MAX_ANSWER_BYTES = 64 * 1024 * 1024;
  static final int MAX_POOL_SIZE = 1024;

  private List<String> deny = DEFAULT_DENY;
  private AclMatcher denyMatcher = AclMatcher.of(DEFAULT_DENY);
  private int maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES;
  private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
  private String userAgent = DEFAULT_USER_AGENT;

  /**
   * Reads the {@code webhook} section of a deployment config ({@code {"webhook": {...}}}, as the gateway hands
   * each verticle its sections); a missing section or key keeps the default. Keys of the section that are not
   * this verticle's (the SIP side's {@code answer_budget_ms}) are ignored.
   *
   * @throws IllegalArgumentException naming {@code webhook.<key>} and what it must be
   */
  public static WebhookOptions fromJson(JsonObject config) {
    WebhookOptions o = new WebhookOptions();
    JsonObject s = config == null ? null : config.getValue("webhook") instanceof JsonObject j ? j : null;
    if (s == null) return o;
    if (s.containsKey("deny")) o.setDeny(denyList(s.getValue("deny")));
    if (s.containsKey("max_answer_bytes")) o.setMaxAnswerBytes(integer(s, "max_answer_bytes"));
    if (s.containsKey("max_pool_size")) o.setMaxPoolSize(integer(s, "max_pool_size"));
    if (s.containsKey("user_agent")) {
      if (!(s.getValue("user_agent") instanceof String ua)) throw new IllegalArgumentException("webhook.user_agent must be a string");
      o.setUserAgent(ua);
    }
    return o;
  }

  /** @throws IllegalArgumentException naming the first entry that is not a CIDR block */
  public WebhookOptions setDeny(List<String> cidrs) {
    List<Cidr> blocks = new ArrayList<>(cidrs.size());
    for (String c : cidrs) {
      try {
        blocks.add(Cidr.parse(c));
      } catch (Cidr.InvalidCidrException e) {
        throw new IllegalArgumentException("webhook.deny entry '" + c + "' " + e.getMessage());
      }
    }
    this.deny = List.copyOf(cidrs);
    this.denyMatcher = AclMatcher.compile(blocks);
    return this;
  }

  public WebhookOptions setMaxAnswerBytes(int bytes) {
    if (bytes < MIN_ANSWER_BYTES || bytes > MAX_ANSWER_BYTES) {
      throw new IllegalArgumentException("webhook.max_answer_bytes must be between " + MIN_ANSWER_BYTES + " and "
          + MAX_ANSWER_BYTES + ", got " + bytes);
    }
    this.maxAnswerBytes = bytes;
    return this;
  }

  public WebhookOptions setMaxPoolSize(int size) {
    if (size < 1 || size > MAX_POOL_SIZE) {
      throw new IllegalArgumentException("webhook.max_pool_size must be between 1 and " + MAX_POOL_SIZE + ", got " + size);
    }
    this.maxPoolSize = size;
    return this;
  }

  public WebhookOptions setUserAgent(String ua) {
    // a header value: no control characters, or a configured value could inject headers
    if (ua == null || ua.isBlank() || ua.length() > 256 || ua.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("webhook.user_agent must be 1 to 256 printable characters");
    }
    this.userAgent = ua;
    return this;
  }

  public List<String> deny() { return deny; }

  public AclMatcher denyMatcher() { return denyMatcher; }

  public int maxAnswerBytes() { return maxAnswerBytes; }

  public int maxPoolSize() { return maxPoolSize; }

  public String userAgent() { return userAgent; }

  private static List<String> denyList(Object value) {
    List<String> out = new ArrayList<>();
    if (value instanceof String text) {
      for (String part : text.split(",")) if (!part.isBlank()) out.add(part.strip());
    } else if (value instanceof JsonArray array) {
      for (Object e : array) {
        if (!(e instanceof String text)) throw new IllegalArgumentException("webhook.deny entries must be strings");
        out.add(text.strip());
      }
    } else {
      throw new IllegalArgumentException("webhook.deny must be a comma-separated list or an array of CIDR blocks");
    }
    return out;
  }

  private static int integer(JsonObject s, String key) {
    Object v = s.getValue(key);
    if ((v instanceof Integer || v instanceof Long) && ((Number) v).longValue() == ((Number) v).intValue()) {
      return ((Number) v).intValue();
    }
    throw new IllegalArgumentException("webhook." + key + " must be an integer");
  }

  /** The version Maven records in the jar (kept by the shaded gateway jar); "dev" from a build directory. */
  private static String version() {
    try (InputStream in = WebhookOptions.class.getResourceAsStream("/META-INF/maven/io.psip/psip-webhook/pom.properties")) {
      if (in == null) return "dev";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "dev");
    } catch (Exception e) {
      return "dev";
    }
  }
}
