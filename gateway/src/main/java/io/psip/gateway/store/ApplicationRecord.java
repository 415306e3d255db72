package io.psip.gateway.store;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** A voice application; {@code voice} is the validated, defaulted {@code capabilities.voice} object. */
public record ApplicationRecord(UUID id, String accountId, String name, JsonObject voice, Instant createdAt,
                                Instant updatedAt) {}
