/**
 * The webhook verticle: {@link io.psip.webhook.WebhookVerticle} answers {@code psip.webhook.answer} requests by
 * calling the application's answer_url (then its fallback) and delivers call events to its event_url, signed,
 * retried per vonage-psip.md §3.5, bounded by the caller's budget, never to a denied address.
 * {@link io.psip.webhook.WebhookOptions} holds the node-wide settings; {@code impl} holds the HTTP work.
 */
package io.psip.webhook;
