package dev.strata.hibernate.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rules of the lock records, which every node applies the same way. */
class SoftLockTest {
  static final Comparator<Object> VERSIONS = (a, b) -> ((Integer) a).compareTo((Integer) b);
  final LockId id = new LockId(UUID.randomUUID(), 1);

  @Test
  void aHeldLockRefusesReadsAndLoadsUntilItTimesOut() {
    SoftLockEntry lock = SoftLockEntry.taken(id, null, 1_000);
    assertFalse(lock.isReadable(2_000));
    assertFalse(lock.isWriteable(999, null, null));
    assertTrue(lock.isWriteable(1_001, null, null), "its holder died: loads may cache again");
  }

  @Test
  void aReleasedLockRefusesLoadsBegunBeforeTheRelease() {
    SoftLockEntry released = SoftLockEntry.taken(id, null, 10_000).unlock(500);
    assertEquals(0, released.holders());
    assertFalse(released.isWriteable(400, null, null), "read the database before the change");
    assertTrue(released.isWriteable(600, null, null));
  }

  @Test
  void aVersionedReleasedLockAcceptsOnlyNewerVersions() {
    SoftLockEntry released = SoftLockEntry.taken(id, 3, 10_000).unlock(500);
    assertFalse(released.isWriteable(600, 3, VERSIONS));
    assertTrue(released.isWriteable(400, 4, VERSIONS));
  }

  @Test
  void aSecondHolderMakesTheLockConcurrentAndKeepsItsIdentity() {
    SoftLockEntry first = SoftLockEntry.taken(id, null, 1_000);
    SoftLockEntry both = first.lock(2_000, new LockId(UUID.randomUUID(), 7));
    assertTrue(both.concurrent());
    assertEquals(2, both.holders());
    assertTrue(both.isUnlockable(first));
    SoftLockEntry one = both.unlock(1_500);
    assertEquals(1, one.holders());
    assertFalse(one.isWriteable(1_600, null, null), "still held by the other transaction");
  }

  @Test
  void anItemIsReadOnlyByTransactionsThatStartedAfterIt() {
    var item = new CachedItem("state", 2, 100);
    assertFalse(item.isReadable(100));
    assertTrue(item.isReadable(101));
    assertTrue(item.isWriteable(50, 3, VERSIONS));
    assertFalse(item.isWriteable(500, 2, VERSIONS));
    assertFalse(new CachedItem("state", null, 100).isWriteable(500, null, null));
  }
}
