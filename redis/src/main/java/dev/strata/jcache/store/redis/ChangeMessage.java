package dev.strata.jcache.store.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The message a Redis cache publishes, from inside the script that made the change, so that
 * other JVMs hear of its changes in the order Redis applied them: the origin (the publishing
 * cache instance), the Redis name of the key, and the old and new value bytes (absent for a
 * created or removed entry).
 *
 * <p>On the channel a message is {@code <epoch>|<number>|<encoded>}: {@code announce.lua} puts
 * in front of the {@link #encode encoded} message the epoch and number of the change in its
 * group's sequence (see {@link SequenceGroups}); a message published outside a script (a clear)
 * has neither, {@code |0|}. The layout, byte by byte, is in docs/invalidation.md.
 */
record ChangeMessage(byte[] origin, String name, byte[] oldValue, byte[] newValue) {
  static final int ORIGIN = 16;
  private static final byte SEPARATOR = '|';
  private static final byte[] UNSEQUENCED = {SEPARATOR, '0', SEPARATOR};

  /**
   * A message as heard on the channel: its change's epoch and number in the sequence of its
   * group, or {@code ""} and 0 for a message that is in no sequence.
   */
  record Heard(String epoch, long number, ChangeMessage message) {
    boolean isSequenced() {
      return number > 0;
    }
  }

  /** The message as published outside a script: in no sequence. */
  byte[] encodeUnsequenced() {
    byte[] encoded = encode();
    byte[] published = Arrays.copyOf(UNSEQUENCED, UNSEQUENCED.length + encoded.length);
    System.arraycopy(encoded, 0, published, UNSEQUENCED.length, encoded.length);
    return published;
  }

  /** The message as published, epoch and number first. */
  static Heard hear(byte[] published) {
    int first = indexOf(published, 0);
    int second = first < 0 ? -1 : indexOf(published, first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("a change message without its sequence header ("
          + published.length + " bytes)");
    }
    String epoch = new String(published, 0, first, StandardCharsets.US_ASCII);
    long number = Long.parseLong(new String(published, first + 1, second - first - 1,
        StandardCharsets.US_ASCII));
    return new Heard(epoch, number,
        decode(Arrays.copyOfRange(published, second + 1, published.length)));
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == SEPARATOR) {
        return i;
      }
    }
    return -1;
  }

  byte[] encode() {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    var buffer = ByteBuffer.allocate(ORIGIN + 12 + nameBytes.length + length(oldValue)
        + length(newValue));
    buffer.put(origin).putInt(nameBytes.length).put(nameBytes);
    put(buffer, oldValue);
    put(buffer, newValue);
    return buffer.array();
  }

  /**
   * The message up to its old value: what a script that finds the old value itself
   * ({@code write.lua}) completes as {@code head .. part(old) .. part(new)}, writing the old
   * value's part as {@link #part} does (a 4-byte big-endian length, then the bytes).
   */
  static byte[] head(byte[] origin, String name) {
    byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(ORIGIN + 4 + nameBytes.length).put(origin)
        .putInt(nameBytes.length).put(nameBytes).array();
  }

  /** One value's part of a message; {@code null} for a missing value. */
  static byte[] part(byte[] value) {
    var buffer = ByteBuffer.allocate(4 + length(value));
    put(buffer, value);
    return buffer.array();
  }

  static ChangeMessage decode(byte[] message) {
    var buffer = ByteBuffer.wrap(message);
    byte[] origin = new byte[ORIGIN];
    buffer.get(origin);
    byte[] name = new byte[buffer.getInt()];
    buffer.get(name);
    byte[] oldValue = get(buffer);
    byte[] newValue = get(buffer);
    return new ChangeMessage(origin, new String(name, StandardCharsets.UTF_8), oldValue, newValue);
  }

  boolean isFrom(byte[] candidate) {
    return Arrays.equals(origin, candidate);
  }

  private static int length(byte[] value) {
    return value == null ? 0 : value.length;
  }

  private static void put(ByteBuffer buffer, byte[] value) {
    if (value == null) {
      buffer.putInt(-1);
    } else {
      buffer.putInt(value.length).put(value);
    }
  }

  private static byte[] get(ByteBuffer buffer) {
    int length = buffer.getInt();
    if (length < 0) {
      return null;
    }
    byte[] value = new byte[length];
    buffer.get(value);
    return value;
  }
}
