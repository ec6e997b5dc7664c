package dev.strata.jcache.codec;

/**
 * Turns values into bytes and back. A cache that stores by value keeps the encoded form, so a
 * caller's later change to an object it put, or to an object it got, never reaches the cache.
 *
 * <p>Implementations must be thread-safe. They report a value they cannot encode, or bytes they
 * cannot decode, with a {@link javax.cache.CacheException} (or a {@link ClassCastException} for
 * an unsupported type) naming the type or the cause.
 */
public interface Codec {
  byte[] encode(Object value);

  Object decode(byte[] bytes, ClassLoader classLoader);
}
