package dev.strata.cdi.key;

import java.util.Arrays;
import javax.cache.annotation.GeneratedCacheKey;

/**
 * The key the default generator builds: the values of a method's key parameters, in order.
 * Two keys are equal when their values are deeply equal, so array parameters compare by
 * content. The key is serializable when the values are, as a by-value cache requires.
 */
public final class DefaultGeneratedCacheKey implements GeneratedCacheKey {
  private static final long serialVersionUID = 1L;

  private final Object[] parameters;
  // Keys are compared far more often than built; the hash is fixed by the parameters.
  private final int hash;

  /** A key over a copy of the given parameter values. */
  public DefaultGeneratedCacheKey(Object... parameters) {
    this.parameters = parameters.clone();
    this.hash = Arrays.deepHashCode(this.parameters);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    return other instanceof DefaultGeneratedCacheKey that
        && hash == that.hash
        && Arrays.deepEquals(parameters, that.parameters);
  }

  @Override
  public String toString() {
    return "DefaultGeneratedCacheKey" + Arrays.deepToString(parameters);
  }
}
