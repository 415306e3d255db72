package io.psip.directory;

import java.util.List;

/** Read-only lookups for the SIP path: in memory, non-blocking, safe from any thread. */
public interface Directory {
  DomainEntry domain(String name);

  DomainUserEntry domainUser(String domain, String user);

  NumberEntry number(String msisdn);

  AccountEntry account(String apiKey);

  ApplicationEntry application(String id);

  /** Every domain, for components that index them (the ACL matcher). */
  List<DomainEntry> domains();

  /** Counts per kind, for health and tests. */
  int size(DirectoryEntry.Kind kind);

  /** Called after every change or reload, on the thread that applied it: lets indexes rebuild. */
  void addListener(Runnable listener);
}
