package dev.strata.jcache.store.redis;

import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.OutcomeUnknownException;
import dev.strata.jcache.store.Step;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.redis.CompareAndSet.StepLease;
import dev.strata.shaded.redisson.api.RBatch;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.cache.CacheException;

/**
 * Runs a Redis cache's atomic steps as optimistic transactions, one code path for a single key
 * and for many: read each entry with its time to live ({@code read.lua}), let the step's
 * remapper decide, then {@link CompareAndSet compare-and-set} each change against the stamp it
 * read. A key another JVM changed meanwhile goes to the next round, where it is read and decided
 * again; so a remapper may run more than once, and a step's {@code onCommit} runs once, for the
 * attempt that committed.
 *
 * <p>A cache with {@link StepLeases} (a write-through cache) makes its steps exclusive instead:
 * each read takes the key's lease, so no other JVM's step interleaves, the remapper runs once,
 * and its writer sees only changes the cache makes. A key whose lease another step holds waits
 * and is read again, up to the lease's duration.
 *
 * <p>A round costs two round trips: a single key's read and write are plain script calls, many
 * keys' are one pipelined batch per phase, one round trip to each node. The caller holds this
 * JVM's local locks of the keys, so only other JVMs can make a step retry or wait.
 */
final class OptimisticSteps<K> {
  static final LuaScript READ = LuaScript.load("read.lua");
  private static final long MAX_WAIT_NANOS = 16_000_000L;

  private final String cacheName;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final StampedValues<K> values;
  private final CompareAndSet<K> compareAndSet;
  private final RedisJournal<K> journal;
  private final Ticker ticker;
  private final StoreListener<K> listener;
  private final StepLeases leases;
  private final RedisFailures failures;

  /**
   * @param listener hears of the entries a step wrote already expired, as the store removed
   * @param leases the step leases of an exclusive cache, or {@code null} for optimistic steps
   */
  OptimisticSteps(String cacheName, RedissonClient client, RedisKeyspace keyspace,
      StampedValues<K> values, CompareAndSet<K> compareAndSet, RedisJournal<K> journal,
      Ticker ticker, StoreListener<K> listener, StepLeases leases, RedisFailures failures) {
    this.failures = failures;
    this.cacheName = cacheName;
    this.client = client;
    this.keyspace = keyspace;
    this.values = values;
    this.compareAndSet = compareAndSet;
    this.journal = journal;
    this.ticker = ticker;
    this.listener = listener;
    this.leases = leases;
  }

  /** Runs one step to its commit; returns the entry it left, or {@code null} for none. */
  StoreEntry run(KeyStep<K> step) {
    Attempt<K> attempt = attempt(step);
    runAttempts(List.of(attempt));
    return attempt.committed;
  }

  /** Runs every step to its commit. */
  void runAll(List<KeyStep<K>> steps) {
    List<Attempt<K>> attempts = new ArrayList<>(steps.size());
    for (KeyStep<K> step : steps) {
      attempts.add(attempt(step));
    }
    runAttempts(attempts);
  }

  private Attempt<K> attempt(KeyStep<K> step) {
    String name = keyspace.name(step.key());
    return new Attempt<>(step, name, leases == null ? null : StepLeases.leaseFor(name));
  }

  private void runAttempts(List<Attempt<K>> attempts) {
    long started = System.nanoTime();
    long pause = 250_000L;
    List<Attempt<K>> pending = attempts;
    while (!pending.isEmpty()) {
      int before = pending.size();
      pending = round(pending, started, pending == attempts);
      if (!pending.isEmpty() && pending.size() == before && pending.get(0).waiting) {
        LockSupport.parkNanos(pause);
        pause = Math.min(MAX_WAIT_NANOS, pause * 2);
      }
    }
  }

  /** One round: read, decide, compare-and-set; returns the attempts to make again. */
  private List<Attempt<K>> round(List<Attempt<K>> attempts, long started,
      boolean firstRound) {
    // the read that begins a write: a failure here leaves every entry as it was, unless an
    // earlier round committed some
    List<List<Object>> reads = read(attempts, firstRound);
    long readAt = System.nanoTime();
    long now = ticker.read();
    List<Attempt<K>> retry = new ArrayList<>();
    for (int i = 0; i < attempts.size(); i++) {
      Attempt<K> attempt = attempts.get(i);
      attempt.waiting = attempt.lease != null && !StepLeases.held(reads.get(i));
      if (attempt.waiting) {
        retry.add(attempt);
      }
    }
    if (!retry.isEmpty() && System.nanoTime() - started > leases.leaseMillis() * 1_000_000L) {
      releaseHeld(attempts);
      throw new CacheException("Cache '" + cacheName + "': key " + retry.get(0).step.key()
          + " stayed held by another JVM's step for longer than the " + leases.leaseMillis()
          + " ms write-through lease; " + (firstRound ? "nothing was changed"
          : "the keys of this call not named here that an earlier round committed stay"
              + " changed"));
    }
    List<Attempt<K>> writing = new ArrayList<>(attempts.size());
    for (int i = 0; i < attempts.size(); i++) {
      Attempt<K> attempt = attempts.get(i);
      if (attempt.waiting) {
        continue;
      }
      if (leases != null && System.nanoTime() - readAt > leases.leaseMillis() * 500_000L) {
        // the remappers (and writers) so far took half a lease: the rest are read again in the
        // next round, with leases of their own, rather than decided on leases about to lapse
        List<Attempt<K>> later = attempts.subList(i, attempts.size());
        releaseHeld(later);
        for (Attempt<K> next : later) {
          if (!next.waiting) {
            retry.add(next);
          }
        }
        break;
      }
      List<Object> read = reads.get(i);
      try {
        byte[] stored = attempt.lease == null ? (read == null ? null : (byte[]) read.get(0))
            : StepLeases.value(read);
        Long pttl = attempt.lease == null ? (read == null ? null : (Long) read.get(1))
            : StepLeases.pttl(read);
        if (attempt.decide(stored, pttl, now, values, compareAndSet) == null) {
          attempt.commit(listener);
        } else {
          writing.add(attempt);
        }
      } catch (RuntimeException e) {
        List<Attempt<K>> held = new ArrayList<>(writing);
        held.addAll(attempts.subList(i, attempts.size()));
        releaseHeld(held);
        throw e;
      }
    }
    if (writing.isEmpty()) {
      return retry;
    }
    long sent = System.nanoTime();
    List<Long> replies;
    try {
      replies = write(writing);
    } catch (RuntimeException e) {
      if (RedisFailures.failedAtOnce(e) || !RedisFailures.unreachable(e)) {
        // failed at once, before the write was sent; or refused by Redis
        throw e;
      }
      retry.addAll(settleUnanswered(writing, e, sent));
      return retry;
    }
    retry.addAll(settle(writing, replies));
    return retry;
  }

  /**
   * Commits the attempts whose replies say so; returns the others, to make again. A step whose
   * lease had lapsed fails.
   */
  private List<Attempt<K>> settle(List<Attempt<K>> writing, List<Long> replies) {
    List<Attempt<K>> retry = new ArrayList<>();
    List<Object> lapsed = new ArrayList<>();
    for (int i = 0; i < writing.size(); i++) {
      Attempt<K> attempt = writing.get(i);
      Long reply = replies.get(i);
      if (CompareAndSet.leaseLost(reply)) {
        lapsed.add(attempt.step.key());
      } else if (!CompareAndSet.committed(reply)) {
        retry.add(attempt);
      } else {
        long length = CompareAndSet.journalLength(attempt.call, reply);
        if (journal != null && length >= 0) {
          journal.appended(length);
        }
        attempt.commit(listener);
      }
    }
    if (!lapsed.isEmpty()) {
      throw new CacheException("Cache '" + cacheName + "': the step on "
          + (lapsed.size() == 1 ? "key " + lapsed.get(0) : lapsed.size() + " keys " + lapsed)
          + " held its key longer than its " + leases.leaseMillis() + " ms lease (the cache"
          + " writer or the entry processor took that long), so another JVM may have changed"
          + " the key meanwhile: the change was not applied to the cache, though a write-through"
          + " writer may have received it. Raise strata.redis.write-through-lease, or make the"
          + " writer faster.");
    }
    return retry;
  }

  /** Gives up the leases that these attempts, read in a round that failed, hold. */
  private void releaseHeld(List<Attempt<K>> attempts) {
    if (leases == null) {
      return;
    }
    List<StepLease> held = new ArrayList<>();
    for (Attempt<K> attempt : attempts) {
      if (!attempt.waiting) {
        held.add(attempt.lease);
      }
    }
    leases.release(held);
  }

  /**
   * Learns, once every attempt of a write went unanswered (Redisson resends a call after a
   * timeout, and the script is idempotent, so it never applies twice), which of the calls
   * committed, from the commit records the script leaves: those commit here, as if their replies
   * had arrived.
   *
   * <p>A call whose record is absent had not committed when the record was read, provided the
   * read ended within the record's lifetime after the call was first sent (a commit's record
   * would still be there); a failed read is made once more. Such a call is sent once more,
   * unchanged: its answer is the true outcome. It commits now or finds the record of a late
   * first send, or it finds the entry changed, in which case no send of the call can ever apply,
   * and the step goes to the next round. A call whose record could not be read in time, or
   * whose last send went unanswered too, ends in an {@link OutcomeUnknownException}: it may still
   * be on its way to the server.
   * (A single cut connection or stall used to end a step there: both of Redisson's attempts may
   * fail while it reconnects.)
   */
  private List<Attempt<K>> settleUnanswered(List<Attempt<K>> writing, RuntimeException failure,
      long sent) {
    List<String> records = new ArrayList<>(writing.size());
    for (Attempt<K> attempt : writing) {
      records.add(attempt.call.recordName());
    }
    CommitRecords.Read read = CommitRecords.read(client, failures, records, sent,
        compareAndSet.recordNanos(), failure);
    Map<String, byte[]> found = read.found();
    boolean fresh = read.fresh();
    List<Attempt<K>> absent = new ArrayList<>();
    List<Object> unknown = new ArrayList<>();
    for (Attempt<K> attempt : writing) {
      if (Arrays.equals(found.get(attempt.call.recordName()), attempt.call.stepStamp())) {
        attempt.commit(listener);
      } else if (fresh) {
        absent.add(attempt);
      } else {
        unknown.add(attempt.step.key());
      }
    }
    List<Attempt<K>> retry = List.of();
    if (!absent.isEmpty()) {
      try {
        retry = settle(absent, write(absent));
      } catch (RuntimeException again) {
        if (!RedisFailures.unreachable(again)) {
          throw again;
        }
        failure.addSuppressed(again);
        for (Attempt<K> attempt : absent) {
          unknown.add(attempt.step.key());
        }
      }
    }
    if (!unknown.isEmpty()) {
      throw new OutcomeUnknownException("Cache '" + cacheName + "': the write of "
          + (unknown.size() == 1 ? "key " + unknown.get(0) : unknown.size() + " keys " + unknown)
          + " may or may not have been applied: Redis did not answer (" + failure.getMessage()
          + "), and whether it committed could not be learned. Read the key to learn its state.",
          unknown, failure);
    }
    return retry;
  }

  private List<List<Object>> read(List<Attempt<K>> attempts, boolean firstRound) {
    List<String> names = new ArrayList<>(attempts.size());
    for (Attempt<K> attempt : attempts) {
      names.add(attempt.name);
    }
    Object key = attempts.size() == 1 ? attempts.get(0).step.key() : null;
    String what = attempts.size() == 1 ? "write" : "batch write of " + names.size() + " keys";
    if (leases == null) {
      return read(key, names, what, firstRound);
    }
    List<StepLease> held = new ArrayList<>(attempts.size());
    for (Attempt<K> attempt : attempts) {
      held.add(attempt.lease);
    }
    return leases.read(key, names, held, what, firstRound);
  }

  /**
   * The entries of the names with their times to live ({@code {value, pttl}}, or {@code null}
   * for an absent key), in order: one script call for one name, a batch for more.
   */
  List<List<Object>> read(Object key, List<String> names, String what) {
    return read(key, names, what, true);
  }

  /**
   * @param nothingChanged whether a failure leaves everything as it was (the read of a first
   *     round): the failure then says so
   */
  private List<List<Object>> read(Object key, List<String> names, String what,
      boolean nothingChanged) {
    if (names.size() == 1) {
      String name = names.get(0);
      List<Object> read = failures.call(key, name, what, nothingChanged, () -> READ.run(client, name,
          RScript.Mode.READ_ONLY, RScript.ReturnType.LIST));
      List<List<Object>> one = new ArrayList<>(1);
      one.add(read);
      return one;
    }
    List<RFuture<List<Object>>> futures = new ArrayList<>(names.size());
    runBatch(names, what, nothingChanged, batch -> {
      futures.clear();
      for (String name : names) {
        futures.add(READ.queue(batch, name, RScript.Mode.READ_ONLY, RScript.ReturnType.LIST));
      }
    }, READ);
    List<List<Object>> reads = new ArrayList<>(names.size());
    for (RFuture<List<Object>> future : futures) {
      reads.add(future.toCompletableFuture().join());
    }
    return reads;
  }

  private List<Long> write(List<Attempt<K>> writing) {
    if (writing.size() == 1) {
      Attempt<K> attempt = writing.get(0);
      return Collections.singletonList(failures.call(attempt.step.key(), attempt.name,
          "write", false, () -> CompareAndSet.run(client, attempt.call)));
    }
    List<String> names = new ArrayList<>(writing.size());
    for (Attempt<K> attempt : writing) {
      names.add(attempt.name);
    }
    List<RFuture<Long>> futures = new ArrayList<>(writing.size());
    runBatch(names, "batch write of " + names.size() + " keys", false, batch -> {
      futures.clear();
      for (Attempt<K> attempt : writing) {
        futures.add(CompareAndSet.queue(batch, attempt.call));
      }
    }, CompareAndSet.SCRIPT);
    List<Long> replies = new ArrayList<>(writing.size());
    for (RFuture<Long> future : futures) {
      replies.add(future.toCompletableFuture().join());
    }
    return replies;
  }

  /**
   * The id of the key's latest journal record a step was decided on: the guard its remapper
   * handed back with the step (see {@link RedisJournal#pendingChange}), or {@code null}.
   */
  private static String pendingSeen(Object guard) {
    return guard instanceof String ? (String) guard : null;
  }

  /**
   * Runs a batch that {@code filler} queues, one round trip to each node, through the store's
   * failure handling; a node that lacks {@code scripts} is sent them once.
   */
  private void runBatch(List<String> names, String what, boolean nothingSent,
      Consumer<RBatch> filler, LuaScript... scripts) {
    failures.callAll(names, what, nothingSent, () -> {
      LuaScript.runBatch(client, filler, scripts);
      return null;
    });
  }

  /** The expiry instant of a time to live read at {@code now}. */
  static long expiresAt(Long pttl, long now) {
    if (pttl == null || pttl < 0) {
      return StoreEntry.ETERNAL;
    }
    return now + pttl * 1_000_000L;
  }

  /** One key's step and its latest attempt: what it read, decided and must send. */
  private static final class Attempt<K> {
    final KeyStep<K> step;
    final String name;
    final StepLease lease;
    boolean waiting;
    StoreEntry next;
    boolean expiredAtOnce;
    CompareAndSet.Call call;
    StoreEntry committed;

    Attempt(KeyStep<K> step, String name, StepLease lease) {
      this.step = step;
      this.name = name;
      this.lease = lease;
    }

    /** Decides on what was read; returns the call to make, or {@code null} for none. */
    CompareAndSet.Call decide(byte[] stored, Long pttl, long now, StampedValues<K> values,
        CompareAndSet<K> compareAndSet) {
      StoreEntry current = stored == null ? null : new StoreEntry(
          values.payload(step.key(), stored), expiresAt(pttl, now));
      Step decided = step.remapper().remap(current);
      next = Step.nextOf(decided);
      expiredAtOnce = next != null && next.expiresAt() != StoreEntry.ETERNAL
          && next.expiresAt() != StoreEntry.UNKNOWN && next.expiresAt() <= now;
      call = compareAndSet.of(step.key(), name, stored, current, next, Step.changeOf(decided),
          pendingSeen(Step.guardOf(decided)), now, lease);
      return call;
    }

    /**
     * The attempt committed: runs the step's {@code onCommit}, then reports an entry the step
     * wrote already expired (Redis got a delete) as expired, as the embedded store does.
     */
    void commit(StoreListener<K> listener) {
      committed = next;
      if (step.onCommit() != null) {
        step.onCommit().run();
      }
      if (expiredAtOnce) {
        listener.onExpired(step.key(), next.value());
      }
    }
  }
}
