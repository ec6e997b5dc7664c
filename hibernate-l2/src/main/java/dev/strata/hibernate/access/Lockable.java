package dev.strata.hibernate.access;

import java.io.Serializable;
import java.util.Comparator;

/**
 * What a read-write region stores under a key: a {@link CachedItem} (a value that may be read) or
 * a {@link SoftLockEntry} (a value being changed, or changed recently, that no one may read).
 * Both are immutable: every change is a new record written by one atomic step of the cache, so
 * nodes sharing Redis see whole transitions, never half of one.
 */
public sealed interface Lockable extends Serializable permits CachedItem, SoftLockEntry {
  /** Whether a transaction that started at {@code txTimestamp} may read the value. */
  boolean isReadable(long txTimestamp);

  /**
   * Whether a value of {@code newVersion} loaded by a transaction that started at
   * {@code txTimestamp} may replace this record.
   */
  boolean isWriteable(long txTimestamp, Object newVersion, Comparator<Object> versionComparator);

  /** This record locked by one more transaction, until {@code timeout}. */
  SoftLockEntry lock(long timeout, LockId id);
}
