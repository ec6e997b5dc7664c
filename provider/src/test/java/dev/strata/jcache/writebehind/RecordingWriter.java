package dev.strata.jcache.writebehind;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;

/**
 * A writer that keeps what it is given, in a map standing for the system of record, and can be
 * told to be slow, to fail a number of calls, to refuse chosen keys or to wait at a gate.
 */
public final class RecordingWriter implements CacheWriter<Object, Object>, Serializable {
  final transient Map<Object, Object> records = new ConcurrentHashMap<>();
  final transient List<List<Object>> writeBatches = new CopyOnWriteArrayList<>();
  final transient List<List<Object>> deleteBatches = new CopyOnWriteArrayList<>();
  /** Every (key, value) written, in order; a delete is written as (key, null). */
  final transient List<Object[]> history = new CopyOnWriteArrayList<>();
  final transient AtomicInteger failuresLeft = new AtomicInteger();
  final transient Set<Object> refused = ConcurrentHashMap.newKeySet();
  volatile transient long millisPerCall;
  volatile transient CountDownLatch gate;
  volatile transient Runnable beforeCall;

  @Override
  public void write(Cache.Entry<?, ?> entry) {
    writeAll(new ArrayList<>(List.of(entry)));
  }

  @Override
  public void writeAll(Collection<Cache.Entry<?, ?>> entries) {
    call();
    List<Object> keys = new ArrayList<>();
    Iterator<Cache.Entry<?, ?>> each = entries.iterator();
    CacheWriterException refusal = null;
    while (each.hasNext()) {
      Cache.Entry<?, ?> entry = each.next();
      if (refused.contains(entry.getKey())) {
        refusal = new CacheWriterException("key " + entry.getKey() + " is refused");
        continue;
      }
      records.put(entry.getKey(), entry.getValue());
      history.add(new Object[] {entry.getKey(), entry.getValue()});
      keys.add(entry.getKey());
      each.remove();
    }
    writeBatches.add(keys);
    if (refusal != null) {
      throw refusal;
    }
  }

  @Override
  public void delete(Object key) {
    deleteAll(new ArrayList<>(List.of(key)));
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    call();
    List<Object> done = new ArrayList<>();
    Iterator<?> each = keys.iterator();
    CacheWriterException refusal = null;
    while (each.hasNext()) {
      Object key = each.next();
      if (refused.contains(key)) {
        refusal = new CacheWriterException("key " + key + " is refused");
        continue;
      }
      records.remove(key);
      history.add(new Object[] {key, null});
      done.add(key);
      each.remove();
    }
    deleteBatches.add(done);
    if (refusal != null) {
      throw refusal;
    }
  }

  private void call() {
    Runnable first = beforeCall;
    if (first != null) {
      first.run();
    }
    CountDownLatch waitFor = gate;
    boolean interrupted = false;
    while (waitFor != null) {
      try {
        waitFor.await(30, TimeUnit.SECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (millisPerCall > 0) {
      try {
        Thread.sleep(millisPerCall);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new CacheWriterException("the database is down");
    }
  }
}
