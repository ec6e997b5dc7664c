package dev.strata.jcache.codec;

import java.util.Objects;

/**
 * Stores values as bytes from a {@link Codec}, so a put costs one encoding and a get one
 * decoding. Values of {@link ImmutableTypes immutable types} are stored and handed out as they
 * are.
 */
final class ByValueCopier implements ValueCopier {
  private final Codec codec;
  private final ClassLoader classLoader;
  private final ImmutableTypes immutables;

  ByValueCopier(Codec codec, ClassLoader classLoader, ImmutableTypes immutables) {
    this.codec = Objects.requireNonNull(codec);
    this.classLoader = Objects.requireNonNull(classLoader);
    this.immutables = Objects.requireNonNull(immutables);
  }

  @Override
  public boolean isImmutable(Object value) {
    return immutables.covers(value);
  }

  @Override
  public Object toStored(Object value) {
    if (immutables.covers(value)) {
      return value;
    }
    return new Encoded(codec.encode(value), value.getClass(), null);
  }

  @Override
  public Object fromStored(Object stored) {
    if (!(stored instanceof Encoded)) {
      return stored;
    }
    var encoded = (Encoded) stored;
    if (encoded.origin == null) {
      return codec.decode(encoded.bytes, classLoader);
    }
    try {
      return codec.decode(encoded.bytes, classLoader);
    } catch (RuntimeException e) {
      throw encoded.origin.unreadable(e);
    }
  }

  @Override
  public Object copyKey(Object key) {
    if (immutables.covers(key)) {
      return key;
    }
    return codec.copy(key, classLoader);
  }

  @Override
  public boolean isStoreByValue() {
    return true;
  }

  @Override
  public byte[] toBytes(Object stored) {
    return stored instanceof Encoded ? ((Encoded) stored).bytes : codec.encode(stored);
  }

  @Override
  public Object fromBytes(byte[] bytes, StoredAt origin) {
    return new Encoded(bytes, null, origin);
  }

  @Override
  public String typeName(Object stored) {
    if (stored instanceof Encoded) {
      Class<?> type = ((Encoded) stored).type;
      return type == null ? "value of unknown type" : type.getName();
    }
    return stored.getClass().getName();
  }

  /**
   * The stored form of a mutable value: its encoded bytes, never exposed to callers, with the
   * type they were encoded from, or else where a store found them.
   */
  static final class Encoded {
    final byte[] bytes;
    final Class<?> type;
    final StoredAt origin;

    Encoded(byte[] bytes, Class<?> type, StoredAt origin) {
      this.bytes = bytes;
      this.type = type;
      this.origin = origin;
    }
  }
}
