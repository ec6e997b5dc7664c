package dev.strata.jcache.codec;

import java.util.Objects;

/**
 * Stores values as bytes from a {@link Codec}, so a put costs one encoding and a get one
 * decoding. Immutable JDK values are stored as they are.
 */
final class ByValueCopier implements ValueCopier {
  private final Codec codec;
  private final ClassLoader classLoader;

  ByValueCopier(Codec codec, ClassLoader classLoader) {
    this.codec = Objects.requireNonNull(codec);
    this.classLoader = Objects.requireNonNull(classLoader);
  }

  @Override
  public Object toStored(Object value) {
    if (ImmutableTypes.isImmutable(value)) {
      return value;
    }
    return new Encoded(codec.encode(value));
  }

  @Override
  public Object fromStored(Object stored) {
    if (stored instanceof Encoded) {
      return codec.decode(((Encoded) stored).bytes(), classLoader);
    }
    return stored;
  }

  @Override
  public Object copyKey(Object key) {
    if (ImmutableTypes.isImmutable(key)) {
      return key;
    }
    return codec.decode(codec.encode(key), classLoader);
  }

  @Override
  public boolean isStoreByValue() {
    return true;
  }

  @Override
  public byte[] toBytes(Object stored) {
    return stored instanceof Encoded ? ((Encoded) stored).bytes() : codec.encode(stored);
  }

  @Override
  public Object fromBytes(byte[] bytes) {
    return new Encoded(bytes);
  }

  /** The stored form of a mutable value: its encoded bytes, never exposed to callers. */
  static final class Encoded {
    private final byte[] bytes;

    Encoded(byte[] bytes) {
      this.bytes = bytes;
    }

    byte[] bytes() {
      return bytes;
    }
  }
}
