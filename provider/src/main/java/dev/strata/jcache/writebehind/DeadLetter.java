package dev.strata.jcache.writebehind;

import java.time.Instant;

/**
 * A change the cache's writer refused as many times as the cache's {@code max-attempts} allows:
 * the key, the value written ({@code null} for a delete), the number of attempts, the last
 * failure and when the change was given up.
 */
public record DeadLetter<K, V>(K key, V value, boolean delete, int attempts, String failure,
    Instant buriedAt) {}
