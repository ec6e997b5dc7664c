package dev.strata.jcache.writebehind;

import java.util.Collection;
import javax.cache.Cache;
import javax.cache.integration.CacheWriter;

/**
 * A write-behind writer that takes a fencing token with each batch, so that its system of
 * record can refuse a batch from a flusher that lost its right to flush.
 *
 * <p>Only one flusher at a time writes a Redis cache's journal: the holder of its lease. A
 * holder that stalls inside the writer for longer than the lease (a long garbage-collection
 * pause, a partition from Redis while the database is still reachable) is replaced; when it
 * wakes up, its batch holds values older than those its successor has written since. Each holder
 * gets a new epoch, higher than every earlier one, and hands it to each call here: a system of
 * record that keeps the highest epoch it has accepted and refuses a batch with a lower one, in
 * the batch's own transaction, never lets an older value overwrite a newer one. For example, in
 * SQL, first in the batch's transaction:
 *
 * <pre>{@code
 * UPDATE write_behind_fence SET epoch = ? WHERE cache = ? AND epoch <= ?   -- (token, name, token)
 * -- 0 rows updated: a newer flusher has written; roll back and throw
 * }</pre>
 *
 * <p>A batch refused this way should throw (a {@code CacheWriterException}); the flusher that
 * lost its lease cannot settle the round, and its successor writes those records again. A writer
 * that is not fenced risks exactly this: after such a stall, the database may keep an older
 * value of a key than the cache holds, until the key is written again. An embedded cache has a
 * single flusher in its JVM, and its token never changes.
 *
 * <p>Write-through calls ({@link #write}, {@link #delete}) are not fenced: they run inside the
 * cache's own steps.
 */
public interface FencedCacheWriter<K, V> extends CacheWriter<K, V> {
  /**
   * Writes a batch, as {@link CacheWriter#writeAll}: on failure, the collection keeps the
   * entries not written.
   *
   * @param fencingToken the flusher's epoch: higher for every new holder of the flusher lease
   */
  void writeAll(Collection<Cache.Entry<? extends K, ? extends V>> entries, long fencingToken);

  /**
   * Deletes a batch, as {@link CacheWriter#deleteAll}: on failure, the collection keeps the keys
   * not deleted.
   *
   * @param fencingToken the flusher's epoch: higher for every new holder of the flusher lease
   */
  void deleteAll(Collection<?> keys, long fencingToken);
}
