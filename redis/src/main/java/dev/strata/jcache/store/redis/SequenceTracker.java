package dev.strata.jcache.store.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a receiver knows of the change sequences of a cache's groups (see {@code announce.lua}
 * and {@link SequenceGroups}), and whether it may have missed a change of a group: the single
 * place that decides when a group's copies must go. Only groups this receiver filled a copy
 * from or heard a change of are tracked.
 *
 * <p>For each tracked group: the epoch of its counter ({@code null} while the counter was
 * missing), the number of the last change heard, and the <em>baseline</em>, the number from
 * which on every change was heard. A group is lost (its copies must be dropped) when
 * <ul>
 *   <li>a message's number is not the next one, or its epoch is not the group's: a message was
 *       missed, or Redis lost the counter's history;
 *   <li>a fill reads another epoch than the group's, or a missing counter where there was one;
 *   <li>the periodic check reads another epoch or a missing counter, or a number beyond the last
 *       change heard that is still not heard a grace period later.
 * </ul>
 * A copy is kept only when it was read at or after the baseline: a read made before may lack a
 * change whose message this receiver never had. Each loss starts the group again from what was
 * read or heard.
 */
final class SequenceTracker {

  /** What a fill's read of its group's counter means for the copy. */
  enum Fill {
    /** The copy may be kept. */
    KEEP,
    /** The copy may lack a change that was not heard: it must not be kept. */
    DISCARD,
    /** The group's history is lost: every copy of the group must go. */
    LOST
  }

  /** The group's counter as a read found it; {@code epoch} is null for a missing counter. */
  record Counter(int group, String epoch, long number) {}

  /** An epoch as a script's reply carries it: bytes, or text, depending on the codec. */
  static String epochOf(Object reply) {
    return reply instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8)
        : String.valueOf(reply);
  }

  private static final class Group {
    String epoch;
    long seen;
    long baseline;
    boolean heard;

    Group(String epoch, long number, boolean heard) {
      restart(epoch, number, heard);
    }

    void restart(String epoch, long number, boolean heard) {
      this.epoch = epoch;
      this.seen = number;
      this.baseline = number;
      this.heard = heard;
    }
  }

  private final Map<Integer, Group> groups = new HashMap<>();

  /**
   * A message of the group was heard. Returns whether the group is lost: the message is not the
   * one that follows the last heard.
   */
  synchronized boolean onMessage(int group, String epoch, long number) {
    Group state = groups.get(group);
    if (state == null) {
      groups.put(group, new Group(epoch, number, true));
      return false;
    }
    if (state.epoch == null && number == state.seen + 1) {
      state.epoch = epoch;
    }
    if (epoch.equals(state.epoch)) {
      if (number == state.seen + 1) {
        state.seen = number;
        state.heard = true;
        return false;
      }
      if (!state.heard && number <= state.baseline) {
        // published before the read the group is tracked from, and on its way since
        return false;
      }
    }
    state.restart(epoch, number, true);
    return true;
  }

  /** A fill read the group's counter with its entry ({@code epoch} empty when missing). */
  synchronized Fill onFill(int group, String epoch, long number) {
    String read = epoch.isEmpty() ? null : epoch;
    Group state = groups.get(group);
    if (state == null) {
      groups.put(group, new Group(read, number, false));
      return Fill.KEEP;
    }
    if (read == null) {
      if (state.epoch == null) {
        return Fill.KEEP;
      }
      state.restart(null, 0, false);
      return Fill.LOST;
    }
    if (state.epoch == null) {
      // the counter was made since: its first changes may still be on their way
      return Fill.DISCARD;
    }
    if (!state.epoch.equals(read)) {
      state.restart(read, number, false);
      return Fill.LOST;
    }
    return number >= state.baseline ? Fill.KEEP : Fill.DISCARD;
  }

  /** The groups tracked now. */
  synchronized List<Integer> tracked() {
    return new ArrayList<>(groups.keySet());
  }

  /**
   * Compares the counters the periodic check read with what was heard. Returns the groups lost
   * now; {@code lagging} receives the counters whose numbers were not all heard yet, to be
   * {@link #confirm confirmed} after a grace period (their messages may be on their way).
   */
  synchronized List<Integer> check(List<Counter> counters, List<Counter> lagging) {
    List<Integer> lost = new ArrayList<>();
    for (Counter counter : counters) {
      Group state = groups.get(counter.group());
      if (state == null) {
        continue;
      }
      if (counter.epoch() == null) {
        if (state.epoch != null) {
          state.restart(null, 0, false);
          lost.add(counter.group());
        }
      } else if (state.epoch != null && !state.epoch.equals(counter.epoch())) {
        state.restart(counter.epoch(), counter.number(), false);
        lost.add(counter.group());
      } else if (state.epoch == null || counter.number() > state.seen) {
        lagging.add(counter);
      }
    }
    return lost;
  }

  /** The lagging counters whose changes were still not all heard: those groups are lost. */
  synchronized List<Integer> confirm(List<Counter> lagging) {
    List<Integer> lost = new ArrayList<>();
    for (Counter counter : lagging) {
      Group state = groups.get(counter.group());
      if (state == null || state.epoch != null && !state.epoch.equals(counter.epoch())) {
        continue;
      }
      if (state.epoch == null || state.seen < counter.number()) {
        state.restart(counter.epoch(), counter.number(), false);
        lost.add(counter.group());
      }
    }
    return lost;
  }

  /** Forgets every group: after a resubscription every copy is dropped anyway. */
  synchronized void reset() {
    groups.clear();
  }
}
