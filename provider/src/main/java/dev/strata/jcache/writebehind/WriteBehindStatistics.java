package dev.strata.jcache.writebehind;

import dev.strata.jcache.store.Journal.DeadLetterRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** The write-behind management bean of a cache: its queue's state and its flusher's counters. */
final class WriteBehindStatistics implements WriteBehindStatisticsMXBean {
  private final WriteBehindFlusher<?, ?> flusher;
  final LongAdder batches = new LongAdder();
  final LongAdder written = new LongAdder();
  final LongAdder deleted = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder buried = new LongAdder();
  private final LongAdder writerNanos = new LongAdder();
  private final LongAccumulator maxWriterNanos = new LongAccumulator(Math::max, 0);

  WriteBehindStatistics(WriteBehindFlusher<?, ?> flusher) {
    this.flusher = flusher;
  }

  void recordCall(long nanos, int writtenKeys, int deletedKeys) {
    batches.increment();
    writerNanos.add(nanos);
    maxWriterNanos.accumulate(nanos);
    written.add(writtenKeys);
    deleted.add(deletedKeys);
  }

  @Override
  public long getQueueLength() {
    return flusher.pending();
  }

  @Override
  public long getOldestPendingAgeMillis() {
    return flusher.oldestPendingAge().toMillis();
  }

  @Override
  public long getBatches() {
    return batches.sum();
  }

  @Override
  public long getWrittenEntries() {
    return written.sum();
  }

  @Override
  public long getDeletedEntries() {
    return deleted.sum();
  }

  @Override
  public long getRetries() {
    return retries.sum();
  }

  @Override
  public long getDeadLettersBuried() {
    return buried.sum();
  }

  @Override
  public int getDeadLetterCount() {
    return flusher.deadLetterCount();
  }

  @Override
  public float getAverageWriterMicros() {
    long calls = batches.sum();
    return calls == 0 ? 0f : writerNanos.sum() / 1000f / calls;
  }

  @Override
  public float getMaxWriterMicros() {
    return maxWriterNanos.get() / 1000f;
  }

  @Override
  public int retryDeadLetters() {
    return flusher.retryDeadLetters();
  }

  @Override
  public int discardDeadLetters() {
    return flusher.discardDeadLetters();
  }

  @Override
  public String[] listDeadLetters() {
    List<String> lines = new ArrayList<>();
    for (DeadLetterRecord<?> letter : flusher.deadLetterRecords()) {
      lines.add(letter.key() + " " + (letter.delete() ? "delete" : "write") + " after "
          + letter.attempts() + " attempts: " + letter.failure());
    }
    return lines.toArray(new String[0]);
  }
}
