package dev.strata.hibernate.access;

import java.util.Comparator;

/**
 * A readable value of a read-write region, with its version (or null) and the timestamp it was
 * written at: a transaction that started earlier does not read it, since it may not see that
 * state in the database yet.
 */
public record CachedItem(Object value, Object version, long timestamp) implements Lockable {
  @Override
  public boolean isReadable(long txTimestamp) {
    return txTimestamp > timestamp;
  }

  @Override
  public boolean isWriteable(long txTimestamp, Object newVersion,
      Comparator<Object> versionComparator) {
    return version != null && versionComparator != null && newVersion != null
        && versionComparator.compare(version, newVersion) < 0;
  }

  @Override
  public SoftLockEntry lock(long timeout, LockId id) {
    return SoftLockEntry.taken(id, version, timeout);
  }
}
