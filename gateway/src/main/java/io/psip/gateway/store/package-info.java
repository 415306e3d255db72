/**
 * Provisioning storage: the interfaces the admin API calls, implemented on PostgreSQL (vertx-pg-client). Every
 * method is scoped to the calling account: another account's resource is reported as absent, never as forbidden.
 * Every successful write has been committed before its future completes, and has published its
 * {@link io.psip.directory.DirectoryChange}s on {@link io.psip.gateway.store.Stores#CHANGES_ADDRESS}.
 */
package io.psip.gateway.store;
