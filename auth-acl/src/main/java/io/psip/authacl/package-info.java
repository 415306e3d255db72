/**
 * Per-domain IP access control lists (CIDR, IPv4 and IPv6): {@link io.psip.authacl.Cidr} parses and normalises entries
 * (never DNS), {@link io.psip.authacl.AclMatcher} compiles one domain's list for longest-prefix lookups of the packet's
 * source address, {@link io.psip.authacl.DomainAclIndex} keeps every domain's matcher in step with the directory.
 * The authenticator that uses them (the auth-chain SPI) comes with the call admission issue.
 */
package io.psip.authacl;
