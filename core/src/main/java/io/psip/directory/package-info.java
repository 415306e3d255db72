/**
 * The directory: each node's in-memory view of who it serves (accounts' SIP credentials, applications, PSIP
 * domains with their ACLs and digest users, numbers). The SIP path reads only this view; the admin API writes the
 * database and publishes a {@link io.psip.directory.DirectoryChange} that every node applies.
 */
package io.psip.directory;
