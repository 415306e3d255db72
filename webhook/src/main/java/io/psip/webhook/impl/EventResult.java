package io.psip.webhook.impl;

/**
 * What became of one event.
 *
 * @param detail why it failed or was dropped; {@code null} when sent
 */
public record EventResult(Outcome outcome, int attempts, String detail) {
  public enum Outcome { SENT, FAILED, DROPPED }

  static EventResult dropped(String why) { return new EventResult(Outcome.DROPPED, 0, why); }
}
