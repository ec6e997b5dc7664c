package dev.strata.jcache.store;

import java.util.Objects;

/**
 * One key's part of a bulk step: the remapper that decides its entry and what to run once its
 * change is committed ({@code null} for nothing). See {@link Store#computeAll}.
 */
public record KeyStep<K>(K key, Remapper remapper, Runnable onCommit) {
  public KeyStep {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(remapper, "remapper");
  }
}
