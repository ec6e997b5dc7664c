package dev.strata.samples.writebehind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAccumulator;
import javax.cache.Cache;
import dev.strata.jcache.writebehind.FencedCacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.sql.DataSource;

/**
 * Writes a cache of product names to the {@code product} table: each {@code writeAll} is one
 * JDBC batch of {@code MERGE}s and each {@code deleteAll} one batch of {@code DELETE}s, in one
 * transaction, so a write-behind batch of hundreds of keys costs one round trip and one commit.
 *
 * <p>The JCache contract asks a writer that fails part-way to leave in the collection exactly the
 * entries it did not write: the cache (here, its write-behind flusher) retries those and only
 * those. A failed batch is rolled back whole, so this writer then writes its rows one at a time,
 * each committed alone, removes the ones that went in and throws for the rest; one bad row
 * becomes one dead letter instead of taking its whole batch with it.
 *
 * <p>Fenced: a write-behind batch carries its flusher's fencing token, and its transaction first
 * raises the {@code write_behind_fence} row to that token, refusing the whole batch when a newer
 * flusher has already raised it further. A flusher that stalled past its lease (a pause, a
 * partition from Redis) and wakes up with old values therefore cannot overwrite what its
 * successor wrote: its batch fails, and the successor writes the journal's records again.
 */
public final class JdbcCacheWriter implements FencedCacheWriter<Long, String> {
  private static final String MERGE = "MERGE INTO product (id, name) KEY (id) VALUES (?, ?)";
  private static final String DELETE = "DELETE FROM product WHERE id = ?";
  private static final String FENCE =
      "UPDATE write_behind_fence SET epoch = ? WHERE cache = ? AND epoch <= ?";
  /** No fence: a write-through call, made inside the cache's own step. */
  private static final long UNFENCED = -1;

  private final DataSource database;
  private final String cacheName;
  private final AtomicLong fencedOff = new AtomicLong();
  private final AtomicLong writeCalls = new AtomicLong();
  private final AtomicLong deleteCalls = new AtomicLong();
  private final LongAccumulator largestBatch = new LongAccumulator(Math::max, 0);

  /**
   * @param cacheName the cache whose fence row ({@code write_behind_fence.cache}) guards the
   *     table
   */
  public JdbcCacheWriter(DataSource database, String cacheName) {
    this.database = database;
    this.cacheName = cacheName;
  }

  /** One statement's parameters for one item of a batch. */
  @FunctionalInterface
  private interface Binder<T> {
    void bind(PreparedStatement statement, T item) throws SQLException;
  }

  @Override
  public void write(Cache.Entry<? extends Long, ? extends String> entry) {
    writeAll(new ArrayList<>(List.of(entry)));
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends Long, ? extends String>> entries) {
    writeAll(entries, UNFENCED);
  }

  @Override
  public void writeAll(Collection<Cache.Entry<? extends Long, ? extends String>> entries,
      long fencingToken) {
    writeCalls.incrementAndGet();
    execute(MERGE, entries, (statement, entry) -> {
      statement.setLong(1, entry.getKey());
      statement.setString(2, entry.getValue());
    }, fencingToken);
  }

  @Override
  public void delete(Object key) {
    deleteAll(new ArrayList<>(List.of(key)));
  }

  @Override
  public void deleteAll(Collection<?> keys) {
    deleteAll(keys, UNFENCED);
  }

  @Override
  public void deleteAll(Collection<?> keys, long fencingToken) {
    deleteCalls.incrementAndGet();
    execute(DELETE, keys, (statement, key) -> statement.setLong(1, (Long) key), fencingToken);
  }

  /** How many batches the fence refused, for coming from a flusher that had been replaced. */
  public long fencedOff() {
    return fencedOff.get();
  }

  /** How many {@code writeAll} (or {@code write}) calls the cache made. */
  public long writeCalls() {
    return writeCalls.get();
  }

  /** How many {@code deleteAll} (or {@code delete}) calls the cache made. */
  public long deleteCalls() {
    return deleteCalls.get();
  }

  /** The most rows one call was given. */
  public long largestBatch() {
    return largestBatch.get();
  }

  private <T> void execute(String sql, Collection<T> items, Binder<? super T> binder,
      long fence) {
    largestBatch.accumulate(items.size());
    try (Connection connection = database.getConnection()) {
      connection.setAutoCommit(false);
      try {
        raiseFence(connection, fence);
        batch(connection, sql, items, binder);
        connection.commit();
        items.clear();
        return;
      } catch (SQLException e) {
        connection.rollback();
      }
      executeOneByOne(connection, sql, items, binder, fence);
    } catch (SQLException e) {
      throw new CacheWriterException("The product table cannot be written: " + e.getMessage(),
          e);
    }
  }

  /** Writes each item in a transaction of its own, leaving only the failed ones in items. */
  private <T> void executeOneByOne(Connection connection, String sql, Collection<T> items,
      Binder<? super T> binder, long fence) throws SQLException {
    SQLException firstFailure = null;
    for (Iterator<T> each = items.iterator(); each.hasNext(); ) {
      T item = each.next();
      try {
        raiseFence(connection, fence);
        batch(connection, sql, List.of(item), binder);
        connection.commit();
        each.remove();
      } catch (SQLException e) {
        connection.rollback();
        if (firstFailure == null) {
          firstFailure = e;
        }
      }
    }
    if (firstFailure != null) {
      throw new CacheWriterException(items.size() + " row(s) refused: "
          + firstLine(firstFailure.getMessage()), firstFailure);
    }
  }

  /**
   * Raises this cache's fence to the batch's token, in the batch's transaction; a fence already
   * higher means a newer flusher has written, and the whole batch is refused.
   */
  private void raiseFence(Connection connection, long fence) throws SQLException {
    if (fence == UNFENCED) {
      return;
    }
    try (PreparedStatement statement = connection.prepareStatement(FENCE)) {
      statement.setLong(1, fence);
      statement.setString(2, cacheName);
      statement.setLong(3, fence);
      if (statement.executeUpdate() == 0) {
        connection.rollback();
        fencedOff.incrementAndGet();
        throw new FencedOff("a newer write-behind flusher of cache '" + cacheName
            + "' has written the product table (this flusher's token is " + fence
            + "); the batch is refused so that its older values cannot overwrite newer ones");
      }
    }
  }

  /** A batch the fence refused: the whole batch, not one row of it, so it is not retried here. */
  private static final class FencedOff extends CacheWriterException {
    private static final long serialVersionUID = 1L;

    FencedOff(String message) {
      super(message);
    }
  }

  private static <T> void batch(Connection connection, String sql, Collection<T> items,
      Binder<? super T> binder) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (T item : items) {
        binder.bind(statement, item);
        statement.addBatch();
      }
      statement.executeBatch();
    }
  }

  /** H2 appends the whole statement to its messages; the constraint's name is enough here. */
  private static String firstLine(String message) {
    int end = message.indexOf("; SQL statement");
    return end < 0 ? message : message.substring(0, end);
  }
}
