package dev.strata.jcache.store.redis;

import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.KeyWrite;
import dev.strata.jcache.store.OutcomeUnknownException;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.Write;
import dev.strata.jcache.store.Written;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs {@link Write writes} as one call of {@code write.lua} each: the script decides on the
 * server whether the key is present, so a put, a remove or a putIfAbsent costs one round trip,
 * and many keys' writes one pipelined batch per node, instead of a read and then a
 * {@link CompareAndSet compare-and-set}. This class alone knows the script's KEYS and ARGV
 * layout (documented in the script's header).
 *
 * <p>Exactly-once holds as for compare-and-set: every call carries a stamp of its own, a call
 * that applies leaves it in this store's commit record of the entry, with what it found, so that
 * a call sent again after a late reply answers as the first did and changes nothing, and a
 * caller whose every attempt went unanswered reads the records to learn what committed; a call
 * whose record is absent while it would still be there is sent once more, and its answer is the
 * outcome; otherwise the write ends in an {@link OutcomeUnknownException}. The change message
 * is built here, through {@link ChangeMessage}, but for the old value's part, which only the
 * script knows.
 */
final class OneStepWrites<K> {
  /**
   * A cache whose writes are all this script's would not otherwise have made the step scripts
   * known by the time an entry processor's step runs (under a fault, say).
   */
  static final LuaScript SCRIPT = LuaScript.load("write.lua", OptimisticSteps.READ,
      CompareAndSet.SCRIPT);
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] WANTED = RedisKeyspace.utf8("1");
  private static final byte[] SET = RedisKeyspace.utf8("set");
  private static final byte[] DELETE = RedisKeyspace.utf8("del");
  private static final byte[] KEEP = RedisKeyspace.utf8("keep");
  private static final byte[] PERSIST = RedisKeyspace.utf8("persist");
  private static final byte[] EXPIRED = RedisKeyspace.utf8("expired");
  private static final byte[] JOURNAL_WRITE = RedisKeyspace.utf8("w");
  private static final byte[] JOURNAL_DELETE = RedisKeyspace.utf8("d");
  private static final byte[] MISSING = ChangeMessage.part(null);
  private static final byte[][] CONDITIONS = {RedisKeyspace.utf8("any"),
      RedisKeyspace.utf8("absent"), RedisKeyspace.utf8("present")};

  private final String cacheName;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final StampedValues<K> values;
  private final CompareAndSet<K> compareAndSet;
  private final RedisJournal<K> journal;
  private final Ticker ticker;
  private final StoreListener<K> listener;
  private final RedisFailures failures;

  OneStepWrites(String cacheName, RedissonClient client, RedisKeyspace keyspace,
      StampedValues<K> values, CompareAndSet<K> compareAndSet, RedisJournal<K> journal,
      Ticker ticker, StoreListener<K> listener, RedisFailures failures) {
    this.cacheName = cacheName;
    this.client = client;
    this.keyspace = keyspace;
    this.values = values;
    this.compareAndSet = compareAndSet;
    this.journal = journal;
    this.ticker = ticker;
    this.listener = listener;
    this.failures = failures;
  }

  /** One key's call: what it sends, and what it must do once committed. */
  private record Call<K>(K key, Write write, Consumer<Written> onCommit, List<Object> keys,
      Object[] arguments, byte[] stamp, boolean updateExpires) {
    String recordName() {
      return (String) keys.get(1);
    }
  }

  /** Runs one write, in one round trip. */
  Written write(K key, Write write, Consumer<Written> onCommit) {
    Call<K> call = call(key, write, onCommit, ticker.read());
    List<Call<K>> calls = List.of(call);
    long sent = System.nanoTime();
    List<Object> reply;
    try {
      reply = failures.call(key, (String) call.keys().get(0), "write", false, () ->
          SCRIPT.run(client, call.keys(), RScript.Mode.READ_WRITE, RScript.ReturnType.LIST,
              call.arguments()));
    } catch (RuntimeException e) {
      if (RedisFailures.failedAtOnce(e) || !RedisFailures.unreachable(e)) {
        throw e;
      }
      return settleUnanswered(calls, e, sent).get(0);
    }
    return commit(call, reply);
  }

  /** Runs many writes in one pipelined batch, one round trip to each node. */
  List<Written> writeAll(List<KeyWrite<K>> writes) {
    long now = ticker.read();
    List<Call<K>> calls = new ArrayList<>(writes.size());
    for (KeyWrite<K> write : writes) {
      calls.add(call(write.key(), write.write(), write.onCommit(), now));
    }
    long sent = System.nanoTime();
    List<List<Object>> replies;
    try {
      replies = send(calls);
    } catch (RuntimeException e) {
      if (RedisFailures.failedAtOnce(e) || !RedisFailures.unreachable(e)) {
        throw e;
      }
      return settleUnanswered(calls, e, sent);
    }
    List<Written> found = new ArrayList<>(calls.size());
    for (int i = 0; i < calls.size(); i++) {
      found.add(commit(calls.get(i), replies.get(i)));
    }
    return found;
  }

  private List<List<Object>> send(List<Call<K>> calls) {
    List<String> names = new ArrayList<>(calls.size());
    for (Call<K> call : calls) {
      names.add((String) call.keys().get(0));
    }
    List<RFuture<List<Object>>> futures = new ArrayList<>(calls.size());
    failures.callAll(names, calls.size() == 1 ? "write" : "batch write of " + calls.size()
        + " keys", false, () -> {
          LuaScript.runBatch(client, batch -> {
            futures.clear();
            for (Call<K> call : calls) {
              futures.add(SCRIPT.queue(batch, call.keys(), RScript.Mode.READ_WRITE,
                  RScript.ReturnType.LIST, call.arguments()));
            }
          }, SCRIPT);
          return null;
        });
    List<List<Object>> replies = new ArrayList<>(calls.size());
    for (RFuture<List<Object>> future : futures) {
      replies.add(future.toCompletableFuture().join());
    }
    return replies;
  }

  /** Takes the script's answer: runs the write's {@code onCommit} with what it found. */
  private Written commit(Call<K> call, List<Object> reply) {
    long status = (Long) reply.get(0);
    Written found = found(call.key(), (byte[]) reply.get(1), (byte[]) reply.get(2));
    if (status >= 1 && journal != null && call.keys().size() > 3) {
      journal.appended(status - 1);
    }
    return committed(call, found, status >= 1);
  }

  private Written committed(Call<K> call, Written found, boolean applied) {
    if (call.onCommit() != null) {
      call.onCommit().accept(found);
    }
    if (applied && found.found() && call.updateExpires()) {
      // the update's expiry had passed: Redis got a delete, reported as the embedded store does
      listener.onExpired(call.key(), call.write().value());
    }
    return found;
  }

  /**
   * What a call found, from its answer or its commit record: an unknown presence (the record
   * gone, the commit known from the stamp on the entry) counts as absent.
   */
  private Written found(K key, byte[] flag, byte[] previous) {
    if (flag.length == 0 || flag[0] != '1') {
      return Written.ABSENT;
    }
    return previous.length == 0 ? Written.PRESENT
        : new Written(true, values.payload(key, previous));
  }

  /**
   * Learns, once every send of the calls went unanswered, which of them committed, from their
   * commit records, as {@link OptimisticSteps} does for compare-and-set: those commit here with
   * what their records say they found; those whose records are absent while they would still be
   * there are sent once more, and answer; the others end in an
   * {@link OutcomeUnknownException}.
   */
  private List<Written> settleUnanswered(List<Call<K>> calls, RuntimeException failure,
      long sent) {
    List<String> names = new ArrayList<>(calls.size());
    for (Call<K> call : calls) {
      names.add(call.recordName());
    }
    CommitRecords.Read records = CommitRecords.read(client, failures, names, sent,
        compareAndSet.recordNanos(), failure);
    Map<String, byte[]> read = records.found();
    boolean fresh = records.fresh();
    Written[] found = new Written[calls.size()];
    List<Call<K>> absent = new ArrayList<>();
    List<Integer> absentAt = new ArrayList<>();
    List<Object> unknown = new ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      Call<K> call = calls.get(i);
      byte[] record = read.get(call.recordName());
      if (record != null && record.length > StampedValues.STAMP && Arrays.equals(record, 0,
          StampedValues.STAMP, call.stamp(), 0, StampedValues.STAMP)) {
        found[i] = committed(call, found(call.key(),
            Arrays.copyOfRange(record, StampedValues.STAMP, StampedValues.STAMP + 1),
            Arrays.copyOfRange(record, StampedValues.STAMP + 1, record.length)), true);
      } else if (fresh) {
        absent.add(call);
        absentAt.add(i);
      } else {
        unknown.add(call.key());
      }
    }
    if (!absent.isEmpty()) {
      try {
        List<List<Object>> replies = send(absent);
        for (int i = 0; i < absent.size(); i++) {
          found[absentAt.get(i)] = commit(absent.get(i), replies.get(i));
        }
      } catch (RuntimeException again) {
        if (!RedisFailures.unreachable(again)) {
          throw again;
        }
        failure.addSuppressed(again);
        for (Call<K> call : absent) {
          unknown.add(call.key());
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
    return Arrays.asList(found);
  }

  private Call<K> call(K key, Write write, Consumer<Written> onCommit, long now) {
    String name = keyspace.name(key);
    byte[] stamp = StampedValues.newStamp();
    byte[] value = EMPTY;
    byte[] newPart = MISSING;
    byte[] encoded = null;
    if (!write.isDelete()) {
      encoded = values.encode(key, write.value());
      value = StampedValues.stamped(stamp, encoded);
      newPart = ChangeMessage.part(encoded);
    }
    byte[] updated = write.isDelete() ? KEEP : updatedTtl(write.updatedExpiresAt(), now);
    String recordName = compareAndSet.recordName(name);
    JournalChange change = journal == null ? null : write.journalChange();
    int length = journal == null ? 12 : 15;
    Object[] arguments = new Object[length];
    arguments[0] = stamp;
    arguments[1] = CONDITIONS[write.condition().ordinal()];
    arguments[2] = write.isDelete() ? DELETE : SET;
    arguments[3] = value;
    arguments[4] = write.isDelete() ? EXPIRED : createdTtl(write.createdExpiresAt(), now);
    arguments[5] = updated;
    arguments[6] = compareAndSet.channel();
    arguments[7] = ChangeMessage.head(compareAndSet.origin(), name);
    arguments[8] = newPart;
    arguments[9] = MISSING;
    arguments[10] = compareAndSet.recordMillis();
    arguments[11] = write.previousWanted() ? WANTED : EMPTY;
    List<Object> keys;
    if (journal == null) {
      keys = List.of(name, recordName, compareAndSet.sequenceName(name));
    } else {
      keys = List.of(name, recordName, compareAndSet.sequenceName(name), journal.streamName(),
          journal.pendingIndexName());
      arguments[12] = change == null ? EMPTY
          : change.isDelete() ? JOURNAL_DELETE : JOURNAL_WRITE;
      arguments[13] = RedisKeyspace.utf8(name);
      arguments[14] = change == null || change.isDelete() ? EMPTY
          : change.stored() == write.value() ? encoded : values.encode(key, change.stored());
    }
    return new Call<>(key, write, onCommit, keys, arguments, stamp, updated == EXPIRED);
  }

  private static byte[] createdTtl(long expiresAt, long now) {
    return expiresAt == Write.AT_ONCE ? EXPIRED : ttl(expiresAt, now);
  }

  private static byte[] updatedTtl(long expiresAt, long now) {
    return expiresAt == Write.KEEP ? KEEP : ttl(expiresAt, now);
  }

  private static byte[] ttl(long expiresAt, long now) {
    if (expiresAt == StoreEntry.ETERNAL) {
      return PERSIST;
    }
    if (expiresAt <= now) {
      return EXPIRED;
    }
    long millis = Math.max(1L, (expiresAt - now + 999_999L) / 1_000_000L);
    return RedisKeyspace.utf8(Long.toString(millis));
  }
}
