package dev.strata.jcache.store.redis;

import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.shaded.redisson.api.RBatch;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import java.util.Arrays;
import java.util.List;

/**
 * The calls of {@code compare-and-set.lua}, the second half of an optimistic step: this class
 * alone knows the script's KEYS and ARGV layout (documented in the script's header). A call
 * changes the entry only if it still carries the stamp the step read, announces the change on
 * the cache's channel, and, for a write-behind cache, appends the step's journal change to the
 * journal stream in the same script.
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
  private final byte[] channel;
  private final byte[] origin;
  private final String stream;

  /**
   * @param origin tells this store's change messages from everyone else's
   * @param stream the write-behind journal's stream, or {@code null} for a cache without one
   */
  CompareAndSet(StampedValues<K> values, String channel, byte[] origin, String stream) {
    this.values = values;
    this.channel = RedisKeyspace.utf8(channel);
    this.origin = origin;
    this.stream = stream;
  }

  /** One call of the script: its keys (the entry, and the journal if any) and arguments. */
  record Call(List<Object> keys, Object[] arguments) {}

  /**
   * The call that turns {@code current} (read as {@code currentBytes}) into {@code next} and
   * appends {@code change} to the journal, or {@code null} when Redis needs no call: the entry
   * stays as it is (or a key stays absent) and there is nothing to journal.
   */
  Call of(K key, String name, byte[] currentBytes, StoreEntry current, StoreEntry next,
      JournalChange change, long now) {
    byte[] stamp = StampedValues.stampOf(currentBytes);
    Object[] write = next == current ? null
        : entryArguments(key, name, stamp, currentBytes, current, next, now);
    JournalChange recorded = stream == null ? null : change;
    if (recorded == null) {
      return write == null ? null : new Call(List.of(name), write);
    }
    Object[] base = write != null ? write : new Object[] {stamp, NONE, EMPTY, KEEP, EMPTY, EMPTY};
    Object[] record = recorded.isDelete()
        ? new Object[] {JOURNAL_DELETE, RedisKeyspace.utf8(name), EMPTY}
        : new Object[] {JOURNAL_WRITE, RedisKeyspace.utf8(name),
            journalValue(key, write, next, recorded)};
    Object[] arguments = Arrays.copyOf(base, base.length + record.length);
    System.arraycopy(record, 0, arguments, base.length, record.length);
    return new Call(List.of(name, stream), arguments);
  }

  /** ARGV[1..6]: the entry's change, or null when a key absent before stays absent. */
  private Object[] entryArguments(K key, String name, byte[] stamp, byte[] currentBytes,
      StoreEntry current, StoreEntry next, long now) {
    boolean expiredAtOnce = next != null && next.expiresAt() != StoreEntry.ETERNAL
        && next.expiresAt() != StoreEntry.UNKNOWN && next.expiresAt() <= now;
    if (next == null || expiredAtOnce) {
      return current == null ? null : new Object[] {stamp, DELETE, EMPTY, KEEP, channel,
          announce(name, currentBytes, null)};
    }
    byte[] ttl = ttl(current, next, now);
    if (current != null && next.value() == current.value()) {
      return new Object[] {stamp, TTL, EMPTY, ttl, EMPTY, EMPTY};
    }
    byte[] value = StampedValues.stamped(values.encode(key, next.value()));
    return new Object[] {stamp, SET, value, ttl, channel, announce(name, currentBytes, value)};
  }

  /** The journal's bytes of a write: those of the entry's own write when it is the same value. */
  private byte[] journalValue(K key, Object[] write, StoreEntry next, JournalChange change) {
    if (write != null && write[1] == SET && next != null && next.value() == change.stored()) {
      return StampedValues.unstamped((byte[]) write[2]);
    }
    return values.encode(key, change.stored());
  }

  /** The change message, values without their stamps. */
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
   * meanwhile; otherwise it is the journal's length after the append, or 1 without a record.
   */
  static boolean committed(Long reply) {
    return reply != null && reply >= 1L;
  }
}
