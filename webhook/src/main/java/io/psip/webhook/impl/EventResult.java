package io.psip.webhook.impl;

import io.vertx.core.buffer.Buffer;

/**
 * What became of one event.
 *
 * @param detail why it failed or was dropped; {@code null} when sent
 * @param body   the application's answer when it was asked for (an event that may return an NCCO), else null
 */
public record EventResult(Outcome outcome, int attempts, String detail, Buffer body) {
  public enum Outcome { SENT, FAILED, DROPPED }

  static EventResult dropped(String why) { return new EventResult(Outcome.DROPPED, 0, why, null); }
}
