package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.shaded.redisson.api.RBatch;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The calls of {@code compare-and-set.lua}, the second half of an optimistic step: this class
 * alone knows the script's KEYS and ARGV layout (documented in the script's header). A call
 * changes the entry only if it still carries the stamp the step read, announces the change on
 * the cache's channel, and, for a write-behind cache, appends the step's journal change to the
 * journal stream in the same script.
 *
 * <p>Every call carries a stamp of its own, which the script leaves in this store's commit
 * record of the entry when it commits (see {@link RedisKeyspace#commitRecordName}), for
 * {@code recordMillis}: a call sent again after a late or lost reply, by Redisson's resend or by
 * a batch run again, finds its stamp there and answers "committed" without applying anything a
 * second time; and a caller whose every attempt timed out can read the record to learn whether
 * its step committed.
 *
 * <p>A step whose remapper looked up the key's pending change ({@link RedisJournal#pendingChange})
 * carries the id of the record it was told of, and commits only while that is still the key's
 * latest: a change appended meanwhile, even one that leaves the entry as it is (the delete of an
 * absent key), has the step decided again instead of storing what the loader read.
 *
 * <p>An update whose expiry is unchanged keeps Redis's time to live ({@code KEEPTTL}); one that
 * changes only the expiry of the value it read sends only the new time to live.
 */
final class CompareAndSet<K> {
  static final LuaScript SCRIPT = LuaScript.load("compare-and-set.lua");
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] SET = RedisKeyspace.utf8("set");
  private static final byte[] DELETE = RedisKeyspace.utf8("del");
  private static final byte[] TTL = RedisKeyspace.utf8("ttl");
  private static final byte[] NONE = RedisKeyspace.utf8("none");
  private static final byte[] KEEP = RedisKeyspace.utf8("keep");
  private static final byte[] PERSIST = RedisKeyspace.utf8("persist");
  private static final byte[] JOURNAL_WRITE = RedisKeyspace.utf8("w");
  private static final byte[] JOURNAL_DELETE = RedisKeyspace.utf8("d");

  private final StampedValues<K> values;
  private final RedisKeyspace keyspace;
  private final SequenceGroups groups;
  private final byte[] channel;
  private final byte[] origin;
  private final String originName;
  private final String stream;
  private final String pendingIndex;
  private final byte[] recordMillis;
  private final long recordNanos;

  /**
   * @param origin tells this store's change messages and commit records from everyone else's
   * @param stream the write-behind journal's stream, or {@code null} for a cache without one
   * @param pendingIndex the journal's index of each key's latest record, with {@code stream}
   * @param recordMillis how long a commit record is kept: longer than a call and its resends
   *     can take, and than the read of the record after the last of them timed out
   */
  /** The sequence counter of an entry's group, which every script announcing its change counts. */
  String sequenceName(String entryName) {
    return keyspace.sequenceName(groups.groupOf(entryName));
  }

  CompareAndSet(StampedValues<K> values, RedisKeyspace keyspace, SequenceGroups groups,
      byte[] origin, String stream, String pendingIndex, long recordMillis) {
    this.values = values;
    this.keyspace = keyspace;
    this.groups = groups;
    this.channel = RedisKeyspace.utf8(keyspace.channel());
    this.origin = origin;
    this.originName = HexFormat.of().formatHex(origin);
    this.stream = stream;
    this.pendingIndex = pendingIndex;
    this.recordMillis = RedisKeyspace.utf8(Long.toString(recordMillis));
    this.recordNanos = recordMillis * 1_000_000L;
  }

  /** The cache's change channel. */
  byte[] channel() {
    return channel;
  }

  /** This store's origin, which its change messages carry. */
  byte[] origin() {
    return origin;
  }

  /** The name of this store's commit record of an entry. */
  String recordName(String name) {
    return RedisKeyspace.commitRecordName(name, originName);
  }

  /** How long a commit record is kept, in milliseconds, as the scripts take it. */
  byte[] recordMillis() {
    return recordMillis;
  }

  /** How long a commit record is kept, in nanoseconds. */
  long recordNanos() {
    return recordNanos;
  }

  /**
   * One call of the script: its keys (the entry, the commit record, the lease, and the journal
   * and its index if any), arguments, and the step's own stamp.
   */
  record Call(List<Object> keys, Object[] arguments, byte[] stepStamp) {
    /** The name of the commit record that tells whether the call committed. */
    String recordName() {
      return (String) keys.get(1);
    }
  }

  /**
   * The call that turns {@code current} (read as {@code currentBytes}) into {@code next} and
   * appends {@code change} to the journal, or {@code null} when Redis needs no call: the entry
   * stays as it is (or a key stays absent), there is nothing to journal and no lease to give up.
   *
   * @param pendingSeen the id of the key's latest journal record the step was decided on
   *     ({@code ""} for none), or {@code null} when the step did not look
   * @param lease the step's lease token and name, or {@code null} for a step without a lease
   */
  Call of(K key, String name, byte[] currentBytes, StoreEntry current, StoreEntry next,
      JournalChange change, String pendingSeen, long now, StepLease lease) {
    byte[] stamp = StampedValues.stampOf(currentBytes);
    byte[] stepStamp = StampedValues.newStamp();
    Object[] write = next == current ? null
        : entryArguments(key, name, stamp, stepStamp, currentBytes, current, next, now);
    JournalChange recorded = stream == null ? null : change;
    String guard = stream == null ? null : pendingSeen;
    if (recorded == null && write == null && lease == null) {
      return null;
    }
    Object[] entry = write != null ? write
        : new Object[] {stamp, stepStamp, NONE, EMPTY, KEEP, EMPTY, EMPTY, recordMillis};
    Object[] base = Arrays.copyOf(entry, entry.length + 1);
    base[entry.length] = lease == null ? EMPTY : lease.token();
    String recordName = RedisKeyspace.commitRecordName(name, originName);
    // an unleased step names its record again where the lease goes: a key of the same slot,
    // which the script leaves alone
    String leaseName = lease == null ? recordName : lease.name();
    // the counter that numbers the change in its group's sequence: in the entry's slot
    String sequence = keyspace.sequenceName(groups.groupOf(name));
    if (recorded == null && guard == null) {
      return new Call(List.of(name, recordName, leaseName, sequence), base, stepStamp);
    }
    Object[] record = recorded == null ? new Object[] {EMPTY, RedisKeyspace.utf8(name), EMPTY}
        : recorded.isDelete()
        ? new Object[] {JOURNAL_DELETE, RedisKeyspace.utf8(name), EMPTY}
        : new Object[] {JOURNAL_WRITE, RedisKeyspace.utf8(name),
            journalValue(key, write, next, recorded)};
    int length = base.length + record.length + (guard == null ? 0 : 1);
    Object[] arguments = Arrays.copyOf(base, length);
    System.arraycopy(record, 0, arguments, base.length, record.length);
    if (guard != null) {
      arguments[length - 1] = RedisKeyspace.utf8(guard);
    }
    return new Call(List.of(name, recordName, leaseName, sequence, stream, pendingIndex),
        arguments,
        stepStamp);
  }

  /** ARGV[1..8]: the entry's change, or null when a key absent before stays absent. */
  private Object[] entryArguments(K key, String name, byte[] stamp, byte[] stepStamp,
      byte[] currentBytes, StoreEntry current, StoreEntry next, long now) {
    boolean expiredAtOnce = next != null && next.expiresAt() != StoreEntry.ETERNAL
        && next.expiresAt() != StoreEntry.UNKNOWN && next.expiresAt() <= now;
    if (next == null || expiredAtOnce) {
      return current == null ? null : new Object[] {stamp, stepStamp, DELETE, EMPTY, KEEP,
          channel, announce(name, currentBytes, null), recordMillis};
    }
    byte[] ttl = ttl(current, next, now);
    if (current != null && next.value() == current.value()) {
      return new Object[] {stamp, stepStamp, TTL, EMPTY, ttl, EMPTY, EMPTY, recordMillis};
    }
    byte[] value = StampedValues.stamped(stepStamp, values.encode(key, next.value()));
    return new Object[] {stamp, stepStamp, SET, value, ttl, channel,
        announce(name, currentBytes, value), recordMillis};
  }

  /** The journal's bytes of a write: those of the entry's own write when it is the same value. */
  private byte[] journalValue(K key, Object[] write, StoreEntry next, JournalChange change) {
    if (write != null && write[2] == SET && next != null && next.value() == change.stored()) {
      return StampedValues.unstamped((byte[]) write[3]);
    }
    return values.encode(key, change.stored());
  }

  /**
   * The change message, values without their stamps; {@code announce.lua} puts the change's
   * epoch and number in front of it.
   */
  private byte[] announce(String name, byte[] oldStored, byte[] newStored) {
    return new ChangeMessage(origin, name,
        oldStored == null ? null : StampedValues.unstamped(oldStored),
        newStored == null ? null : StampedValues.unstamped(newStored))
        .encode();
  }

  private static byte[] ttl(StoreEntry current, StoreEntry next, long now) {
    if (current != null && next.expiresAt() == current.expiresAt()) {
      return KEEP;
    }
    if (next.expiresAt() == StoreEntry.ETERNAL) {
      return PERSIST;
    }
    long millis = Math.max(1L, (next.expiresAt() - now + 999_999L) / 1_000_000L);
    return RedisKeyspace.utf8(Long.toString(millis));
  }

  /** Runs one call. */
  static Long run(RedissonClient client, Call call) {
    return SCRIPT.run(client, call.keys(), RScript.Mode.READ_WRITE, RScript.ReturnType.LONG,
        call.arguments());
  }

  /** Queues one call in a batch. */
  static RFuture<Long> queue(RBatch batch, Call call) {
    return SCRIPT.queue(batch, call.keys(), RScript.Mode.READ_WRITE, RScript.ReturnType.LONG,
        call.arguments());
  }

  /**
   * Whether the script's reply says the call committed: 0 means the entry had changed
   * meanwhile; otherwise it is 1 + the journal's length after the append (1 without a journal).
   */
  static boolean committed(Long reply) {
    return reply != null && reply >= 1L;
  }

  /** The journal's length a committed call's reply tells, or -1 for a call without a journal. */
  static long journalLength(Call call, Long reply) {
    return call.keys().size() > 4 ? reply - 1L : -1L;
  }

  /** Whether the reply says the step's lease had lapsed: the call changed nothing. */
  static boolean leaseLost(Long reply) {
    return reply != null && reply < 0L;
  }

  /** An exclusive step's lease: its token and the lease key's name. */
  record StepLease(byte[] token, String name) {}
}
