package dev.strata.jcache.store;

/**
 * What a {@link Write} found for its key: whether the key had a live entry, and its value in
 * stored form when the write wanted it ({@code null} otherwise). Whether the write applied
 * follows from its condition.
 */
public record Written(boolean found, Object previous) {
  /** The key was absent. */
  public static final Written ABSENT = new Written(false, null);
  /** The key was present; its value was not wanted. */
  public static final Written PRESENT = new Written(true, null);
}
