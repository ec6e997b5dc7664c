package dev.strata.jcache.store;

import javax.cache.CacheException;

/**
 * A store could not be reached (its server is down, unreachable or did not answer in time), as
 * opposed to refusing or failing the operation. A read-through cache configured to fall back to
 * its loader does so on this failure only.
 */
public class StoreUnavailableException extends CacheException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
