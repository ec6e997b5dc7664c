package dev.strata.jcache.store;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One key's part of a bulk write: the write and what to run, with what it found, once it is
 * committed ({@code null} for nothing). See {@link Store#writeAll}.
 */
public record KeyWrite<K>(K key, Write write, Consumer<Written> onCommit) {
  public KeyWrite {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(write, "write");
  }
}
