package dev.strata.jcache.management;

import java.util.Arrays;
import java.util.Objects;

/**
 * Times a cache's operations for its {@link LatencyListener}s, and reads no clock while it has
 * none: {@link #start()} is then one volatile read. The caller pairs each start with one
 * {@link #stop}, in a {@code finally} block.
 */
public final class LatencyRecorder {
  private static final LatencyListener[] NONE = {};

  private volatile LatencyListener[] listeners = NONE;

  /** The start instant of an operation, or 0 when no one listens. */
  public long start() {
    return listeners.length == 0 ? 0L : System.nanoTime();
  }

  public void stop(CacheOperation operation, long start) {
    if (start == 0L) {
      return;
    }
    long nanos = System.nanoTime() - start;
    for (LatencyListener listener : listeners) {
      listener.record(operation, nanos);
    }
  }

  public synchronized void add(LatencyListener listener) {
    Objects.requireNonNull(listener, "listener");
    LatencyListener[] next = Arrays.copyOf(listeners, listeners.length + 1);
    next[listeners.length] = listener;
    listeners = next;
  }

  public synchronized void remove(LatencyListener listener) {
    LatencyListener[] current = listeners;
    for (int i = 0; i < current.length; i++) {
      if (current[i] == listener) {
        LatencyListener[] next = new LatencyListener[current.length - 1];
        System.arraycopy(current, 0, next, 0, i);
        System.arraycopy(current, i + 1, next, i, current.length - i - 1);
        listeners = next;
        return;
      }
    }
  }
}
