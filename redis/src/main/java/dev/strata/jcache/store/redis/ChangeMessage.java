package dev.strata.jcache.store.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The message a Redis cache publishes, from inside the script that made the change, so that
 * other JVMs hear of its changes in the order Redis applied them: the origin (the publishing
 * cache instance), the Redis name of the key, and the old and new value bytes (absent for a
 * created or removed entry).
 */
record ChangeMessage(byte[] origin, String name, byte[] oldValue, byte[] newValue) {
  static final int ORIGIN = 16;

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
