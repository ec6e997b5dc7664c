package dev.strata.jcache.writebehind;

/**
 * A write-behind cache's queue and flusher, through JMX as
 * {@code javax.cache:type=StrataWriteBehind,CacheManager=<uri>,Cache=<name>}. Queue length,
 * oldest age and dead letters describe the shared queue; the counters are this JVM's flusher's.
 */
public interface WriteBehindStatisticsMXBean {

  /** About how many changes wait for the writer. */
  long getQueueLength();

  /** How long the oldest waiting change has waited, in milliseconds; 0 when none waits. */
  long getOldestPendingAgeMillis();

  /** How many {@code writeAll} and {@code deleteAll} calls this JVM made. */
  long getBatches();

  /** How many keys the writer wrote. */
  long getWrittenEntries();

  /** How many keys the writer deleted. */
  long getDeletedEntries();

  /** How many times a key the writer refused was kept for another attempt. */
  long getRetries();

  /** How many changes were given up as dead letters by this JVM. */
  long getDeadLettersBuried();

  /** How many dead letters the queue holds now. */
  int getDeadLetterCount();

  /** The mean time of one writer call, in microseconds. */
  float getAverageWriterMicros();

  /** The longest writer call, in microseconds. */
  float getMaxWriterMicros();

  /** Queues every dead letter again; returns how many. */
  int retryDeadLetters();

  /** Forgets every dead letter; returns how many. */
  int discardDeadLetters();

  /** The dead letters, one line each: key, operation, attempts and failure. */
  String[] listDeadLetters();
}
