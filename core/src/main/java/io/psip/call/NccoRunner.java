package io.psip.call;

import io.psip.ncco.Ncco;

/**
 * Executes a valid NCCO whose every action psip supports, for an admitted call whose INVITE has had no final
 * response yet. Called on the SIP stack's context; owns the INVITE transaction from then on.
 */
public interface NccoRunner {
  void run(AdmittedCall call, Ncco ncco);
}
