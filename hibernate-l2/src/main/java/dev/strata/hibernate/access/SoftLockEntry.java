package dev.strata.hibernate.access;

import java.util.Comparator;
import org.hibernate.cache.spi.access.SoftLock;

/**
 * A soft lock: the key's value is being changed by {@code holders} transactions, or was changed
 * at {@code unlockTimestamp}. No transaction reads through it. A value loaded from the database
 * may replace it only once it is unlocked and the loading transaction started after the unlock
 * (or the loaded version is newer), or once it timed out (its holder died): a load that read the
 * database before the change committed can then never write the old state back.
 *
 * <p>The record also serves as the handle Hibernate gives back to unlock: two records are the
 * same lock when their {@link LockId}s are equal.
 */
public record SoftLockEntry(LockId id, Object version, long timeout, int holders,
    boolean concurrent, long unlockTimestamp) implements Lockable, SoftLock {

  static SoftLockEntry taken(LockId id, Object version, long timeout) {
    return new SoftLockEntry(id, version, timeout, 1, false, 0);
  }

  /** A lock nobody holds that refuses loads begun before {@code timestamp}. */
  static SoftLockEntry released(LockId id, long timestamp) {
    return new SoftLockEntry(id, null, timestamp, 0, false, timestamp);
  }

  @Override
  public boolean isReadable(long txTimestamp) {
    return false;
  }

  @Override
  public boolean isWriteable(long txTimestamp, Object newVersion,
      Comparator<Object> versionComparator) {
    if (txTimestamp > timeout) {
      return true;
    }
    if (holders > 0) {
      return false;
    }
    return version == null || versionComparator == null || newVersion == null
        ? txTimestamp > unlockTimestamp
        : versionComparator.compare(version, newVersion) < 0;
  }

  @Override
  public SoftLockEntry lock(long newTimeout, LockId ignored) {
    return new SoftLockEntry(id, version, newTimeout, holders + 1, true, unlockTimestamp);
  }

  /** Whether {@code handle} is this lock. */
  boolean isUnlockable(Object handle) {
    return handle instanceof SoftLockEntry other && other.id.equals(id);
  }

  /** One holder fewer; the last one stamps the unlock time. */
  SoftLockEntry unlock(long timestamp) {
    int remaining = holders - 1;
    return new SoftLockEntry(id, version, timeout, Math.max(remaining, 0), concurrent,
        remaining <= 0 ? timestamp : unlockTimestamp);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SoftLockEntry that && that.id.equals(id);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }
}
