package dev.strata.jcache.event;

import java.util.ArrayList;
import java.util.List;
import javax.cache.event.CacheEntryCreatedListener;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.CacheEntryExpiredListener;
import javax.cache.event.CacheEntryRemovedListener;
import javax.cache.event.CacheEntryUpdatedListener;
import javax.cache.event.EventType;

/** Listens to every event type and keeps what it saw, in arrival order. */
public class RecordingListener<K, V> implements CacheEntryCreatedListener<K, V>,
    CacheEntryUpdatedListener<K, V>, CacheEntryRemovedListener<K, V>,
    CacheEntryExpiredListener<K, V> {

  /** One event as delivered, with the thread that delivered it. */
  public record Seen(EventType type, Object key, Object value, Object oldValue,
      boolean oldValueAvailable, Thread thread) {

    /** A compact form for comparing sequences: type, key and the values present. */
    public String brief() {
      return type + " " + key + " " + value + (oldValueAvailable ? " was " + oldValue : "");
    }
  }

  private final List<Seen> seen = new ArrayList<>();

  @Override
  public void onCreated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onUpdated(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onRemoved(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  @Override
  public void onExpired(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    record(events);
  }

  private synchronized void record(Iterable<CacheEntryEvent<? extends K, ? extends V>> events) {
    for (CacheEntryEvent<? extends K, ? extends V> event : events) {
      seen.add(new Seen(event.getEventType(), event.getKey(), event.getValue(),
          event.getOldValue(), event.isOldValueAvailable(), Thread.currentThread()));
    }
    notifyAll();
  }

  public synchronized List<Seen> seen() {
    return List.copyOf(seen);
  }

  public synchronized List<String> briefs() {
    return seen.stream().map(Seen::brief).toList();
  }

  public synchronized void clear() {
    seen.clear();
  }

  /** Waits until at least {@code count} events arrived, or fails after {@code timeoutMillis}. */
  public synchronized List<Seen> awaitCount(int count, long timeoutMillis)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (seen.size() < count) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Only " + seen.size() + " of " + count
            + " events arrived in " + timeoutMillis + " ms: " + seen);
      }
      wait(Math.max(1, left / 1_000_000L));
    }
    return List.copyOf(seen);
  }
}
