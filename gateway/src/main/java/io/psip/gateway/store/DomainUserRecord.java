package io.psip.gateway.store;

import java.time.Instant;

/** A digest user of a domain as the API shows it: the secret is write-only. */
public record DomainUserRecord(String domain, String key, Instant createdAt, Instant updatedAt) {}
