package dev.strata.jcache.codec;

import javax.cache.configuration.Factory;
import javax.cache.configuration.FactoryBuilder;

/**
 * Turns values into bytes and back. A cache that stores by value keeps the encoded form, so a
 * caller's later change to an object it put, or to an object it got, never reaches the cache.
 *
 * <p>Implementations must be thread-safe. They report a value they cannot encode with a
 * {@link javax.cache.CacheException} (or a {@link ClassCastException} for an unsupported type)
 * naming the type or the cause, and bytes they cannot decode with a {@code CacheException}
 * saying what is wrong with them; the cache adds which cache and key the bytes belong to.
 */
public interface Codec {
  /** The name of the default codec: {@link KryoCodec}. */
  String DEFAULT = "kryo";

  /**
   * The factory of a codec by its setting name ({@code kryo}, {@code java}), or null for a name
   * that is none of them (it may name a class).
   */
  static Factory<? extends Codec> named(String name) {
    switch (name) {
      case "kryo":
        return FactoryBuilder.factoryOf(KryoCodec.class);
      case "java":
        return FactoryBuilder.factoryOf(JavaSerializationCodec.class);
      default:
        return null;
    }
  }

  /**
   * A copy of a value that shares no mutable state with it: its decoded encoding, unless a codec
   * copies more cheaply.
   */
  default Object copy(Object value, ClassLoader classLoader) {
    return decode(encode(value), classLoader);
  }

  byte[] encode(Object value);

  Object decode(byte[] bytes, ClassLoader classLoader);

  /**
   * This codec for bytes read from outside the JVM, which anyone with access to the store may
   * have written: it must decode instances of the allowed classes only, and refuse any other
   * before it runs a constructor or {@code readObject} of it. Strata's codec does; a codec that
   * cannot instantiate arbitrary classes may return itself.
   */
  default Codec restrictedTo(AllowedClasses allowed) {
    return this;
  }
}
