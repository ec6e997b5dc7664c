package dev.strata.jcache.store;

import java.util.Objects;

/**
 * A write that a store can decide on its own, without handing the entry it finds to Java code:
 * store a value or delete the key, when the key's presence meets a {@link Condition}, with the
 * expiry instant of an entry it creates and of one it updates decided beforehand. What the store
 * found comes back as a {@link Written}, from which the cache tells its events and statistics.
 * A remote store runs it in one round trip (see {@link Store#write}); any other store runs it as
 * the {@link #step} it stands for, through {@link Store#compute}.
 *
 * @param value the value to store, in its stored form, or {@code null} to delete the key
 * @param condition when the write applies; otherwise the entry stays as it is and nothing is
 *     journaled
 * @param createdExpiresAt the expiry instant of an entry the write creates, or {@link #AT_ONCE}
 * @param updatedExpiresAt the expiry instant of an entry the write updates, or {@link #KEEP}
 * @param journalChange the change for the write-behind journal when the write applies, or
 *     {@code null}
 * @param previousWanted whether the caller needs the value found (for an event that carries the
 *     old value); without it a store need not fetch it
 */
public record Write(Object value, Condition condition, long createdExpiresAt,
    long updatedExpiresAt, JournalChange journalChange, boolean previousWanted) {
  /** The updated expiry that keeps the entry's own instant. */
  public static final long KEEP = Long.MIN_VALUE;
  /** The created expiry of an entry that expires as it is written: a create stores nothing. */
  public static final long AT_ONCE = Long.MIN_VALUE + 2;

  /** When a write applies, by whether the key has a live entry. */
  public enum Condition {
    ANY,
    ABSENT,
    PRESENT;

    public boolean holds(boolean found) {
      return this == ANY || (this == ABSENT) != found;
    }
  }

  public Write {
    Objects.requireNonNull(condition, "condition");
  }

  /** A write of the value whatever the key holds. */
  public static Write put(Object stored, long createdExpiresAt, long updatedExpiresAt,
      JournalChange change, boolean previousWanted) {
    return new Write(Objects.requireNonNull(stored, "stored"), Condition.ANY, createdExpiresAt,
        updatedExpiresAt, change, previousWanted);
  }

  /** The delete of the key, present or not. */
  public static Write delete(JournalChange change, boolean previousWanted) {
    return new Write(null, Condition.ANY, AT_ONCE, KEEP, change, previousWanted);
  }

  public boolean isDelete() {
    return value == null;
  }

  /** Whether the write applies to a key found present ({@code found}) or absent. */
  public boolean applies(boolean found) {
    return condition.holds(found);
  }

  /** The step this write takes on the key's live entry {@code current} ({@code null}: absent). */
  public Step step(StoreEntry current) {
    if (!applies(current != null)) {
      return current;
    }
    if (value == null) {
      return Step.of(null, journalChange);
    }
    if (current == null) {
      return Step.of(createdExpiresAt == AT_ONCE ? null
          : new StoreEntry(value, createdExpiresAt), journalChange);
    }
    return Step.of(new StoreEntry(value,
        updatedExpiresAt == KEEP ? current.expiresAt() : updatedExpiresAt), journalChange);
  }

  /** What this write finds in {@code current}: its presence, and its value when wanted. */
  public Written found(StoreEntry current) {
    if (current == null) {
      return Written.ABSENT;
    }
    return previousWanted ? new Written(true, current.value()) : Written.PRESENT;
  }
}
