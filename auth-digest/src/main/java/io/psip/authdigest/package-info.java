/** SIP digest authentication (RFC 3261 §22, RFC 7616, RFC 8760). Implemented with the call admission issue. */
package io.psip.authdigest;
