package dev.strata.jcache.store.redis;

import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The periodic check of a near cache's change sequences: every interval it reads the counters
 * of the groups its {@link SequenceTracker} tracks (one pipelined batch, sent per node, on the
 * masters) and hands the tracker what it read. A change whose message was lost, with no later
 * message of its group to show the gap, or a counter gone (a flush, a restart without
 * persistence, an eviction), is so found within the interval; a number not heard yet is given a
 * grace period (25 ms, a quarter of the interval at most) for its message to arrive before its
 * group is taken as lost. The checks run at a fixed rate, so the bound does not drift with the
 * time each check takes.
 *
 * <p>Every check of the JVM runs on one daemon thread; a check while Redis is marked down fails
 * at once and is tried again every quarter interval until one succeeds (the resubscription that
 * follows the outage drops every copy too, when Redisson makes it).
 */
final class SequenceCheck {
  private static final System.Logger LOG = System.getLogger(SequenceCheck.class.getName());
  private static final LuaScript READ = LuaScript.load("sequence-read.lua");
  private static final ScheduledExecutorService SCHEDULER =
      Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "strata-sequence-check");
        thread.setDaemon(true);
        return thread;
      });

  private final String cacheName;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final SequenceTracker tracker;
  private final RedisFailures failures;
  private final Consumer<List<Integer>> onLost;
  private final long intervalNanos;
  private final long graceNanos;
  private ScheduledFuture<?> scheduled;
  private boolean warned;
  private boolean retrying;

  /** @param onLost told of the groups whose copies must go */
  SequenceCheck(String cacheName, RedissonClient client, RedisKeyspace keyspace,
      SequenceTracker tracker, RedisFailures failures, Duration interval,
      Consumer<List<Integer>> onLost) {
    this.cacheName = cacheName;
    this.client = client;
    this.keyspace = keyspace;
    this.tracker = tracker;
    this.failures = failures;
    this.onLost = onLost;
    this.intervalNanos = interval.toNanos();
    // the message of a counted change is in the subscriber's socket before the check's read
    // even runs (the script published it): the grace covers only this JVM's handling of it
    this.graceNanos = Math.min(TimeUnit.MILLISECONDS.toNanos(25), intervalNanos / 4);
  }

  /** Starts or stops the check; doing what is already done does nothing. */
  synchronized void run(boolean running) {
    if (running && scheduled == null) {
      scheduled = SCHEDULER.scheduleAtFixedRate(this::check, intervalNanos, intervalNanos,
          TimeUnit.NANOSECONDS);
    } else if (!running && scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
  }

  /** One check: read the tracked counters, compare, and confirm the lagging ones later. */
  void check() {
    failed();
  }

  /**
   * A failed check is tried again every quarter interval until one succeeds: a Redis that comes
   * back empty (restarted without persistence) is then noticed soon after it answers again.
   * One chain of retries at a time: they all run on the one scheduler thread.
   */
  private void retry() {
    synchronized (this) {
      if (scheduled == null) {
        retrying = false;
        return;
      }
    }
    if (failed()) {
      SCHEDULER.schedule(this::retry, intervalNanos / 4, TimeUnit.NANOSECONDS);
    } else {
      retrying = false;
    }
  }

  /** Runs one check; returns whether it failed, having scheduled the retries if so. */
  private boolean failed() {
    try {
      List<Integer> groups = tracker.tracked();
      if (groups.isEmpty()) {
        return false;
      }
      List<SequenceTracker.Counter> counters = read(groups);
      List<SequenceTracker.Counter> lagging = new ArrayList<>();
      report(tracker.check(counters, lagging));
      if (!lagging.isEmpty()) {
        SCHEDULER.schedule(() -> report(tracker.confirm(lagging)), graceNanos,
            TimeUnit.NANOSECONDS);
      }
      warned = false;
      return false;
    } catch (RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.log(Level.WARNING, "Near cache '" + cacheName + "': the check of its change"
            + " sequences failed (" + e.getMessage() + "); it is tried again until it succeeds",
            e);
      }
      if (!retrying) {
        retrying = true;
        SCHEDULER.schedule(this::retry, intervalNanos / 4, TimeUnit.NANOSECONDS);
      }
      return true;
    }
  }

  private List<SequenceTracker.Counter> read(List<Integer> groups) {
    List<String> names = new ArrayList<>(groups.size());
    for (int group : groups) {
      names.add(keyspace.sequenceName(group));
    }
    List<RFuture<List<Object>>> futures = new ArrayList<>(groups.size());
    failures.callAll(names, "check of " + names.size() + " change sequences", true, () -> {
      LuaScript.runBatch(client, batch -> {
        futures.clear();
        for (String name : names) {
          // written as a write, so that it runs on the master whatever the read mode
          futures.add(READ.queue(batch, name, RScript.Mode.READ_WRITE,
              RScript.ReturnType.LIST));
        }
      }, READ);
      return null;
    });
    List<SequenceTracker.Counter> counters = new ArrayList<>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      List<Object> read = futures.get(i).toCompletableFuture().join();
      counters.add(read == null
          ? new SequenceTracker.Counter(groups.get(i), null, 0)
          : new SequenceTracker.Counter(groups.get(i), SequenceTracker.epochOf(read.get(0)),
              ((Number) read.get(1)).longValue()));
    }
    return counters;
  }

  private void report(List<Integer> lost) {
    if (!lost.isEmpty()) {
      onLost.accept(lost);
    }
  }
}
