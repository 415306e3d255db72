/**
 * The typed NCCO model (Vonage Call Control Objects) and its validating parser.
 *
 * <p>{@link io.psip.ncco.NccoParser#parse(String)} turns an application's answer into an
 * {@link io.psip.ncco.NccoResult}: either a {@link io.psip.ncco.Ncco} of typed
 * {@link io.psip.ncco.NccoAction}s, or every problem found, each naming its exact path
 * ({@code [0].endpoint[0].uri: not a sip: or sips: URI}). The parser never throws. Unknown extra fields
 * are ignored, as Vonage does. The parser does not execute anything and does not add the {@code X-}
 * prefix to SIP {@code headers} keys: that is the executor's job.
 *
 * <p>{@link io.psip.ncco.MediaSupport} says which valid actions this build cannot run yet
 * because they need a media plane.
 */
package io.psip.ncco;
