package dev.strata.jcache.assembly;

import dev.strata.jcache.codec.Codec;
import dev.strata.jcache.codec.ValueCopier;
import dev.strata.jcache.expiry.ExpiryCalculator;
import dev.strata.jcache.management.CacheStatistics;
import dev.strata.jcache.store.StoreListener;

/**
 * What a {@link StoreProvider} is given to build the store of one cache.
 *
 * @param codec the codec of a by-value cache, restricted to the allowed classes when its
 *     entries leave the JVM; {@code null} for a by-reference cache
 * @param listener where the store reports the changes it makes on its own
 */
public record StoreRequest<K>(ResolvedCacheSettings<K, ?> settings, ValueCopier copier,
    Codec codec, ExpiryCalculator expiry, CacheStatistics statistics,
    StoreListener<K> listener) {}
