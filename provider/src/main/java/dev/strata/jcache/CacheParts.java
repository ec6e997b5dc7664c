package dev.strata.jcache;

import dev.strata.jcache.core.CacheContext;
import dev.strata.jcache.core.LoadAllOperation;
import dev.strata.jcache.core.ReadOperations;
import dev.strata.jcache.core.WriteOperations;
import dev.strata.jcache.processor.EntryProcessorInvoker;
import dev.strata.jcache.strategy.CacheStrategies;
import dev.strata.jcache.writebehind.WriteBehindFlusher;
import java.util.List;

/**
 * What {@link CacheFactory} builds for a {@link StrataCache}: the paths its operations delegate
 * to, over one {@link CacheContext}.
 *
 * @param flusher the write-behind flusher, not yet started; {@code null} unless the cache writes
 *     behind
 * @param resources what the factory created from the configuration's factories (expiry policy,
 *     loader, writer), closed with the cache when they are {@link java.io.Closeable}
 * @param strategies the cache's loading strategies (single flight, refresh-ahead)
 */
record CacheParts<K, V>(CacheContext<K, V> context, ReadOperations<K, V> reads,
    WriteOperations<K, V> writes, EntryProcessorInvoker<K, V> processors,
    LoadAllOperation<K, V> loadAll, WriteBehindFlusher<K, V> flusher, List<Object> resources,
    CacheStrategies<K, V> strategies) {}
