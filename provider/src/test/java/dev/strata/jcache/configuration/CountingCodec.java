package dev.strata.jcache.configuration;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.JavaSerializationCodec;
import java.util.concurrent.atomic.AtomicInteger;

/** A codec a configuration file can name; it counts encodings so a test can see it is used. */
public class CountingCodec implements Codec {
  static final AtomicInteger ENCODINGS = new AtomicInteger();

  private final Codec delegate = new JavaSerializationCodec();

  @Override
  public byte[] encode(Object value) {
    ENCODINGS.incrementAndGet();
    return delegate.encode(value);
  }

  @Override
  public Object decode(byte[] bytes, ClassLoader classLoader) {
    return delegate.decode(bytes, classLoader);
  }
}
