package io.psip.call;

import java.time.Instant;

/**
 * One leg of a call as it is recorded (and listed by {@code GET /v1/calls}): written when the leg starts and again
 * at every status change, so the latest write is the leg's current state.
 *
 * @param uuid             the leg's id
 * @param conversationUuid {@code CON-…}, shared by the call's legs
 * @param accountId        the owning account (api_key): records are listed per account
 * @param applicationId    the application whose NCCO created or answered the leg
 * @param direction        {@code inbound} or {@code outbound}
 * @param from             the leg's {@code from} (number or SIP user)
 * @param to               the leg's {@code to} (number, SIP URI or user)
 * @param endpointType     {@code sip} or {@code phone}
 * @param status           the latest CONTRACT §6 status ({@code started}, {@code ringing}, {@code answered},
 *                         {@code completed}, {@code busy}, {@code cancelled}, {@code unanswered}, {@code rejected},
 *                         {@code failed})
 * @param startTime        when the leg started
 * @param answerTime       when it was answered, or {@code null}
 * @param endTime          when it ended, or {@code null} while it is up
 * @param sipCode          the final SIP status that ended the leg, or 0
 * @param detail           why it failed / ended ({@code cannot_route}, {@code timeout}, {@code restart}…), or null
 * @param disconnectedBy   {@code user} or {@code platform} for {@code completed}, else null
 * @param node             the node that owns the leg's state (closing records when a node is gone)
 */
public record LegRecord(String uuid, String conversationUuid, String accountId, String applicationId,
                        String direction, String from, String to, String endpointType, String status,
                        Instant startTime, Instant answerTime, Instant endTime, int sipCode, String detail,
                        String disconnectedBy, String node) {

  /** The leg's whole seconds from answer to end, 0 when it never was answered. */
  public long durationSeconds() {
    if (answerTime == null || endTime == null) return 0;
    return Math.max(0, endTime.getEpochSecond() - answerTime.getEpochSecond());
  }

  /** True once the leg reached a final status. */
  public boolean ended() { return endTime != null; }
}
