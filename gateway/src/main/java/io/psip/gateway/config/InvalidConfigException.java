package io.psip.gateway.config;

/** Configuration that cannot start a node. The message is one line: {@code <key>: <problem>}. */
public class InvalidConfigException extends RuntimeException {
  private final String key;

  public InvalidConfigException(String key, String problem) {
    super(key + ": " + problem, null, false, false); // a user error: no stack trace to capture or print
    this.key = key;
  }

  /** The key (or {@code --conf} for problems with the file itself) the problem is about. */
  public String key() { return key; }
}
