package dev.strata.jcache.strategy;

import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.core.ReadOperations;
import dev.strata.jcache.expiry.Ticker;
import dev.strata.jcache.integration.LoaderSupport;
import java.io.Closeable;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Warms a cache: loads the keys of a {@link KeySource} through the cache's loader, in batches
 * ({@code loadAll}), a bounded number at once, on threads of its own, so that normal reads and
 * writes go on meanwhile and are never queued behind it.
 *
 * <p>Each batch is stored as {@code Cache.loadAll} stores (with {@code replaceExistingValues}
 * honoured: when false, a batch first reads which of its keys the cache holds and loads only
 * the others). A batch whose {@code loadAll} fails is loaded again key by key, so that one bad
 * key fails alone: it is counted, listed in the progress (the first 1,000) and skipped. Progress
 * (done/total, loaded, failed, rate) is logged and reported to the options' listener once per
 * progress interval, at the end of the batch that crosses it, and once at the end.
 */
public final class WarmUp<K, V> implements Closeable {
  private static final System.Logger LOG = System.getLogger(WarmUp.class.getName());
  private static final int LISTED_FAILURES = 1_000;

  private final String cacheName;
  private final CacheContext<K, V> ctx;
  private final ReadOperations<K, V> reads;
  private final LoaderSupport<K, V> loader;
  private final Ticker ticker;
  private final StrategyStatistics statistics;
  private final AtomicInteger threads = new AtomicInteger();
  private final List<ExecutorService> running = new ArrayList<>();
  private final AtomicReference<Run> latest = new AtomicReference<>();
  private volatile boolean closed;

  /** @param loader the cache's loader, read-through or not; {@code null} when it has none */
  public WarmUp(String cacheName, CacheContext<K, V> ctx, ReadOperations<K, V> reads,
      LoaderSupport<K, V> loader, Ticker ticker, StrategyStatistics statistics) {
    this.cacheName = cacheName;
    this.ctx = ctx;
    this.reads = reads;
    this.loader = loader;
    this.ticker = ticker;
    this.statistics = statistics;
  }

  /**
   * Starts warming the cache with the source's keys and returns at once; the future completes
   * with the final progress, or fails if the source itself fails.
   *
   * @throws IllegalStateException when the cache has no loader
   */
  public CompletableFuture<WarmProgress> warm(KeySource<? extends K> source,
      WarmOptions options) {
    if (loader == null) {
      throw new IllegalStateException("Cache '" + cacheName + "' cannot warm up: it has no"
          + " CacheLoader (setCacheLoaderFactory, or loader in its configuration)");
    }
    var run = new Run(source, options);
    latest.set(run);
    ExecutorService pool = Executors.newFixedThreadPool(options.parallelism() + 1, task -> {
      var thread = new Thread(task, "strata-warm-" + cacheName + "-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    synchronized (running) {
      if (closed) {
        pool.shutdown();
        throw new IllegalStateException("Cache '" + cacheName + "' is closed");
      }
      running.add(pool);
    }
    pool.execute(() -> {
      try {
        run.feed(pool);
      } catch (RuntimeException | Error e) {
        run.result.completeExceptionally(e);
      } finally {
        pool.shutdown();
        synchronized (running) {
          running.remove(pool);
        }
      }
    });
    return run.result;
  }

  /** The progress of the latest warm-up, or {@code null} when none began. */
  public WarmProgress progress() {
    Run run = latest.get();
    return run == null ? null : run.progress(false);
  }

  @Override
  public void close() {
    synchronized (running) {
      closed = true;
      for (ExecutorService pool : running) {
        pool.shutdownNow();
      }
    }
  }

  /** One warm-up's state. */
  private final class Run {
    private final KeySource<? extends K> source;
    private final WarmOptions options;
    private final long started = ticker.read();
    private final long intervalNanos;
    private final CompletableFuture<WarmProgress> result = new CompletableFuture<>();
    private final List<Object> failedKeys = new ArrayList<>();
    private final Object reporting = new Object();
    private long done;
    private long loaded;
    private long failed;
    private long lastReport;

    Run(KeySource<? extends K> source, WarmOptions options) {
      this.source = source;
      this.options = options;
      this.intervalNanos = options.progressInterval().toNanos();
      this.lastReport = started;
    }

    /** Walks the source, handing out batches, at most {@code parallelism} at a time. */
    void feed(ExecutorService pool) {
      var slots = new Semaphore(options.parallelism());
      Iterator<? extends K> keys = source.iterator();
      while (keys.hasNext() && !closed) {
        List<K> batch = new ArrayList<>(options.batchSize());
        while (batch.size() < options.batchSize() && keys.hasNext()) {
          K key = keys.next();
          if (key != null) {
            batch.add(key);
          }
        }
        slots.acquireUninterruptibly();
        try {
          pool.execute(() -> {
            try {
              load(batch);
            } finally {
              slots.release();
            }
          });
        } catch (RejectedExecutionException e) {
          slots.release();
          break;
        }
      }
      slots.acquireUninterruptibly(options.parallelism());
      WarmProgress last;
      synchronized (reporting) {
        last = progress(true);
        report(last);
      }
      result.complete(last);
    }

    private void load(List<K> batch) {
      if (closed) {
        return;
      }
      List<K> toLoad = batch;
      if (!options.replaceExistingValues()) {
        Map<K, ?> present = ctx.store().getAll(new HashSet<>(batch));
        if (!present.isEmpty()) {
          toLoad = new ArrayList<>(batch.size() - present.size());
          for (K key : batch) {
            if (!present.containsKey(key)) {
              toLoad.add(key);
            }
          }
        }
      }
      long stored = 0;
      List<K> failures = new ArrayList<>();
      if (!toLoad.isEmpty()) {
        try {
          stored = reads.loadAll(loader, toLoad, options.replaceExistingValues()).size();
        } catch (RuntimeException e) {
          for (K key : toLoad) {
            try {
              stored += reads.loadAll(loader, List.of(key), options.replaceExistingValues())
                  .size();
            } catch (RuntimeException one) {
              failures.add(key);
            }
          }
        }
        ctx.events().flush();
      }
      statistics.recordWarmed(stored);
      statistics.recordWarmFailures(failures.size());
      boolean due = false;
      synchronized (this) {
        done += batch.size();
        loaded += stored;
        failed += failures.size();
        for (K key : failures) {
          if (failedKeys.size() < LISTED_FAILURES) {
            failedKeys.add(key);
          }
        }
        long now = ticker.read();
        if (now - lastReport >= intervalNanos) {
          lastReport = now;
          due = true;
        }
      }
      if (due) {
        // read under the reporting lock, so that listeners hear reports in the order of time
        synchronized (reporting) {
          report(progress(false));
        }
      }
    }

    synchronized WarmProgress progress(boolean finished) {
      return new WarmProgress(done, source.size(), loaded, failed, List.copyOf(failedKeys),
          Duration.ofNanos(ticker.read() - started), finished);
    }

    private void report(WarmProgress progress) {
      LOG.log(Level.INFO, "Warming cache '" + cacheName + "': " + progress);
      WarmListener listener = options.listener();
      if (listener != null) {
        try {
          listener.onProgress(progress);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "A warm-up listener of cache '" + cacheName + "' failed", e);
        }
      }
    }
  }
}
