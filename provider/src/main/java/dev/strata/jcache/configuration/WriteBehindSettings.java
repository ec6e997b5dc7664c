package dev.strata.jcache.configuration;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How a cache with a {@link javax.cache.integration.CacheWriter} writes behind: the caller's
 * write returns once the cache and its write-behind queue hold the change, and a background
 * flusher hands the writer batches later.
 *
 * @param maxBatchSize the most keys in one {@code writeAll} or {@code deleteAll} call
 * @param maxDelay the longest a change waits for its batch to fill before it is written anyway
 * @param queueCapacity the most changes the queue holds; a write that finds it full waits
 * @param fullQueueWait how long a write waits for room in a full queue before it fails with a
 *     {@link javax.cache.CacheException}; zero fails at once
 * @param maxAttempts how many times a change is offered to the writer before it becomes a dead
 *     letter
 * @param initialBackoff the pause after the first failed attempt; each further failure doubles
 *     it, with jitter, up to {@code maxBackoff}
 * @param maxBackoff the longest pause between attempts
 * @param closeTimeout how long closing the cache waits for the queue to be flushed
 */
public record WriteBehindSettings(int maxBatchSize, Duration maxDelay, int queueCapacity,
    Duration fullQueueWait, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    Duration closeTimeout) implements Serializable {

  /** 100 keys a batch, 1 s delay, 100,000 queued changes, 10 s wait, 10 attempts. */
  public static final WriteBehindSettings DEFAULTS = new WriteBehindSettings(100,
      Duration.ofSeconds(1), 100_000, Duration.ofSeconds(10), 10, Duration.ofMillis(100),
      Duration.ofMinutes(1), Duration.ofSeconds(30));

  public WriteBehindSettings {
    positive("max batch size", maxBatchSize);
    positive("queue capacity", queueCapacity);
    positive("max attempts", maxAttempts);
    notNegative("max delay", maxDelay);
    notNegative("full queue wait", fullQueueWait);
    notNegative("initial backoff", initialBackoff);
    notNegative("max backoff", maxBackoff);
    notNegative("close timeout", closeTimeout);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("write-behind max backoff " + maxBackoff
          + " is shorter than its initial backoff " + initialBackoff);
    }
  }

  public WriteBehindSettings withMaxBatchSize(int value) {
    return new WriteBehindSettings(value, maxDelay, queueCapacity, fullQueueWait, maxAttempts,
        initialBackoff, maxBackoff, closeTimeout);
  }

  public WriteBehindSettings withMaxDelay(Duration value) {
    return new WriteBehindSettings(maxBatchSize, value, queueCapacity, fullQueueWait,
        maxAttempts, initialBackoff, maxBackoff, closeTimeout);
  }

  public WriteBehindSettings withQueueCapacity(int value) {
    return new WriteBehindSettings(maxBatchSize, maxDelay, value, fullQueueWait, maxAttempts,
        initialBackoff, maxBackoff, closeTimeout);
  }

  public WriteBehindSettings withFullQueueWait(Duration value) {
    return new WriteBehindSettings(maxBatchSize, maxDelay, queueCapacity, value, maxAttempts,
        initialBackoff, maxBackoff, closeTimeout);
  }

  public WriteBehindSettings withMaxAttempts(int value) {
    return new WriteBehindSettings(maxBatchSize, maxDelay, queueCapacity, fullQueueWait, value,
        initialBackoff, maxBackoff, closeTimeout);
  }

  public WriteBehindSettings withBackoff(Duration initial, Duration max) {
    return new WriteBehindSettings(maxBatchSize, maxDelay, queueCapacity, fullQueueWait,
        maxAttempts, initial, max, closeTimeout);
  }

  public WriteBehindSettings withCloseTimeout(Duration value) {
    return new WriteBehindSettings(maxBatchSize, maxDelay, queueCapacity, fullQueueWait,
        maxAttempts, initialBackoff, maxBackoff, value);
  }

  private static void positive(String what, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException("write-behind " + what + " must be 1 or more: " + value);
    }
  }

  private static void notNegative(String what, Duration value) {
    Objects.requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException("write-behind " + what + " must not be negative: "
          + value);
    }
  }
}
