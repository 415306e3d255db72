/** Per-domain IP access control lists (CIDR, IPv4 and IPv6). Implemented with the call admission issue. */
package io.psip.authacl;
