/**
 * The HTTP work behind {@link io.psip.webhook.WebhookVerticle}: {@code WebhookClient} (a pooled client for answers
 * and one for events, signing, the deny-list guard) runs {@code AnswerCall}s and {@code EventCall}s, each a sequence
 * of {@code WebhookHttp} attempts whose outcomes are values ({@code Attempt}), never exceptions. Not an API: the
 * verticle is.
 */
package io.psip.webhook.impl;
