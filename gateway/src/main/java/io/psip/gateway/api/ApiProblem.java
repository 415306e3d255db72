package io.psip.gateway.api;

import io.psip.gateway.http.Problems.InvalidParameter;

import java.util.List;
import java.util.Map;

/**
 * An outcome the API answers with a problem document: a status, a detail for the caller, for 422 the list of every
 * invalid field, and any header the status calls for. Stackless: it is an answer, not a bug.
 */
public final class ApiProblem extends RuntimeException {
  private final int status;
  private final List<InvalidParameter> invalidParameters;
  private final Map<String, String> headers;

  private ApiProblem(int status, String detail, List<InvalidParameter> invalid, Map<String, String> headers) {
    super(detail, null, false, false);
    this.status = status;
    this.invalidParameters = List.copyOf(invalid);
    this.headers = Map.copyOf(headers);
  }

  public int status() { return status; }

  public String detail() { return getMessage(); }

  public List<InvalidParameter> invalidParameters() { return invalidParameters; }

  public Map<String, String> headers() { return headers; }

  public static ApiProblem of(int status, String detail) { return new ApiProblem(status, detail, List.of(), Map.of()); }

  public static ApiProblem badRequest(String detail) { return of(400, detail); }

  /** The same answer for a missing header, an unknown key and a wrong secret: nothing to learn from it. */
  public static ApiProblem unauthorized() {
    return new ApiProblem(401, "missing or invalid credentials: use HTTP Basic with api_key:api_secret", List.of(),
        Map.of("WWW-Authenticate", "Basic realm=\"psip\""));
  }

  public static ApiProblem notFound(String detail) { return of(404, detail); }

  public static ApiProblem methodNotAllowed(String detail, String allow) {
    return new ApiProblem(405, detail, List.of(), Map.of("Allow", allow));
  }

  public static ApiProblem conflict(String detail) { return of(409, detail); }

  public static ApiProblem unsupportedMediaType(String detail) { return of(415, detail); }

  public static ApiProblem invalid(List<InvalidParameter> invalid) {
    String detail = invalid.size() == 1
        ? "invalid value for " + invalid.get(0).name()
        : invalid.size() + " invalid values, see invalid_parameters";
    return new ApiProblem(422, detail, invalid, Map.of());
  }

  public static ApiProblem invalid(String name, String reason) {
    return invalid(List.of(new InvalidParameter(name, reason)));
  }

  public static ApiProblem unavailable(String detail) { return of(503, detail); }
}
