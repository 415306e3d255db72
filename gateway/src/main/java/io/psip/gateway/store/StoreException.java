package io.psip.gateway.store;

/** Why a store operation failed, in terms the API maps to a status: 409, 404 or 503. Stackless: an outcome. */
public abstract sealed class StoreException extends RuntimeException
    permits StoreException.Conflict, StoreException.NotFound, StoreException.Unavailable {
  protected StoreException(String message) {
    super(message, null, false, false);
  }

  /** 409: a unique name or number is taken, a resource is in use, a limit (users per domain) is reached. */
  public static final class Conflict extends StoreException {
    public Conflict(String message) { super(message); }
  }

  /** 404: absent, or another account's. */
  public static final class NotFound extends StoreException {
    public NotFound(String message) { super(message); }
  }

  /** 503: the database cannot be reached in time. */
  public static final class Unavailable extends StoreException {
    public Unavailable(String message) { super(message); }
  }
}
