package dev.strata.cdi.beans;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts how often each named method body really ran. */
@ApplicationScoped
public class Calls {
  private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  public int record(String what) {
    return counts.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
  }

  /** Forgets all counts, for tests that share one container across methods. */
  public void reset() {
    counts.clear();
  }

  public int count(String what) {
    AtomicInteger count = counts.get(what);
    return count == null ? 0 : count.get();
  }
}
