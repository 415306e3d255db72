package io.psip.gateway.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A Programmable SIP domain; {@code acl} holds normalised CIDR blocks. Timestamps are set by the store. */
public record DomainRecord(String name, String accountId, UUID applicationId, List<String> acl, boolean digestAuth,
                           String tls, String srtp, String domainType, Instant createdAt, Instant updatedAt) {
  public DomainRecord {
    acl = List.copyOf(acl);
  }
}
