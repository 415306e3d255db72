package io.psip.directory;

import java.util.List;

/**
 * A Programmable SIP domain: {@code name} is the first label of {@code <name>.sip-<region>.<sip.domain>}. The ACL
 * holds normalised CIDR blocks (an address alone is its /32 or /128).
 */
public record DomainEntry(String name, String accountId, String applicationId, List<String> acl, boolean digestAuth,
                          String tls, String srtp, String domainType) implements DirectoryEntry {
  public DomainEntry {
    acl = List.copyOf(acl);
  }

  @Override
  public Kind kind() { return Kind.DOMAIN; }

  @Override
  public String key() { return name; }
}
