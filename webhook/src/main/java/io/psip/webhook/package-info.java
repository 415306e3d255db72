/** The webhook verticle (answer and event callbacks, NCCO). Implemented with the call admission issue. */
package io.psip.webhook;
