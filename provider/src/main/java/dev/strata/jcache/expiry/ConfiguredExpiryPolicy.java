package dev.strata.jcache.expiry;

import java.io.Serializable;
import java.util.Objects;
import javax.cache.expiry.Duration;
import javax.cache.expiry.ExpiryPolicy;

/**
 * An expiry policy with fixed durations for creation, update and access, as a configuration
 * file declares them. A {@code null} update or access duration leaves the expiry unchanged.
 */
public final class ConfiguredExpiryPolicy implements ExpiryPolicy, Serializable {
  private static final long serialVersionUID = 1L;

  private final Duration creation;
  private final Duration update;
  private final Duration access;

  public ConfiguredExpiryPolicy(Duration creation, Duration update, Duration access) {
    this.creation = Objects.requireNonNull(creation, "creation");
    this.update = update;
    this.access = access;
  }

  @Override
  public Duration getExpiryForCreation() {
    return creation;
  }

  @Override
  public Duration getExpiryForAccess() {
    return access;
  }

  @Override
  public Duration getExpiryForUpdate() {
    return update;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ConfiguredExpiryPolicy)) {
      return false;
    }
    var that = (ConfiguredExpiryPolicy) other;
    return creation.equals(that.creation) && Objects.equals(update, that.update)
        && Objects.equals(access, that.access);
  }

  @Override
  public int hashCode() {
    return Objects.hash(creation, update, access);
  }

  @Override
  public String toString() {
    return "ConfiguredExpiryPolicy[creation=" + creation + ", update=" + update
        + ", access=" + access + "]";
  }
}
