package dev.strata.jcache.store.redis;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.StoredAt;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.Step;
import dev.strata.jcache.store.Store;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.shaded.redisson.api.BatchOptions;
import dev.strata.shaded.redisson.api.RBatch;
import dev.strata.shaded.redisson.api.RFuture;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RPatternTopic;
import dev.strata.shaded.redisson.api.RTopic;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.api.listener.StatusListener;
import dev.strata.shaded.redisson.client.RedisException;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import dev.strata.shaded.redisson.client.codec.StringCodec;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import javax.cache.CacheException;

/**
 * The Redis store: each entry is a Redis string of its own, named by {@link RedisKeyspace}, so a
 * cache spreads over a Cluster's slots, and each entry's time to live is Redis's own
 * ({@code PX}/{@code PEXPIRE}), so entries expire on the server's clock whether or not a JVM
 * runs.
 *
 * <p>A stored value is an 8-byte random stamp, renewed by every write, followed by the value's
 * bytes. An atomic step reads the entry and its time to live ({@code read.lua}), lets the
 * remapper decide, and writes only if the stamp is still the one it read
 * ({@code compare-and-set.lua}); if another JVM wrote meanwhile, it reads again and decides
 * again. So the remapper may run more than once, and {@code onCommit} runs once, for the attempt
 * that committed. Steps of this JVM on one key also take a local lock first, so that only other
 * JVMs can make a step retry.
 *
 * <p>An update whose expiry is unchanged keeps Redis's time to live ({@code KEEPTTL}); one that
 * changes only the expiry of the value it read sends only the new time to live.
 *
 * <p>Anyone who can write to Redis can write under a cache's keys, so the bytes read back are
 * decoded by a restricted codec, and each carries its cache and key until then, for the failure
 * of bytes that cannot be read. A value whose encoding exceeds the cache's maximum value size is
 * refused before it is sent.
 */
public final class RedisStore<K> implements Store<K> {
  private static final LuaScript READ = LuaScript.load("read.lua");
  private static final LuaScript COMPARE_AND_SET = LuaScript.load("compare-and-set.lua");
  private static final int STAMP = 8;
  private static final byte[] ABSENT = new byte[0];
  private static final byte[] SET = RedisKeyspace.utf8("set");
  private static final byte[] DELETE = RedisKeyspace.utf8("del");
  private static final byte[] TTL = RedisKeyspace.utf8("ttl");
  private static final byte[] KEEP = RedisKeyspace.utf8("keep");
  private static final byte[] PERSIST = RedisKeyspace.utf8("persist");
  private static final int BATCH = 100;
  private static final String EXPIRY_NOTIFICATIONS = "__keyevent@*__:expired";

  private final String cacheName;
  private final byte[] channel;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final ValueCopier copier;
  private final long maximumValueSize;
  private final Ticker ticker;
  private final ReentrantLock[] locks = new ReentrantLock[64];
  private final StoreListener<K> listener;
  private final RedisJournal<K> journal;
  /** Tells this instance's own change messages from everyone else's. */
  private final byte[] origin = new byte[ChangeMessage.ORIGIN];
  private Integer subscription;
  private Integer expirySubscription;
  private Integer statusSubscription;

  /**
   * @param keyCodec encodes keys that have no readable form, and decodes them when iterating;
   *     restricted like the copier's codec, since Redis key names are as foreign as values
   * @param maximumValueSize the largest encoding, in bytes, of a value written; -1 for none
   */
  public RedisStore(String namespace, String cacheName, RedissonClient client, ValueCopier copier,
      Codec keyCodec, ClassLoader classLoader, Ticker ticker, long maximumValueSize,
      StoreListener<K> listener) {
    this(namespace, cacheName, client, copier, keyCodec, classLoader, ticker, maximumValueSize,
        listener, false);
  }

  /**
   * @param journaled whether the store keeps a write-behind journal (see {@link RedisJournal});
   *     its keys then share one Cluster hash slot with the journal
   */
  public RedisStore(String namespace, String cacheName, RedissonClient client, ValueCopier copier,
      Codec keyCodec, ClassLoader classLoader, Ticker ticker, long maximumValueSize,
      StoreListener<K> listener, boolean journaled) {
    this.listener = listener;
    ThreadLocalRandom.current().nextBytes(origin);
    this.cacheName = cacheName;
    this.client = client;
    this.keyspace = new RedisKeyspace(namespace, cacheName, keyCodec, classLoader, journaled);
    this.journal = journaled ? new RedisJournal<>(cacheName, client, keyspace, copier) : null;
    this.channel = RedisKeyspace.utf8(keyspace.channel());
    this.copier = copier;
    this.maximumValueSize = maximumValueSize;
    this.ticker = ticker;
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public StoreEntry get(K key) {
    byte[] stored = call(key, "read", () ->
        client.<byte[]>getBucket(keyspace.name(key), ByteArrayCodec.INSTANCE).get());
    return stored == null ? null : new StoreEntry(payload(key, stored), StoreEntry.UNKNOWN);
  }

  /**
   * The key's entry with its expiry instant, read with the time to live in one round trip: what
   * a near cache needs to keep a copy no longer than Redis keeps the entry.
   */
  public StoreEntry getWithExpiry(K key) {
    String name = keyspace.name(key);
    List<Object> read = call(key, "read", () -> READ.run(client, name, RScript.Mode.READ_ONLY,
        RScript.ReturnType.LIST));
    return read == null ? null : entryOf(key, read, ticker.read());
  }

  /** {@link #getWithExpiry} for many keys, in one pipelined batch per node. */
  public Map<K, StoreEntry> getAllWithExpiry(Set<? extends K> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    List<K> ordered = new ArrayList<>(keys);
    List<RFuture<List<Object>>> reads = new ArrayList<>(ordered.size());
    runBatch(ordered.size(), batch -> {
      reads.clear();
      for (K key : ordered) {
        reads.add(READ.queue(batch, keyspace.name(key), RScript.Mode.READ_ONLY,
            RScript.ReturnType.LIST));
      }
    });
    long now = ticker.read();
    Map<K, StoreEntry> found = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      List<Object> read = reads.get(i).toCompletableFuture().join();
      if (read != null) {
        found.put(ordered.get(i), entryOf(ordered.get(i), read, now));
      }
    }
    return found;
  }

  private StoreEntry entryOf(K key, List<Object> read, long now) {
    return new StoreEntry(payload(key, (byte[]) read.get(0)),
        expiresAt((Long) read.get(1), now));
  }

  /**
   * The entries of many keys by {@code MGET}: one command per node (per slot in a Cluster, which
   * Redisson groups and sends together), not one per key.
   */
  @Override
  public Map<K, StoreEntry> getAll(Set<? extends K> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    Map<String, K> byName = new LinkedHashMap<>(Math.max(4, keys.size() * 4 / 3 + 1));
    for (K key : keys) {
      byName.put(keyspace.name(key), key);
    }
    String[] names = byName.keySet().toArray(new String[0]);
    Map<String, byte[]> replies = call(null, "read of " + keys.size() + " keys", () ->
        client.getBuckets(ByteArrayCodec.INSTANCE).<byte[]>get(names));
    Map<K, StoreEntry> found = new HashMap<>(Math.max(4, replies.size() * 4 / 3 + 1));
    for (Map.Entry<String, byte[]> reply : replies.entrySet()) {
      K key = byName.get(reply.getKey());
      if (key != null && reply.getValue() != null) {
        found.put(key, new StoreEntry(payload(key, reply.getValue()), StoreEntry.UNKNOWN));
      }
    }
    return found;
  }

  @Override
  public StoreEntry compute(K key, Remapper remapper, Runnable onCommit) {
    String name = keyspace.name(key);
    ReentrantLock lock = locks[lockIndex(key)];
    lock.lock();
    try {
      while (true) {
        List<Object> read = call(key, "read", () -> READ.run(client, name, RScript.Mode.READ_ONLY,
            RScript.ReturnType.LIST));
        long now = ticker.read();
        byte[] stamp = ABSENT;
        StoreEntry current = null;
        if (read != null) {
          byte[] stored = (byte[]) read.get(0);
          current = new StoreEntry(payload(key, stored), expiresAt((Long) read.get(1), now));
          stamp = Arrays.copyOf(stored, STAMP);
        }
        Step step = remapper.remap(current);
        StoreEntry next = Step.nextOf(step);
        Object[] write = journaled(key, name, stamp, next, Step.changeOf(step), next == current
            ? null
            : writeOf(key, name, stamp, read == null ? null : (byte[]) read.get(0), current, next,
                now));
        if (write == null || committed(call(key, "write", () -> COMPARE_AND_SET.run(client,
            keysOf(name), RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, write)))) {
          if (onCommit != null) {
            onCommit.run();
          }
          return next;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The arguments of {@code compare-and-set.lua} that turn {@code current} into {@code next},
   * or null when Redis needs no change (a key absent before and after).
   */
  private Object[] writeOf(K key, String name, byte[] stamp, byte[] currentBytes, StoreEntry current,
      StoreEntry next, long now) {
    boolean expiredAtOnce = next != null && next.expiresAt() != StoreEntry.ETERNAL
        && next.expiresAt() != StoreEntry.UNKNOWN && next.expiresAt() <= now;
    if (next == null || expiredAtOnce) {
      return current == null ? null : new Object[] {stamp, DELETE, ABSENT, KEEP, channel,
          announce(name, currentBytes, null)};
    }
    byte[] ttl = ttl(current, next, now);
    if (current != null && next.value() == current.value()) {
      return new Object[] {stamp, TTL, ABSENT, ttl, ABSENT, ABSENT};
    }
    byte[] value = stamped(checkedSize(key, next.value(), copier.toBytes(next.value())));
    return new Object[] {stamp, SET, value, ttl, channel, announce(name, currentBytes, value)};
  }

  /**
   * The arguments of {@code compare-and-set.lua} with the journal record the remapper asked for
   * (a step that changes no entry still appends its record), or without one.
   */
  private Object[] journaled(K key, String name, byte[] stamp, StoreEntry next,
      JournalChange decided, Object[] write) {
    JournalChange change = journal == null ? null : decided;
    if (change == null || change.isDelete()) {
      return RedisJournal.withRecord(write, stamp, name, change, ABSENT);
    }
    byte[] value;
    if (write != null && write[1] == SET && next != null && next.value() == change.stored()) {
      byte[] stamped = (byte[]) write[2];
      value = Arrays.copyOfRange(stamped, STAMP, stamped.length);
    } else {
      value = checkedSize(key, change.stored(), copier.toBytes(change.stored()));
    }
    return RedisJournal.withRecord(write, stamp, name, change, value);
  }

  private List<Object> keysOf(String name) {
    return journal == null ? List.of(name) : List.of(name, journal.streamName());
  }

  @Override
  public dev.strata.jcache.store.Journal<K> journal() {
    return journal;
  }

  /** The change message, values without their stamps. */
  private byte[] announce(String name, byte[] oldStored, byte[] newStored) {
    return new ChangeMessage(origin, name,
        oldStored == null ? null : Arrays.copyOfRange(oldStored, STAMP, oldStored.length),
        newStored == null ? null : Arrays.copyOfRange(newStored, STAMP, newStored.length))
        .encode();
  }

  /**
   * Subscribes to the cache's change channel and to Redis's expiry notifications (which Redis
   * sends only when its {@code notify-keyspace-events} setting includes {@code Ex}).
   */
  @Override
  public synchronized void setListening(boolean listening) {
    RTopic topic = client.getTopic(keyspace.channel(), ByteArrayCodec.INSTANCE);
    RPatternTopic expiries = client.getPatternTopic(EXPIRY_NOTIFICATIONS, StringCodec.INSTANCE);
    if (listening && subscription == null) {
      subscription = call(null, "subscribe", () ->
          topic.addListener(byte[].class, (channel, message) -> onMessage(message)));
      statusSubscription = call(null, "subscribe", () -> topic.addListener(new StatusListener() {
        @Override
        public void onSubscribe(String channel) {
          listener.onListeningRestarted();
        }

        @Override
        public void onUnsubscribe(String channel) {
          listener.onListeningRestarted();
        }
      }));
      expirySubscription = call(null, "subscribe", () -> expiries.addListener(String.class,
          (pattern, channel, name) -> onExpiryNotification(name)));
    } else if (!listening && subscription != null) {
      Integer id = subscription;
      Integer expiryId = expirySubscription;
      Integer statusId = statusSubscription;
      subscription = null;
      expirySubscription = null;
      statusSubscription = null;
      call(null, "unsubscribe", () -> {
        topic.removeListener(id, statusId);
        expiries.removeListener(expiryId);
        return null;
      });
    }
  }

  @SuppressWarnings("unchecked")
  private void onExpiryNotification(String name) {
    Object key = keyspace.key(name);
    if (key != null) {
      listener.onExpiredElsewhere((K) key);
    }
  }

  @SuppressWarnings("unchecked")
  private void onMessage(byte[] bytes) {
    ChangeMessage message = ChangeMessage.decode(bytes);
    if (message.isFrom(origin)) {
      return;
    }
    if (message.name().isEmpty()) {
      listener.onClearedElsewhere();
      return;
    }
    K key = (K) keyspace.key(message.name());
    if (key == null) {
      return;
    }
    var origin = new StoredAt(cacheName, key, "a change message from Redis");
    listener.onRemoteChange(key,
        message.oldValue() == null ? null : copier.fromBytes(message.oldValue(), origin),
        message.newValue() == null ? null : copier.fromBytes(message.newValue(), origin));
  }

  private boolean committed(Long reply) {
    if (reply == null || reply < 1L) {
      return false;
    }
    if (journal != null && reply > 1L) {
      journal.appended(reply);
    }
    return true;
  }

  /**
   * Bulk steps in rounds of two pipelined batches, one round trip to each node per batch: read
   * every pending key, decide, then compare-and-set every change. Keys another JVM changed
   * meanwhile go to the next round. The local locks of all the keys are taken first, in lock
   * order, so that bulk and single steps of this JVM never deadlock.
   */
  @Override
  public void computeAll(List<KeyStep<K>> steps) {
    if (steps.isEmpty()) {
      return;
    }
    List<ReentrantLock> held = lockAll(steps);
    try {
      List<KeyStep<K>> pending = steps;
      while (!pending.isEmpty()) {
        pending = round(pending);
      }
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).unlock();
      }
    }
  }

  private List<ReentrantLock> lockAll(List<KeyStep<K>> steps) {
    var indexes = new java.util.TreeSet<Integer>();
    for (KeyStep<K> step : steps) {
      indexes.add(lockIndex(step.key()));
    }
    List<ReentrantLock> held = new ArrayList<>(indexes.size());
    for (int index : indexes) {
      locks[index].lock();
      held.add(locks[index]);
    }
    return held;
  }

  /** One round of a bulk step; returns the steps to try again. */
  private List<KeyStep<K>> round(List<KeyStep<K>> steps) {
    List<String> names = new ArrayList<>(steps.size());
    for (KeyStep<K> step : steps) {
      names.add(keyspace.name(step.key()));
    }
    List<RFuture<List<Object>>> reads = new ArrayList<>(steps.size());
    runBatch(steps.size(), batch -> {
      reads.clear();
      for (String name : names) {
        reads.add(READ.queue(batch, name, RScript.Mode.READ_ONLY, RScript.ReturnType.LIST));
      }
    });
    long now = ticker.read();
    List<KeyStep<K>> writing = new ArrayList<>();
    List<Object[]> writes = new ArrayList<>();
    List<String> writeNames = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      KeyStep<K> step = steps.get(i);
      List<Object> read = reads.get(i).toCompletableFuture().join();
      byte[] stamp = ABSENT;
      StoreEntry current = null;
      if (read != null) {
        byte[] stored = (byte[]) read.get(0);
        stamp = Arrays.copyOf(stored, STAMP);
        current = new StoreEntry(payload(step.key(), stored),
            expiresAt((Long) read.get(1), now));
      }
      Step decided = step.remapper().remap(current);
      StoreEntry next = Step.nextOf(decided);
      Object[] write = journaled(step.key(), names.get(i), stamp, next, Step.changeOf(decided),
          next == current ? null
          : writeOf(step.key(), names.get(i), stamp, read == null ? null : (byte[]) read.get(0),
              current, next, now));
      if (write == null) {
        if (step.onCommit() != null) {
          step.onCommit().run();
        }
      } else {
        writing.add(step);
        writes.add(write);
        writeNames.add(names.get(i));
      }
    }
    if (writing.isEmpty()) {
      return List.of();
    }
    List<RFuture<Long>> replies = new ArrayList<>(writing.size());
    runBatch(writing.size(), batch -> {
      replies.clear();
      for (int i = 0; i < writes.size(); i++) {
        replies.add(COMPARE_AND_SET.queue(batch, keysOf(writeNames.get(i)),
            RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, writes.get(i)));
      }
    });
    List<KeyStep<K>> retry = new ArrayList<>();
    for (int i = 0; i < writing.size(); i++) {
      KeyStep<K> step = writing.get(i);
      if (committed(replies.get(i).toCompletableFuture().join())) {
        if (step.onCommit() != null) {
          step.onCommit().run();
        }
      } else {
        retry.add(step);
      }
    }
    return retry;
  }

  /** Runs a batch that {@code filler} queues, loading the scripts once if a node lacks them. */
  private void runBatch(int size, java.util.function.Consumer<RBatch> filler) {
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
        COMPARE_AND_SET.load(client);
      }
    }
  }

  private int lockIndex(Object key) {
    return (key.hashCode() & 0x7fffffff) % locks.length;
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

  private long expiresAt(Long pttl, long now) {
    if (pttl == null || pttl < 0) {
      return StoreEntry.ETERNAL;
    }
    return now + pttl * 1_000_000L;
  }

  private static byte[] stamped(byte[] bytes) {
    return ByteBuffer.allocate(STAMP + bytes.length)
        .putLong(ThreadLocalRandom.current().nextLong())
        .put(bytes)
        .array();
  }

  /** Refuses, before it reaches Redis, a value whose encoding is over the maximum. */
  private byte[] checkedSize(K key, Object value, byte[] bytes) {
    if (maximumValueSize >= 0 && bytes.length > maximumValueSize) {
      throw new CacheException("Cache '" + cacheName + "' cannot store the value of key " + key
          + " in Redis: its encoding as a " + copier.typeName(value) + " takes " + bytes.length
          + " bytes, over the cache's maximum-value-size of " + maximumValueSize + " bytes");
    }
    return bytes;
  }

  /** The stored form of a Redis value, still encoded; decoded when a caller needs it. */
  private Object payload(K key, byte[] stored) {
    StoredAt origin = new StoredAt(cacheName, key, "Redis");
    if (stored.length < STAMP) {
      throw origin.unreadable(new CacheException("the bytes are not a value Strata wrote ("
          + stored.length + " bytes, shorter than the " + STAMP + "-byte stamp of every value)"));
    }
    return copier.fromBytes(Arrays.copyOfRange(stored, STAMP, stored.length), origin);
  }

  @Override
  public Iterator<Map.Entry<K, StoreEntry>> iterator() {
    Iterator<String> names = call(null, "scan", () ->
        client.getKeys().getKeysStreamByPattern(keyspace.pattern(), BATCH)).iterator();
    return new ScanIterator<K>(names, keyspace, BATCH, this::getAll,
        step -> () -> call(null, "scan", step));
  }

  @Override
  public void clear() {
    call(null, "clear", () -> client.getKeys().deleteByPattern(keyspace.pattern()));
    byte[] cleared = new ChangeMessage(origin, "", null, null).encode();
    call(null, "clear announcement", () ->
        client.getTopic(keyspace.channel(), ByteArrayCodec.INSTANCE).publish(cleared));
  }

  @Override
  public long estimatedSize() {
    return call(null, "count", () -> {
      try (Stream<String> names = client.getKeys().getKeysStreamByPattern(keyspace.pattern(),
          BATCH)) {
        return names.count();
      }
    });
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type.isInstance(client)) {
      return type.cast(client);
    }
    return type.isInstance(this) ? type.cast(this) : null;
  }

  /** The Redis connection belongs to the cache manager; a store has only its subscription. */
  @Override
  public void close() {
    setListening(false);
  }

  private <T> T call(Object key, String what, java.util.function.Supplier<T> command) {
    try {
      return command.get();
    } catch (RedisException e) {
      throw RedisFailures.failure("Redis " + what + " for cache '" + cacheName + "'"
          + (key == null ? "" : " and key " + key) + " failed: " + e.getMessage(), e);
    }
  }
}
