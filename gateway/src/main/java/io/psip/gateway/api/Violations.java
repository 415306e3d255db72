package io.psip.gateway.api;

import io.psip.gateway.http.Problems.InvalidParameter;

import java.util.ArrayList;
import java.util.List;

/** Every invalid field of one request, collected so the caller learns all of them in one 422, not one per try. */
public final class Violations {
  private final List<InvalidParameter> found = new ArrayList<>();

  public void add(String name, String reason) { found.add(new InvalidParameter(name, reason)); }

  public boolean isEmpty() { return found.isEmpty(); }

  public List<InvalidParameter> list() { return List.copyOf(found); }

  /** Throws the 422 when anything was found. */
  public void throwIfAny() {
    if (!found.isEmpty()) throw ApiProblem.invalid(found);
  }
}
