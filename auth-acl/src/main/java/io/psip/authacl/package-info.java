/**
 * Per-domain IP access control lists (CIDR, IPv4 and IPv6): {@link io.psip.authacl.Cidr} parses and normalises entries
 * (never DNS), {@link io.psip.authacl.AclMatcher} compiles one domain's list for longest-prefix lookups of the packet's
 * source address, {@link io.psip.authacl.DomainAclIndex} keeps every domain's matcher in step with the directory.
 * {@link io.psip.authacl.AclAuthenticator} (name {@code acl}) admits a domain's calls from listed sources with them.
 */
package io.psip.authacl;
