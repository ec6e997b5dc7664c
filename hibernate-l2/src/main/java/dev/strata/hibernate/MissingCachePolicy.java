package dev.strata.hibernate;

import java.util.Locale;

/**
 * What the region factory does with a region that Strata's configuration file does not declare
 * ({@value StrataCacheSettings#MISSING_CACHE_STRATEGY}): a typo in a region name, or a new
 * entity, then either gets a cache with the file's {@code strata.defaults} silently, gets one and
 * a warning naming it, or stops the application at start-up.
 */
public enum MissingCachePolicy {
  /** Create the cache from {@code strata.defaults}, silently. */
  CREATE("create"),
  /** Create the cache from {@code strata.defaults} and log a warning naming the region. */
  CREATE_WARN("create-warn"),
  /** Fail start-up, naming the region and how to declare it. */
  FAIL("fail");

  private final String externalName;

  MissingCachePolicy(String externalName) {
    this.externalName = externalName;
  }

  public String externalName() {
    return externalName;
  }

  /** The policy a setting names; {@link #CREATE_WARN} when unset. */
  public static MissingCachePolicy of(Object setting) {
    if (setting == null || setting.toString().isBlank()) {
      return CREATE_WARN;
    }
    String name = setting.toString().trim().toLowerCase(Locale.ROOT);
    for (MissingCachePolicy policy : values()) {
      if (policy.externalName.equals(name)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(StrataCacheSettings.MISSING_CACHE_STRATEGY + " = "
        + setting + ": expected one of create, create-warn, fail");
  }
}
