package io.psip.ncco;

import java.util.List;

/** A valid NCCO: an immutable, non-empty list of actions, run in order. */
public record Ncco(List<NccoAction> actions) {
  public Ncco {
    actions = List.copyOf(actions);
    if (actions.isEmpty()) throw new IllegalArgumentException("an NCCO needs at least one action");
  }

  public int size() { return actions.size(); }

  public NccoAction get(int index) { return actions.get(index); }
}
