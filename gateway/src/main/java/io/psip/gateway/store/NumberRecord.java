package io.psip.gateway.store;

import java.time.Instant;
import java.util.UUID;

/** A number (E.164 digits without '+'), owned by one account, optionally linked to one of its applications. */
public record NumberRecord(String msisdn, String accountId, UUID applicationId, Instant createdAt, Instant updatedAt) {}
