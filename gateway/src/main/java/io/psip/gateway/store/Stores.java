package io.psip.gateway.store;

/** The stores one node uses, built once at start-up over the shared pool. */
public record Stores(AccountStore accounts, ApplicationStore applications, DomainStore domains,
                     DomainUserStore domainUsers, NumberStore numbers, CallStore calls) {
  /** Event-bus address of {@link io.psip.directory.DirectoryChange} publications (JSON, so they cross a cluster). */
  public static final String CHANGES_ADDRESS = "psip.config.changed";
  /** Event-bus address that asks every node to reload its directory in full. */
  public static final String RELOAD_ADDRESS = "psip.directory.reload";
}
