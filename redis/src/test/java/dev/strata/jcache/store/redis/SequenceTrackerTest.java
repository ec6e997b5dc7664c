package dev.strata.jcache.store.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.jcache.store.redis.SequenceTracker.Counter;
import dev.strata.jcache.store.redis.SequenceTracker.Fill;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a receiver decides that it missed changes of a group, and when a copy may be kept. */
class SequenceTrackerTest {
  private final SequenceTracker tracker = new SequenceTracker();

  @Test
  void consecutiveNumbersLoseNothingAndASkippedOneLosesTheGroup() {
    assertFalse(tracker.onMessage(7, "e", 1));
    assertFalse(tracker.onMessage(7, "e", 2));
    assertTrue(tracker.onMessage(7, "e", 4), "number 3 was skipped");
    assertFalse(tracker.onMessage(7, "e", 5), "the group starts again from 4");
    assertFalse(tracker.onMessage(8, "e", 40), "another group is tracked on its own");
  }

  @Test
  void anEpochChangeOrANumberGoingBackLosesTheGroup() {
    tracker.onMessage(1, "e", 1);
    assertTrue(tracker.onMessage(1, "f", 2), "the counter's history was lost");
    assertFalse(tracker.onMessage(1, "f", 3));
    assertTrue(tracker.onMessage(1, "f", 2), "a counter behind what was heard (a failover)");
  }

  @Test
  void aCopyReadBeforeTheBaselineIsNotKept() {
    assertEquals(Fill.KEEP, tracker.onFill(3, "e", 5), "the first fill sets the baseline");
    assertEquals(Fill.DISCARD, tracker.onFill(3, "e", 4),
        "read before the baseline: change 5 may be one never heard");
    assertEquals(Fill.KEEP, tracker.onFill(3, "e", 9), "changes 6 to 9 are still to come");
    assertFalse(tracker.onMessage(3, "e", 4), "published before the baseline read, heard late");
    assertFalse(tracker.onMessage(3, "e", 6));
    assertEquals(Fill.LOST, tracker.onFill(3, "g", 1), "a new epoch: the history is gone");
    assertEquals(Fill.LOST, tracker.onFill(3, "", 0), "a missing counter where there was one");
    assertEquals(Fill.KEEP, tracker.onFill(3, "", 0));
    assertEquals(Fill.DISCARD, tracker.onFill(3, "h", 1),
        "made since: its first change may still be on its way");
    assertFalse(tracker.onMessage(3, "h", 1), "the first change of a new counter");
    assertEquals(Fill.KEEP, tracker.onFill(3, "h", 1));
  }

  @Test
  void theCheckLosesGroupsWhoseCounterIsGoneOrChangedAndConfirmsLaggingOnes() {
    tracker.onMessage(1, "e", 1);
    tracker.onMessage(2, "e", 1);
    tracker.onMessage(3, "e", 1);
    tracker.onMessage(4, "e", 1);
    List<Counter> lagging = new ArrayList<>();
    List<Integer> lost = tracker.check(List.of(new Counter(1, null, 0), new Counter(2, "f", 1),
        new Counter(3, "e", 1), new Counter(4, "e", 3), new Counter(5, "e", 9)), lagging);
    assertEquals(List.of(1, 2), lost, "flushed, and made again");
    assertEquals(List.of(new Counter(4, "e", 3)), lagging, "3 is ahead; 5 is not tracked");
    assertFalse(tracker.onMessage(4, "e", 2), "its message arrives within the grace");
    assertEquals(List.of(4), tracker.confirm(lagging), "number 3 never came");
    lagging.clear();
    tracker.check(List.of(new Counter(3, "e", 2)), lagging);
    assertFalse(tracker.onMessage(3, "e", 2));
    assertEquals(List.of(), tracker.confirm(lagging), "heard within the grace");
  }
}
