package dev.strata.jcache.store.redis;

import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.Step;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.shaded.redisson.api.BatchOptions;
import dev.strata.shaded.redisson.api.RBatch;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.RedisException;
import dev.strata.jcache.store.OutcomeUnknownException;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a Redis cache's atomic steps as optimistic transactions, one code path for a single key
 * and for many: read each entry with its time to live ({@code read.lua}), let the step's
 * remapper decide, then {@link CompareAndSet compare-and-set} each change against the stamp it
 * read. A key another JVM changed meanwhile goes to the next round, where it is read and decided
 * again; so a remapper may run more than once, and a step's {@code onCommit} runs once, for the
 * attempt that committed.
 *
 * <p>A round costs two round trips: a single key's read and write are plain script calls, many
 * keys' are one pipelined batch per phase, one round trip to each node. The caller holds this
 * JVM's local locks of the keys, so only other JVMs can make a step retry.
 */
final class OptimisticSteps<K> {
  static final LuaScript READ = LuaScript.load("read.lua");

  private final String cacheName;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final StampedValues<K> values;
  private final CompareAndSet<K> compareAndSet;
  private final RedisJournal<K> journal;
  private final Ticker ticker;
  private final StoreListener<K> listener;

  /** @param listener hears of the entries a step wrote already expired, as the store removed */
  OptimisticSteps(String cacheName, RedissonClient client, RedisKeyspace keyspace,
      StampedValues<K> values, CompareAndSet<K> compareAndSet, RedisJournal<K> journal,
      Ticker ticker, StoreListener<K> listener) {
    this.listener = listener;
    this.cacheName = cacheName;
    this.client = client;
    this.keyspace = keyspace;
    this.values = values;
    this.compareAndSet = compareAndSet;
    this.journal = journal;
    this.ticker = ticker;
  }

  /** Runs one step to its commit; returns the entry it left, or {@code null} for none. */
  StoreEntry run(KeyStep<K> step) {
    Attempt<K> attempt = new Attempt<>(step, keyspace.name(step.key()));
    List<Attempt<K>> pending = List.of(attempt);
    while (!pending.isEmpty()) {
      pending = round(pending);
    }
    return attempt.committed;
  }

  /** Runs every step to its commit. */
  void runAll(List<KeyStep<K>> steps) {
    List<Attempt<K>> pending = new ArrayList<>(steps.size());
    for (KeyStep<K> step : steps) {
      pending.add(new Attempt<>(step, keyspace.name(step.key())));
    }
    while (!pending.isEmpty()) {
      pending = round(pending);
    }
  }

  /** One round: read, decide, compare-and-set; returns the attempts to make again. */
  private List<Attempt<K>> round(List<Attempt<K>> attempts) {
    List<String> names = new ArrayList<>(attempts.size());
    for (Attempt<K> attempt : attempts) {
      names.add(attempt.name);
    }
    List<List<Object>> reads = read(attempts.get(0).step.key(), names);
    long now = ticker.read();
    List<Attempt<K>> writing = new ArrayList<>(attempts.size());
    for (int i = 0; i < attempts.size(); i++) {
      Attempt<K> attempt = attempts.get(i);
      if (attempt.decide(reads.get(i), now, values, compareAndSet) == null) {
        attempt.commit(listener);
      } else {
        writing.add(attempt);
      }
    }
    if (writing.isEmpty()) {
      return List.of();
    }
    long sent = System.nanoTime();
    List<Long> replies;
    try {
      replies = write(writing);
    } catch (RuntimeException e) {
      if (!RedisFailures.unreachable(e)) {
        throw e;
      }
      return settleUnanswered(writing, e, sent);
    }
    return settle(writing, replies);
  }

  /** Commits the attempts whose replies say so; returns the others, to make again. */
  private List<Attempt<K>> settle(List<Attempt<K>> writing, List<Long> replies) {
    List<Attempt<K>> retry = new ArrayList<>();
    for (int i = 0; i < writing.size(); i++) {
      Attempt<K> attempt = writing.get(i);
      Long reply = replies.get(i);
      if (!CompareAndSet.committed(reply)) {
        retry.add(attempt);
        continue;
      }
      long length = CompareAndSet.journalLength(attempt.call, reply);
      if (journal != null && length >= 0) {
        journal.appended(length);
      }
      attempt.commit(listener);
    }
    return retry;
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
   * and the step goes to the next round. A call whose record could not be read in time, or whose last send went unanswered
   * too, ends in an {@link OutcomeUnknownException}: it may still be on its way to the server.
   * (A single cut connection or stall used to end a step there: both of Redisson's attempts may
   * fail while it reconnects.)
   */
  private List<Attempt<K>> settleUnanswered(List<Attempt<K>> writing, RuntimeException failure,
      long sent) {
    List<String> records = new ArrayList<>(writing.size());
    for (Attempt<K> attempt : writing) {
      records.add(attempt.call.recordName());
    }
    Map<String, byte[]> found = Map.of();
    boolean fresh = false;
    // A connection cut may fail the write and the first read alike, while Redisson reconnects:
    // one more read, no more, so that an outage fails a step no later than it did.
    for (int read = 0; read < 2; read++) {
      try {
        found = client.getBuckets(ByteArrayCodec.INSTANCE).get(records.toArray(new String[0]));
        fresh = System.nanoTime() - sent < compareAndSet.recordNanos();
        break;
      } catch (RuntimeException unreadable) {
        failure.addSuppressed(unreadable);
      }
    }
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

  /**
   * The entries of the names with their times to live ({@code {value, pttl}}, or {@code null}
   * for an absent key), in order: one script call for one name, a batch for more.
   */
  List<List<Object>> read(Object key, List<String> names) {
    if (names.size() == 1) {
      String name = names.get(0);
      List<Object> read = RedisFailures.call(cacheName, key, "read", () -> READ.run(client, name,
          RScript.Mode.READ_ONLY, RScript.ReturnType.LIST));
      List<List<Object>> one = new ArrayList<>(1);
      one.add(read);
      return one;
    }
    List<RFuture<List<Object>>> futures = new ArrayList<>(names.size());
    runBatch(names.size(), batch -> {
      futures.clear();
      for (String name : names) {
        futures.add(READ.queue(batch, name, RScript.Mode.READ_ONLY, RScript.ReturnType.LIST));
      }
    });
    List<List<Object>> reads = new ArrayList<>(names.size());
    for (RFuture<List<Object>> future : futures) {
      reads.add(future.toCompletableFuture().join());
    }
    return reads;
  }

  private List<Long> write(List<Attempt<K>> writing) {
    if (writing.size() == 1) {
      Attempt<K> attempt = writing.get(0);
      return Collections.singletonList(RedisFailures.call(cacheName, attempt.step.key(),
          "write", () -> CompareAndSet.run(client, attempt.call)));
    }
    List<RFuture<Long>> futures = new ArrayList<>(writing.size());
    runBatch(writing.size(), batch -> {
      futures.clear();
      for (Attempt<K> attempt : writing) {
        futures.add(CompareAndSet.queue(batch, attempt.call));
      }
    });
    List<Long> replies = new ArrayList<>(writing.size());
    for (RFuture<Long> future : futures) {
      replies.add(future.toCompletableFuture().join());
    }
    return replies;
  }

  /** Runs a batch that {@code filler} queues, loading the scripts once if a node lacks them. */
  private void runBatch(int size, Consumer<RBatch> filler) {
    for (int attempt = 0; ; attempt++) {
      RBatch batch = client.createBatch(BatchOptions.defaults());
      filler.accept(batch);
      try {
        batch.execute();
        return;
      } catch (RedisException e) {
        if (attempt > 0 || !LuaScript.isUnknownScript(e)) {
          throw RedisFailures.failure("Redis batch of " + size + " keys for cache '" + cacheName
              + "' failed: " + e.getMessage(), e);
        }
        READ.load(client);
        CompareAndSet.SCRIPT.load(client);
      }
    }
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
    StoreEntry next;
    boolean expiredAtOnce;
    CompareAndSet.Call call;
    StoreEntry committed;

    Attempt(KeyStep<K> step, String name) {
      this.step = step;
      this.name = name;
    }

    /** Decides on what was read; returns the call to make, or {@code null} for none. */
    CompareAndSet.Call decide(List<Object> read, long now, StampedValues<K> values,
        CompareAndSet<K> compareAndSet) {
      byte[] stored = read == null ? null : (byte[]) read.get(0);
      StoreEntry current = stored == null ? null : new StoreEntry(
          values.payload(step.key(), stored), expiresAt((Long) read.get(1), now));
      Step decided = step.remapper().remap(current);
      next = Step.nextOf(decided);
      expiredAtOnce = next != null && next.expiresAt() != StoreEntry.ETERNAL
          && next.expiresAt() != StoreEntry.UNKNOWN && next.expiresAt() <= now;
      call = compareAndSet.of(step.key(), name, stored, current, next, Step.changeOf(decided),
          now);
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
