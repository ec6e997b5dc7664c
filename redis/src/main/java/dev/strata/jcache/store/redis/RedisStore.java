package dev.strata.jcache.store.redis;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.store.AuthoritativeTier;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.KeyStep;
import dev.strata.jcache.store.KeyWrite;
import dev.strata.jcache.store.LoadLeases;
import dev.strata.jcache.store.Remapper;
import dev.strata.jcache.store.StoreEntry;
import dev.strata.jcache.store.StoreListener;
import dev.strata.jcache.store.Write;
import dev.strata.jcache.store.Written;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The Redis store: each entry is a Redis string of its own, named by {@link RedisKeyspace}, so a
 * cache spreads over a Cluster's slots, and each entry's time to live is Redis's own
 * ({@code PX}/{@code PEXPIRE}), so entries expire on the server's clock whether or not a JVM
 * runs.
 *
 * <p>Four rooms do the work: {@link OptimisticSteps} runs the atomic steps (read, decide,
 * {@link CompareAndSet compare-and-set}, again if another JVM wrote meanwhile), for one key and
 * for many alike; {@link OneStepWrites} runs the {@link Write writes} that need no Java decision
 * on the entry in one script call each, which decides on the server (a write-through cache's
 * steps are exclusive, under a lease, so its writes are steps too); {@link StampedValues} is the layout of a stored value (a stamp, then the
 * encoding); {@link ChangeSubscription} hears of the changes made elsewhere. Steps of this JVM on
 * one key also take a local lock first, so that only other JVMs can make a step retry.
 *
 * <p>Anyone who can write to Redis can write under a cache's keys, so the bytes read back are
 * decoded by a restricted codec.
 */
public final class RedisStore<K> implements AuthoritativeTier<K> {
  private static final LuaScript SERVER_TIME = LuaScript.load("server-time.lua");
  /** The key whose node's clock every client reads as the shared clock. */
  private static final String CLOCK_KEY = "strata:hibernate:clock";
  private static final int BATCH = 100;
  /** The commit records' window for a store made without one: four default timeouts and more. */
  private static final long DEFAULT_RECORD_MILLIS = 15_000;

  private final String cacheName;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final Ticker ticker;
  private final ReentrantLock[] locks = new ReentrantLock[64];
  private final RedisJournal<K> journal;
  private final StampedValues<K> values;
  private final OptimisticSteps<K> steps;
  /** The writes decided on the server, or {@code null} when steps are exclusive (leased). */
  private final OneStepWrites<K> writes;
  private final ChangeSubscription<K> subscription;
  private final SequencedReads<K> sequencedReads;
  private final SequenceCheck check;
  private final RedisFailures failures;
  private final RedisLoadLeases<K> loadLeases;

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
    this(namespace, cacheName, client, copier, keyCodec, classLoader, ticker, maximumValueSize,
        listener, new Options(journaled, DEFAULT_RECORD_MILLIS, 0L, 0));
  }

  /**
   * How a Redis store works beyond its cache's settings.
   *
   * @param journaled whether the store keeps a write-behind journal (see {@link RedisJournal});
   *     its keys then share one Cluster hash slot with the journal
   * @param recordMillis how long Redis keeps the note of a committed step, by which a step sent
   *     again after a late reply is recognised and a step whose every reply was lost learns its
   *     outcome: longer than a command with all its resends takes
   * @param leaseMillis for a cache whose steps must be exclusive across JVMs (a write-through
   *     cache's, see {@link StepLeases}), how long a step may hold its key; 0 for optimistic
   *     steps
   * @param database the Redis database the client uses (0 on a Cluster): the one whose expiry
   *     notifications the store hears
   * @param checkInterval for the store below a near cache, how often the change sequences of
   *     the groups it keeps copies of are compared with Redis's (see {@link SequenceCheck});
   *     {@code null} for a store whose reads keep nothing
   */
  public record Options(boolean journaled, long recordMillis, long leaseMillis, int database,
      Duration checkInterval) {
    public Options(boolean journaled, long recordMillis, long leaseMillis, int database) {
      this(journaled, recordMillis, leaseMillis, database, null);
    }
  }

  public RedisStore(String namespace, String cacheName, RedissonClient client, ValueCopier copier,
      Codec keyCodec, ClassLoader classLoader, Ticker ticker, long maximumValueSize,
      StoreListener<K> listener, Options options) {
    boolean journaled = options.journaled();
    long recordMillis = options.recordMillis();
    long leaseMillis = options.leaseMillis();
    byte[] origin = new byte[ChangeMessage.ORIGIN];
    ThreadLocalRandom.current().nextBytes(origin);
    this.cacheName = cacheName;
    this.client = client;
    this.ticker = ticker;
    this.keyspace = new RedisKeyspace(namespace, cacheName, keyCodec, classLoader, journaled,
        options.database());
    this.failures = new RedisFailures(cacheName, RedisAvailability.of(client));
    this.journal = journaled
        ? new RedisJournal<>(cacheName, client, keyspace, copier, failures) : null;
    this.values = new StampedValues<>(cacheName, copier, maximumValueSize);
    var groups = SequenceGroups.of(client.getConfig().isClusterConfig());
    var tracker = new SequenceTracker();
    var compareAndSet = new CompareAndSet<K>(values, keyspace, groups, origin,
        journal == null ? null : journal.streamName(),
        journal == null ? null : journal.pendingIndexName(), recordMillis);
    this.steps = new OptimisticSteps<>(cacheName, client, keyspace, values, compareAndSet,
        journal, ticker, listener,
        leaseMillis > 0 ? new StepLeases(client, leaseMillis, failures) : null, failures);
    this.writes = leaseMillis > 0 ? null : new OneStepWrites<>(cacheName, client, keyspace,
        values, compareAndSet, journal, ticker, listener, failures);
    this.subscription = new ChangeSubscription<>(cacheName, client, keyspace, copier, origin,
        listener, failures, options.database(), groups, tracker);
    this.loadLeases = new RedisLoadLeases<>(client, keyspace, values, failures);
    this.sequencedReads = new SequencedReads<>(client, keyspace, groups, tracker, failures,
        listener, subscription);
    this.check = options.checkInterval() == null ? null
        : new SequenceCheck(cacheName, client, keyspace, tracker, failures,
            options.checkInterval(), subscription::onGroupsLost);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  @Override
  public StoreEntry get(K key) {
    String name = keyspace.name(key);
    byte[] stored = failures.call(key, name, "read", true, () ->
        client.<byte[]>getBucket(name, ByteArrayCodec.INSTANCE).get());
    return stored == null ? null : new StoreEntry(values.payload(key, stored), StoreEntry.UNKNOWN);
  }

  /**
   * The key's entry with its expiry instant, read with the time to live and the state of its
   * group's change sequence in one round trip, on the master (see {@link SequencedReads}): what
   * a near cache needs to keep a copy no longer than Redis keeps the entry, and only while it
   * heard every change made since.
   */
  @Override
  public StoreEntry getWithExpiry(K key) {
    return entryOf(key, sequencedReads.read(List.of(key), "read").get(0), ticker.read());
  }

  /** {@link #getWithExpiry} for many keys, in one pipelined batch per node. */
  @Override
  public Map<K, StoreEntry> getAllWithExpiry(Set<? extends K> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    List<K> ordered = new ArrayList<>(keys);
    List<List<Object>> reads = sequencedReads.read(ordered,
        "batch read of " + ordered.size() + " keys");
    long now = ticker.read();
    Map<K, StoreEntry> found = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      StoreEntry entry = entryOf(ordered.get(i), reads.get(i), now);
      if (entry != null) {
        found.put(ordered.get(i), entry);
      }
    }
    return found;
  }

  private StoreEntry entryOf(K key, List<Object> read, long now) {
    return read == null ? null : new StoreEntry(values.payload(key, (byte[]) read.get(0)),
        OptimisticSteps.expiresAt((Long) read.get(1), now));
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
    Map<K, StoreEntry> found = new HashMap<>(Math.max(4, keys.size() * 4 / 3 + 1));
    forEachPresent(keys, found::put);
    return found;
  }

  /**
   * {@link #getAll} without a map of its own: the keys and their names side by side in arrays,
   * each value found handed on as it is decoded from Redisson's reply.
   */
  @Override
  @SuppressWarnings("unchecked")
  public void forEachPresent(Set<? extends K> keys,
      BiConsumer<? super K, ? super StoreEntry> found) {
    int count = keys.size();
    if (count == 0) {
      return;
    }
    Object[] ordered = new Object[count];
    String[] names = new String[count];
    int i = 0;
    for (K key : keys) {
      ordered[i] = key;
      names[i++] = keyspace.name(key);
    }
    Map<String, byte[]> replies = failures.callAll(Arrays.asList(names),
        "batch read of " + count + " keys", true, () ->
            client.getBuckets(ByteArrayCodec.INSTANCE).<byte[]>get(names));
    for (i = 0; i < count; i++) {
      byte[] stored = replies.get(names[i]);
      if (stored != null) {
        K key = (K) ordered[i];
        found.accept(key, new StoreEntry(values.payload(key, stored), StoreEntry.UNKNOWN));
      }
    }
  }

  @Override
  public StoreEntry compute(K key, Remapper remapper, Runnable onCommit) {
    ReentrantLock lock = locks[lockIndex(key)];
    lock.lock();
    try {
      return steps.run(new KeyStep<>(key, remapper, onCommit));
    } finally {
      lock.unlock();
    }
  }

  /** One round trip: the script decides on the server (see {@link OneStepWrites}). */
  @Override
  public Written write(K key, Write write, Consumer<Written> onCommit) {
    if (writes == null) {
      return AuthoritativeTier.super.write(key, write, onCommit);
    }
    ReentrantLock lock = locks[lockIndex(key)];
    lock.lock();
    try {
      return writes.write(key, write, onCommit);
    } finally {
      lock.unlock();
    }
  }

  /** One pipelined batch, one round trip to each node; the local locks as for computeAll. */
  @Override
  public List<Written> writeAll(List<KeyWrite<K>> keyWrites) {
    if (writes == null) {
      return AuthoritativeTier.super.writeAll(keyWrites);
    }
    if (keyWrites.isEmpty()) {
      return List.of();
    }
    var indexes = new TreeSet<Integer>();
    for (KeyWrite<K> write : keyWrites) {
      indexes.add(lockIndex(write.key()));
    }
    List<ReentrantLock> held = new ArrayList<>(indexes.size());
    try {
      for (int index : indexes) {
        locks[index].lock();
        held.add(locks[index]);
      }
      return writes.writeAll(keyWrites);
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).unlock();
      }
    }
  }

  /**
   * Bulk steps in rounds of two pipelined batches (see {@link OptimisticSteps}). The local locks
   * of all the keys are taken first, in lock order, so that bulk and single steps of this JVM
   * never deadlock.
   */
  @Override
  public void computeAll(List<KeyStep<K>> keySteps) {
    if (keySteps.isEmpty()) {
      return;
    }
    var indexes = new TreeSet<Integer>();
    for (KeyStep<K> step : keySteps) {
      indexes.add(lockIndex(step.key()));
    }
    List<ReentrantLock> held = new ArrayList<>(indexes.size());
    try {
      for (int index : indexes) {
        locks[index].lock();
        held.add(locks[index]);
      }
      steps.runAll(keySteps);
    } finally {
      for (int i = held.size() - 1; i >= 0; i--) {
        held.get(i).unlock();
      }
    }
  }

  @Override
  public Journal<K> journal() {
    return journal;
  }

  /**
   * Subscribes to the changes made elsewhere, or stops (see {@link ChangeSubscription}).
   */
  @Override
  public void setListening(boolean listening) {
    if (listening && check != null) {
      EvictionEvents.enable(client, cacheName);
    }
    subscription.listen(listening);
    if (check != null) {
      check.run(listening);
    }
  }

  private int lockIndex(Object key) {
    return (key.hashCode() & 0x7fffffff) % locks.length;
  }

  @Override
  public Iterator<Map.Entry<K, StoreEntry>> iterator() {
    Iterator<String> names = failures.callAny("scan", true, () ->
        client.getKeys().getKeysStreamByPattern(keyspace.pattern(), BATCH)).iterator();
    return new ScanIterator<K>(names, keyspace, BATCH, this::getAll,
        step -> () -> failures.callAny("scan", true, step));
  }

  @Override
  public void clear() {
    failures.callAny("clear", false, () ->
        client.getKeys().deleteByPattern(keyspace.pattern()));
    subscription.announceClear();
  }

  @Override
  public long estimatedSize() {
    return failures.callAny("count", true, () -> {
      try (Stream<String> names = client.getKeys().getKeysStreamByPattern(keyspace.pattern(),
          BATCH)) {
        return names.count();
      }
    });
  }

  /** The clock of the Redis server that owns {@value #CLOCK_KEY}, the same for every client. */
  @Override
  public Optional<LongSupplier> serverClock() {
    return Optional.of(() -> failures.call(null, CLOCK_KEY, "server time read", true, () ->
        SERVER_TIME.<Long>run(client, CLOCK_KEY, RScript.Mode.READ_ONLY,
            RScript.ReturnType.LONG)));
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    if (type == LoadLeases.class) {
      return type.cast(loadLeases);
    }
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

  /**
   * Counts, with {@code counter}, each command of this store that failed at once because its
   * Redis node is marked down (see {@link RedisAvailability}).
   */
  public void onFastFailure(Runnable counter) {
    failures.onFastFailure(counter);
  }

  /** The addresses of the Redis nodes of this store's client marked down now. */
  public List<String> nodesMarkedDown() {
    return failures.availability().downNodes();
  }
}
