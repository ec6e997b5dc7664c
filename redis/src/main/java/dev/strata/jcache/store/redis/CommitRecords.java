package dev.strata.jcache.store.redis;

import dev.strata.shaded.redisson.api.RedissonClient;
import dev.strata.shaded.redisson.client.codec.ByteArrayCodec;
import java.util.List;
import java.util.Map;

/**
 * Reads the commit records of calls whose every send went unanswered, for the two kinds of
 * writing call (compare-and-set steps and writes decided on the server) alike.
 */
final class CommitRecords {
  private static final int READS = 4;

  private CommitRecords() {}

  /**
   * The records found, and whether they were read while a record the calls left would still be
   * there (so that an absent one proves its call did not commit).
   */
  record Read(Map<String, byte[]> found, boolean fresh) {}

  /**
   * Reads the records. A connection cut may fail the write and the next reads alike, while
   * Redisson reconnects (a new connection can take longer than a timeout to come): up to
   * {@value #READS} reads, each bounded by the timeout. A node marked down fails a read at once,
   * and ends the tries there: while Redis is gone no operation waits, and the outcome then stays
   * unknown. Each failed read is added to {@code failure}.
   */
  static Read read(RedissonClient client, RedisFailures failures, List<String> records,
      long sentNanos, long recordNanos, RuntimeException failure) {
    for (int attempt = 0; attempt < READS; attempt++) {
      try {
        Map<String, byte[]> found = failures.callAll(records, "read of the commit records",
            true, () -> client.getBuckets(ByteArrayCodec.INSTANCE)
                .get(records.toArray(new String[0])));
        return new Read(found, System.nanoTime() - sentNanos < recordNanos);
      } catch (RuntimeException unreadable) {
        failure.addSuppressed(unreadable);
        if (RedisFailures.failedAtOnce(unreadable) || !RedisFailures.unreachable(unreadable)) {
          break;
        }
      }
    }
    return new Read(Map.of(), false);
  }
}
