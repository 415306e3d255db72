package io.psip.directory;

/** A voice application: where its webhooks go, and whether they are signed. */
public record ApplicationEntry(String id, String accountId, String name, Webhook answer, Webhook fallbackAnswer,
                               Webhook event, boolean signedCallbacks) implements DirectoryEntry {
  /** One webhook: address, GET or POST, and timeouts in milliseconds. {@code null} when not configured. */
  public record Webhook(String address, String httpMethod, int connectTimeoutMs, int socketTimeoutMs) {}

  @Override
  public Kind kind() { return Kind.APPLICATION; }

  @Override
  public String key() { return id; }
}
