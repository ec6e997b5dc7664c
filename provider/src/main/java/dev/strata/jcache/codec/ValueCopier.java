package dev.strata.jcache.codec;

/**
 * Moves keys and values between their caller form and their stored form.
 *
 * <p>A store-by-reference cache stores the caller's objects; a store-by-value cache stores
 * encoded bytes (or the object itself when its type is immutable) and hands each reader a fresh
 * copy.
 */
public interface ValueCopier {
  /** The stored form of a value. Fails, naming the type, when the value cannot be stored. */
  Object toStored(Object value);

  /** A caller's copy of a stored value. */
  Object fromStored(Object stored);

  /** A key the cache can keep: one whose later change by the caller cannot reach the cache. */
  Object copyKey(Object key);

  /** Whether this copier stores by value. */
  boolean isStoreByValue();

  /**
   * The bytes a remote store keeps for a stored value. Only store-by-value copiers have them;
   * every value that leaves the JVM is stored by value.
   */
  default byte[] toBytes(Object stored) {
    throw new UnsupportedOperationException("A store-by-reference cache keeps no bytes");
  }

  /**
   * The stored form of bytes a remote store kept; the inverse of {@link #toBytes}. The bytes are
   * decoded only when a caller needs the value; if they cannot be, the failure names
   * {@code origin}.
   */
  default Object fromBytes(byte[] bytes, StoredAt origin) {
    throw new UnsupportedOperationException("A store-by-reference cache keeps no bytes");
  }

  /**
   * Whether readers may share a value as it is, for it cannot change: a near cache keeps such a
   * value decoded.
   */
  default boolean isImmutable(Object value) {
    return ImmutableTypes.isImmutable(value);
  }

  /** The class name of the value a stored form holds, for messages. */
  default String typeName(Object stored) {
    return stored.getClass().getName();
  }

  /** The copier of store-by-reference caches. */
  static ValueCopier byReference() {
    return ByReferenceCopier.INSTANCE;
  }

  /** A store-by-value copier over the given codec, copying all but the built-in immutables. */
  static ValueCopier byValue(Codec codec, ClassLoader classLoader) {
    return byValue(codec, classLoader, ImmutableTypes.builtIn());
  }

  /** A store-by-value copier over the given codec, sharing the given immutable types. */
  static ValueCopier byValue(Codec codec, ClassLoader classLoader, ImmutableTypes immutables) {
    return new ByValueCopier(codec, classLoader, immutables);
  }
}
