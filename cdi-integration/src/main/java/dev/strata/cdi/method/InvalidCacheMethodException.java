package dev.strata.cdi.method;

/** A method uses the caching annotations in a way the specification does not allow. */
public final class InvalidCacheMethodException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A problem described by {@code message}, which names the class and method. */
  public InvalidCacheMethodException(String message) {
    super(message);
  }
}
