package dev.strata.jcache.store;

import java.util.Objects;

/**
 * The change a step hands a write-behind cache's journal: a write of a value in its stored form,
 * or a delete. A store with a {@link Journal} appends it in the same atomic step as the change of
 * the entry, so the journal holds a key's changes in the order the cache made them.
 */
public record JournalChange(Object stored) {
  /** The change that deletes the key. */
  public static final JournalChange DELETE = new JournalChange(null);

  /** A write of the key with this value, in its stored form. */
  public static JournalChange write(Object stored) {
    return new JournalChange(Objects.requireNonNull(stored, "stored"));
  }

  public boolean isDelete() {
    return stored == null;
  }
}
