package dev.strata.jcache.hotkeys;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;

/**
 * The hot-key tracker of one cache: a sample of its reads in a frequent-items sketch (Apache
 * DataSketches' {@link ItemsSketch}, a Misra-Gries summary with error bounds), so memory stays
 * bounded whatever the number of keys.
 *
 * <p>A read costs one draw of {@link ThreadLocalRandom} (a few instructions on the reading
 * thread's own state: no shared counter to contend on) and, for the sampled one read in
 * {@code sampleEvery}, a sketch update under a try-lock: a sampled read that finds another
 * thread updating drops its sample rather than wait, so reads never block on the tracker.
 * Dropping is as random as sampling, so the estimates stay unbiased up to the scale.
 */
public final class HotKeys<K> {
  private final HotKeySettings settings;
  private final int mask;
  private final ItemsSketch<K> sketch;
  private final ReentrantLock lock = new ReentrantLock();

  public HotKeys(HotKeySettings settings) {
    this.settings = settings;
    this.mask = settings.sampleEvery() - 1;
    this.sketch = new ItemsSketch<>(settings.maxTracked());
  }

  public HotKeySettings settings() {
    return settings;
  }

  /** Counts a read of the key, one time in {@code sampleEvery}. */
  public void read(K key) {
    if ((ThreadLocalRandom.current().nextInt() & mask) == 0 && key != null) {
      record(key);
    }
  }

  private void record(K key) {
    if (lock.tryLock()) {
      try {
        sketch.update(key);
      } finally {
        lock.unlock();
      }
    }
  }

  /**
   * The {@code n} most read keys, most read first, with their estimated reads (scaled from the
   * sample); fewer when fewer were sampled.
   */
  public List<HotKey<K>> top(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("hotKeys(n) needs n >= 0: " + n);
    }
    ItemsSketch.Row<K>[] rows;
    lock.lock();
    try {
      rows = sketch.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES);
    } finally {
      lock.unlock();
    }
    long scale = settings.sampleEvery();
    List<HotKey<K>> top = new ArrayList<>(Math.min(n, rows.length));
    for (int i = 0; i < rows.length && i < n; i++) {
      ItemsSketch.Row<K> row = rows[i];
      top.add(new HotKey<>(row.getItem(), row.getEstimate() * scale,
          row.getLowerBound() * scale, row.getUpperBound() * scale));
    }
    return top;
  }

  /** The {@code n} most read keys, most read first. */
  public List<K> keys(int n) {
    List<HotKey<K>> top = top(n);
    List<K> keys = new ArrayList<>(top.size());
    for (HotKey<K> hot : top) {
      keys.add(hot.key());
    }
    return keys;
  }

  /** How many reads were sampled into the sketch. */
  public long sampledReads() {
    lock.lock();
    try {
      return sketch.getStreamLength();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every read recorded so far. */
  public void reset() {
    lock.lock();
    try {
      sketch.reset();
    } finally {
      lock.unlock();
    }
  }
}
