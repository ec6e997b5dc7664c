package dev.strata.jcache.store.redis;

import dev.strata.jcache.testing.redis.RespConnection;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.Iterator;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * A write-through writer whose database every JVM of a test shares: a Redis hash outside any
 * cache's names ({@value #TABLE}), reached through a plain connection of its own at the address
 * in the system property {@value #ADDRESS} ({@code host:port}). It counts its calls in
 * {@value #CALLS}, so a test can compare them with the changes the caches made.
 */
public final class DatabaseWriter implements CacheWriter<String, String>, Closeable {
  static final String ADDRESS = "strata.test.database";
  static final String TABLE = "database:table";
  static final String CALLS = "database:calls";

  private final RespConnection connection;

  public DatabaseWriter() {
    String[] address = System.getProperty(ADDRESS).split(":");
    try {
      connection = RespConnection.open(address[0], Integer.parseInt(address[1]));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public synchronized void write(Cache.Entry<? extends String, ? extends String> entry) {
    connection.call("HSET", TABLE, entry.getKey(), entry.getValue());
    connection.call("INCR", CALLS);
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends String, ? extends String>> entries) {
    Iterator<Cache.Entry<? extends String, ? extends String>> each = entries.iterator();
    while (each.hasNext()) {
      write(each.next());
      each.remove();
    }
  }

  @Override
  public synchronized void delete(Object key) {
    connection.call("HDEL", TABLE, (String) key);
    connection.call("INCR", CALLS);
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    Iterator<?> each = keys.iterator();
    while (each.hasNext()) {
      delete(each.next());
      each.remove();
    }
  }

  @Override
  public void close() {
    connection.close();
  }
}
