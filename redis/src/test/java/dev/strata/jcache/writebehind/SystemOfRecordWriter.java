package dev.strata.jcache.writebehind;

import dev.strata.jcache.testing.redis.RespConnection;
import java.io.Closeable;
import java.util.Collection;
import java.util.Iterator;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * A writer whose system of record outlives every JVM of the test: a Redis hash outside any
 * cache's names, reached through a plain connection of its own. Values are per-key sequence
 * numbers; applying a lower number than the one recorded counts as an out-of-order write.
 */
public final class SystemOfRecordWriter implements CacheWriter<String, Long>, Closeable {
  static final String RECORDS = "system-of-record";
  static final String OUT_OF_ORDER = "system-of-record:out-of-order";
  static final String APPLIED = "system-of-record:applied";
  private static final String APPLY = script("apply-in-order.lua");

  private final RespConnection connection;
  private final long millisPerCall;

  public SystemOfRecordWriter(String host, int port, long millisPerCall) {
    try {
      this.connection = RespConnection.open(host, port);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    this.millisPerCall = millisPerCall;
  }

  @Override
  public void write(Cache.Entry<? extends String, ? extends Long> entry) {
    pause();
    apply(entry.getKey(), entry.getValue());
  }

  @Override
  public synchronized void writeAll(
      Collection<Cache.Entry<? extends String, ? extends Long>> entries) {
    pause();
    Iterator<Cache.Entry<? extends String, ? extends Long>> each = entries.iterator();
    while (each.hasNext()) {
      Cache.Entry<? extends String, ? extends Long> entry = each.next();
      apply(entry.getKey(), entry.getValue());
      each.remove();
    }
  }

  private synchronized void apply(String key, long sequence) {
    connection.call("EVAL", APPLY, "3", RECORDS, OUT_OF_ORDER, APPLIED, key,
        Long.toString(sequence));
  }

  @Override
  public synchronized void delete(Object key) {
    pause();
    connection.call("HDEL", RECORDS, (String) key);
  }

  @Override
  public synchronized void deleteAll(Collection<?> keys) {
    pause();
    Iterator<?> each = keys.iterator();
    while (each.hasNext()) {
      connection.call("HDEL", RECORDS, (String) each.next());
      each.remove();
    }
  }

  private void pause() {
    if (millisPerCall > 0) {
      try {
        Thread.sleep(millisPerCall);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    connection.close();
  }

  private static String script(String name) {
    try (var in = SystemOfRecordWriter.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing Lua script resource " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
