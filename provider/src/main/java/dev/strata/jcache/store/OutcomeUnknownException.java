package dev.strata.jcache.store;

import java.util.List;

/**
 * A write was sent but its outcome is unknown: the store did not answer in time (or the
 * connection was cut) and could not tell afterwards whether the write committed. It may have
 * been applied, or may still be applied by a server that received it late; the cache reports no
 * event for it and keeps no near copy of its keys. Read the keys to learn their state.
 *
 * <p>A write whose outcome could be learned never ends in this exception: it ends as the true
 * outcome (a write that committed returns as committed) or as a failure that changed nothing.
 */
public class OutcomeUnknownException extends StoreUnavailableException {
  private static final long serialVersionUID = 1L;

  private final transient List<Object> keys;

  public OutcomeUnknownException(String message, List<?> keys, Throwable cause) {
    super(message, cause);
    this.keys = List.copyOf(keys);
  }

  /** The keys whose writes may or may not have been applied. */
  public List<Object> keys() {
    return keys == null ? List.of() : keys;
  }
}
