package dev.strata.jcache.store.redis;

import dev.strata.jcache.codec.StoredAt;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.store.Journal;
import dev.strata.jcache.store.JournalChange;
import dev.strata.jcache.store.PendingChange;
import dev.strata.shaded.redisson.api.RMap;
import dev.strata.shaded.redisson.api.RScript;
import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.RedisException;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import dev.strata.shaded.redisson.client.codec.StringCodec;
import dev.strata.shaded.redisson.codec.CompositeCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import javax.cache.CacheException;

/**
 * The write-behind journal of a Redis cache: a Redis stream in the cache's hash slot, appended
 * by {@code compare-and-set.lua} in the same script as the change of the entry, so it holds a
 * key's changes in the order Redis made them and outlives every JVM. A record is the operation
 * ({@code w}, {@code d}, or {@code rw}/{@code rd} for a retried dead letter), the key's Redis name
 * and, for a write, the value's bytes. The dead letters are a hash from key name to letter. The
 * right to flush is a key holding the flusher's token with a time to live ({@code lease.lua});
 * a flusher whose lease lapsed cannot settle a round ({@code journal-settle.lua}).
 *
 * <p>A hash beside the stream, in the same slot, indexes each key's latest record appended by a
 * step (key name to record id): {@code compare-and-set.lua} sets the key's field when it
 * appends, and {@code journal-settle.lua} clears it when it removes that very record, so that a
 * key's {@link #pendingChange pending change} is one lookup ({@code journal-pending.lua}).
 * Retries of dead letters are not indexed: the letter stands for the key meanwhile.
 */
final class RedisJournal<K> implements Journal<K> {
  private static final System.Logger LOG = System.getLogger(RedisJournal.class.getName());
  private static final LuaScript LEASE = LuaScript.load("lease.lua");
  private static final LuaScript READ = LuaScript.load("journal-read.lua");
  private static final LuaScript APPEND = LuaScript.load("journal-append.lua");
  private static final LuaScript SETTLE = LuaScript.load("journal-settle.lua");
  private static final LuaScript CLOCK = LuaScript.load("journal-clock.lua");
  private static final LuaScript PENDING = LuaScript.load("journal-pending.lua");
  private static final int FAILURE_TEXT = 2_000;
  private static final byte[] EMPTY = new byte[0];

  private final String cacheName;
  private final RedissonClient client;
  private final RedisKeyspace keyspace;
  private final ValueCopier copier;
  private final RedisFailures failures;
  private final String journal;
  private final String deadLetters;
  private final String lease;
  private final String epochKey;
  private final String pendingIndex;
  private final List<Object> journalKeys;
  private final byte[] token = RedisKeyspace.utf8(UUID.randomUUID().toString());
  private volatile long length;

  RedisJournal(String cacheName, RedissonClient client, RedisKeyspace keyspace,
      ValueCopier copier, RedisFailures failures) {
    this.cacheName = cacheName;
    this.failures = failures;
    this.client = client;
    this.keyspace = keyspace;
    this.copier = copier;
    this.journal = keyspace.journalName("journal");
    this.deadLetters = keyspace.journalName("dead-letters");
    this.lease = keyspace.journalName("flusher");
    this.epochKey = keyspace.journalName("flusher-epoch");
    this.pendingIndex = keyspace.journalName("pending");
    this.journalKeys = List.of(journal);
  }

  /** The name of the stream, KEYS[4] of {@code compare-and-set.lua}. */
  String streamName() {
    return journal;
  }

  /** The name of the index of each key's latest record, KEYS[5] of {@code compare-and-set.lua}. */
  String pendingIndexName() {
    return pendingIndex;
  }

  /** Notes the length a journaled script returned. */
  void appended(long newLength) {
    length = newLength;
  }

  @Override
  public List<JournalRecord<K>> read(int max) {
    List<Object> entries = call("read", () -> READ.run(client, journalKeys,
        RScript.Mode.READ_ONLY, RScript.ReturnType.LIST, RedisKeyspace.utf8(
            Integer.toString(max))));
    List<JournalRecord<K>> records = new ArrayList<>(entries == null ? 0 : entries.size());
    if (entries == null) {
      return records;
    }
    for (Object entry : entries) {
      List<?> pair = (List<?>) entry;
      JournalRecord<K> record = record(text(pair.get(0)), (List<?>) pair.get(1));
      if (record != null) {
        records.add(record);
      }
    }
    return records;
  }

  /**
   * The record of a stream entry, or null for one this JVM cannot read (a key or value of a
   * class it cannot load or may not decode): that one is moved, as it is, to the dead letters
   * under its key's Redis name, so that nothing acknowledged is dropped.
   */
  @SuppressWarnings("unchecked")
  private JournalRecord<K> record(String id, List<?> fields) {
    String operation = "";
    String name = "";
    byte[] value = EMPTY;
    long letter = 0;
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      switch (text(fields.get(i))) {
        case "o" -> operation = text(fields.get(i + 1));
        case "k" -> name = text(fields.get(i + 1));
        case "v" -> value = (byte[]) fields.get(i + 1);
        case "b" -> letter = Long.parseLong(text(fields.get(i + 1)));
        default -> { }
      }
    }
    long appendedAt = Long.parseLong(id.substring(0, id.indexOf('-')));
    boolean retry = operation.startsWith("r");
    boolean delete = operation.endsWith("d");
    try {
      K key = (K) keyspace.key(name);
      if (key == null) {
        throw new CacheException("the name " + name + " is not one of this cache's keys");
      }
      Object stored = delete ? null : copier.fromBytes(value,
          new StoredAt(cacheName, key, "the write-behind journal in Redis"));
      return new JournalRecord<>(new RecordId(id, name), key, stored, delete, retry, appendedAt,
          letter);
    } catch (RuntimeException e) {
      String failure = "this JVM cannot read the record: " + e.getMessage();
      LOG.log(Level.ERROR, "Cache '" + cacheName + "': write-behind record " + id + " of "
          + journal + " for " + name + " cannot be read here; it is moved to the dead letters"
          + " (" + deadLetters + ") as it is: " + e);
      settleRaw(id, name, encode(delete, 0, System.currentTimeMillis(),
          ThreadLocalRandom.current().nextLong(), failure, value));
      return null;
    }
  }

  /** Moves one record, unread, to the dead letters; only the lease holder may. */
  private void settleRaw(String id, String name, byte[] letter) {
    call("settle", () -> SETTLE.run(client, List.of(journal, deadLetters, lease, pendingIndex),
        RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, token, RedisKeyspace.utf8("1"),
        RedisKeyspace.utf8(id), RedisKeyspace.utf8(name), RedisKeyspace.utf8("0"),
        RedisKeyspace.utf8("1"), RedisKeyspace.utf8(name), letter));
  }

  /**
   * A record's id in the stream, with its key's name as the record holds it: settling the record
   * needs both, and the name as written, not as this JVM would encode the key again.
   */
  record RecordId(String id, String name) {}

  /**
   * A record's id is the time the Redis server appended it; its age is measured on the same
   * server's clock, so that no JVM's clock, ahead or behind, makes it older or younger.
   */
  @Override
  public long ageMillis(JournalRecord<K> record) {
    Long now = call("clock", () -> CLOCK.run(client, journalKeys, RScript.Mode.READ_ONLY,
        RScript.ReturnType.LONG));
    return Math.max(0, (now == null ? System.currentTimeMillis() : now)
        - record.appendedAtMillis());
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public long refreshLength() {
    long now = call("length", () -> client.getStream(journal, ByteArrayCodec.INSTANCE).size());
    length = now;
    return now;
  }

  @Override
  public long renewLease(long millis) {
    Long held = call("lease", () -> LEASE.run(client, List.of(lease, epochKey),
        RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, token,
        RedisKeyspace.utf8(Long.toString(millis)), RedisKeyspace.utf8("renew")));
    return held == null ? 0L : held;
  }

  @Override
  public long lease(long millis) {
    Long held = call("lease", () -> LEASE.run(client, List.of(lease, epochKey),
        RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, token,
        RedisKeyspace.utf8(Long.toString(millis))));
    return held == null ? 0L : held;
  }

  @Override
  public void releaseLease() {
    try {
      LEASE.run(client, List.of(lease, epochKey), RScript.Mode.READ_WRITE,
          RScript.ReturnType.LONG, token, new byte[0]);
    } catch (RedisException e) {
      LOG.log(Level.WARNING, "Cache '" + cacheName + "' could not give up its write-behind"
          + " lease; it lapses by itself: " + e.getMessage());
    }
  }

  @Override
  public void awaitRecords(int count, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (refreshLength() < count) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return;
      }
      Thread.sleep(Math.min(left, 10));
    }
  }

  @Override
  public boolean settle(Collection<JournalRecord<K>> done, Collection<K> accepted,
      Collection<DeadLetterRecord<K>> buried) {
    List<Object> arguments = new ArrayList<>(4 + 2 * done.size() + accepted.size()
        + 2 * buried.size());
    arguments.add(token);
    arguments.add(RedisKeyspace.utf8(Integer.toString(done.size())));
    for (JournalRecord<K> record : done) {
      var id = (RecordId) record.id();
      arguments.add(RedisKeyspace.utf8(id.id()));
      arguments.add(RedisKeyspace.utf8(id.name()));
    }
    arguments.add(RedisKeyspace.utf8(Integer.toString(accepted.size())));
    for (K key : accepted) {
      arguments.add(RedisKeyspace.utf8(keyspace.name(key)));
    }
    arguments.add(RedisKeyspace.utf8(Integer.toString(buried.size())));
    for (DeadLetterRecord<K> letter : buried) {
      arguments.add(RedisKeyspace.utf8(keyspace.name(letter.key())));
      arguments.add(encode(letter));
    }
    Long settled = call("settle", () -> SETTLE.run(client,
        List.of(journal, deadLetters, lease, pendingIndex), RScript.Mode.READ_WRITE, RScript.ReturnType.LONG, arguments.toArray()));
    if (settled == null || settled != 1L) {
      LOG.log(Level.WARNING, "Cache '" + cacheName + "': this JVM's write-behind lease lapsed"
          + " during a round; the next holder writes its " + done.size() + " records again");
      return false;
    }
    return true;
  }

  @Override
  public void appendRetry(DeadLetterRecord<K> letter) {
    byte[] value = letter.delete() ? new byte[0] : copier.toBytes(letter.stored());
    Long now = call("retry", () -> APPEND.run(client, journalKeys, RScript.Mode.READ_WRITE,
        RScript.ReturnType.LONG, RedisKeyspace.utf8("o"),
        RedisKeyspace.utf8(letter.delete() ? "rd" : "rw"), RedisKeyspace.utf8("k"),
        RedisKeyspace.utf8(keyspace.name(letter.key())), RedisKeyspace.utf8("v"), value,
        RedisKeyspace.utf8("b"), RedisKeyspace.utf8(Long.toString(letter.serial()))));
    if (now != null) {
      length = now;
    }
  }

  private RMap<String, byte[]> letters() {
    return client.getMap(deadLetters,
        new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE));
  }

  @Override
  @SuppressWarnings("unchecked")
  public List<DeadLetterRecord<K>> deadLetters() {
    Map<String, byte[]> all = call("dead letters", () -> letters().readAllMap());
    List<DeadLetterRecord<K>> letters = new ArrayList<>(all.size());
    for (Map.Entry<String, byte[]> entry : all.entrySet()) {
      try {
        letters.add(decode((K) keyspace.key(entry.getKey()), entry.getValue()));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "Cache '" + cacheName + "': dead letter " + entry.getKey()
            + " in " + deadLetters + " cannot be read: " + e);
      }
    }
    return letters;
  }

  @Override
  public DeadLetterRecord<K> deadLetter(K key) {
    byte[] bytes = call("dead letter", () -> letters().get(keyspace.name(key)));
    return bytes == null ? null : decode(key, bytes);
  }

  @Override
  public boolean discardDeadLetter(K key) {
    return call("dead letter", () -> letters().fastRemove(keyspace.name(key))) > 0;
  }

  /**
   * The key's pending change, guarded by the id of the record the index held ({@code ""} for
   * none): a step that hands the guard back commits only while the index still holds it (see
   * {@link CompareAndSet}).
   */
  @Override
  public PendingChange pendingChange(K key) {
    return lookUp(List.of(key)).get(0);
  }

  /** One script call for all the keys (a write-behind cache's keys share the journal's slot). */
  @Override
  public Map<K, PendingChange> pendingChanges(Collection<? extends K> keys) {
    List<K> ordered = new ArrayList<>(keys);
    List<PendingChange> answers = lookUp(ordered);
    Map<K, PendingChange> pending = new HashMap<>();
    for (int i = 0; i < ordered.size(); i++) {
      if (answers.get(i).isPending()) {
        pending.put(ordered.get(i), answers.get(i));
      }
    }
    return pending;
  }

  private List<PendingChange> lookUp(List<K> ordered) {
    Object[] arguments = new Object[ordered.size()];
    for (int i = 0; i < ordered.size(); i++) {
      arguments[i] = RedisKeyspace.utf8(keyspace.name(ordered.get(i)));
    }
    List<Object> answers = call("pending lookup", () -> PENDING.run(client,
        List.of(journal, pendingIndex, deadLetters), RScript.Mode.READ_ONLY,
        RScript.ReturnType.LIST, arguments));
    List<PendingChange> pending = new ArrayList<>(ordered.size());
    for (int i = 0; i < ordered.size(); i++) {
      List<?> answer = (List<?>) answers.get(i);
      pending.add(new PendingChange(pendingChange(ordered.get(i), (List<?>) answer.get(1),
          answer.get(2)), text(answer.get(0))));
    }
    return pending;
  }

  /** The change of the key's indexed record's fields, else of its dead letter, or null. */
  private JournalChange pendingChange(K key, List<?> fields, Object letter) {
    if (!fields.isEmpty()) {
      boolean delete = false;
      byte[] value = EMPTY;
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        switch (text(fields.get(i))) {
          case "o" -> delete = text(fields.get(i + 1)).endsWith("d");
          case "v" -> value = (byte[]) fields.get(i + 1);
          default -> { }
        }
      }
      return delete ? JournalChange.DELETE : JournalChange.write(copier.fromBytes(value,
          new StoredAt(cacheName, key, "the write-behind journal in Redis")));
    }
    if (letter instanceof byte[] bytes && bytes.length > 0) {
      DeadLetterRecord<K> dead = decode(key, bytes);
      return dead.delete() ? JournalChange.DELETE : JournalChange.write(dead.stored());
    }
    return null;
  }

  /** A dead letter: operation, attempts, time, failure, then the value's bytes. */
  private byte[] encode(DeadLetterRecord<K> letter) {
    return encode(letter.delete(), letter.attempts(), letter.buriedAtMillis(), letter.serial(),
        letter.failure(), letter.delete() ? EMPTY : copier.toBytes(letter.stored()));
  }

  private static byte[] encode(boolean delete, int attempts, long buriedAt, long serial,
      String failure, byte[] value) {
    var bytes = new ByteArrayOutputStream();
    try (var out = new DataOutputStream(bytes)) {
      out.writeBoolean(delete);
      out.writeInt(attempts);
      out.writeLong(buriedAt);
      out.writeLong(serial);
      String text = failure == null ? "" : failure;
      out.writeUTF(text.length() > FAILURE_TEXT ? text.substring(0, FAILURE_TEXT) : text);
      if (!delete) {
        out.write(value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private DeadLetterRecord<K> decode(K key, byte[] bytes) {
    try (var in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      boolean delete = in.readBoolean();
      int attempts = in.readInt();
      long buriedAt = in.readLong();
      long serial = in.readLong();
      String failure = in.readUTF();
      Object stored = delete ? null : copier.fromBytes(in.readAllBytes(),
          new StoredAt(cacheName, key, "a write-behind dead letter in Redis"));
      return new DeadLetterRecord<>(key, stored, delete, attempts, failure, buriedAt, serial);
    } catch (IOException e) {
      throw new CacheException("Cache '" + cacheName + "': the dead letter of key " + key
          + " in " + deadLetters + " is not one Strata wrote", e);
    }
  }

  private static String text(Object reply) {
    return reply instanceof byte[] ? new String((byte[]) reply, StandardCharsets.UTF_8)
        : String.valueOf(reply);
  }

  /** Every structure of the journal is in the cache's one slot, so on the journal's node. */
  private <T> T call(String what, Supplier<T> command) {
    return failures.call(null, journal, "write-behind " + what, false, command);
  }
}
