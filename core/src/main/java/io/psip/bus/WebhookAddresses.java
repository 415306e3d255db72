package io.psip.bus;

/**
 * Event-bus addresses between the SIP path and the webhook verticles. Messages are JSON (they may cross the
 * cluster), built and read by the records of this package.
 */
public final class WebhookAddresses {
  /** Request-reply: {@link AnswerRequest} in, {@link AnswerReply} back. */
  public static final String ANSWER = "psip.webhook.answer";
  /**
   * Request-reply: a {@link CallEvent}; the reply ({@code {"outcome": "sent"|"failed"|"dropped"}}) comes once the
   * delivery is over, so the sender can keep a call's events in order across webhook nodes. A failing event_url
   * never disturbs the call.
   */
  public static final String EVENT = "psip.webhook.event";
  /**
   * Request-reply: a {@link CallEvent} whose answer may carry an NCCO ({@code notify}, a synchronous
   * {@code connect}'s failure), replied with an {@link AnswerReply} exactly as for {@link #ANSWER} (no fallback).
   */
  public static final String EVENT_NCCO = "psip.webhook.event.ncco";

  private WebhookAddresses() {}
}
