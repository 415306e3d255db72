package io.psip.ncco;

import java.util.List;

/** The outcome of {@link NccoParser#parse}: a typed {@link Ncco} or the list of every problem found. */
public sealed interface NccoResult permits NccoResult.Valid, NccoResult.Invalid {

  boolean isValid();

  /** The NCCO parsed and every field passed validation. */
  record Valid(Ncco ncco) implements NccoResult {
    @Override public boolean isValid() { return true; }
  }

  /** At least one problem; each names its path, e.g. {@code [0].endpoint[0].uri: not a sip: or sips: URI}. */
  record Invalid(List<String> problems) implements NccoResult {
    public Invalid {
      problems = List.copyOf(problems);
      if (problems.isEmpty()) throw new IllegalArgumentException("an invalid NCCO has at least one problem");
    }

    @Override public boolean isValid() { return false; }

    /** All problems on one line, separated by {@code "; "} (for a SIP Warning header or an event's detail). */
    public String summary() { return String.join("; ", problems); }
  }
}
