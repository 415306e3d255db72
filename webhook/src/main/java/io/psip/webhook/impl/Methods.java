package io.psip.webhook.impl;

import io.psip.directory.ApplicationEntry.Webhook;

/** Defaults for what a webhook may leave unset (vonage-psip.md §3.6 defaults). */
final class Methods {
  static final int DEFAULT_CONNECT_TIMEOUT_MS = 1000;
  static final int DEFAULT_ANSWER_SOCKET_TIMEOUT_MS = 5000;
  static final int DEFAULT_EVENT_SOCKET_TIMEOUT_MS = 10000;

  private Methods() {}

  /** GET or POST, case-insensitively; anything else (or nothing) is the default. */
  static boolean isPost(String method, boolean defaultPost) {
    if ("POST".equalsIgnoreCase(method)) return true;
    if ("GET".equalsIgnoreCase(method)) return false;
    return defaultPost;
  }

  static int connectTimeout(Webhook hook) {
    return hook != null && hook.connectTimeoutMs() > 0 ? hook.connectTimeoutMs() : DEFAULT_CONNECT_TIMEOUT_MS;
  }

  static int socketTimeout(Webhook hook, int fallback) {
    return hook != null && hook.socketTimeoutMs() > 0 ? hook.socketTimeoutMs() : fallback;
  }
}
