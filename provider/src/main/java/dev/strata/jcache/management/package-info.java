/** Statistics and the JMX beans of a cache ({@code CacheMXBean}, {@code CacheStatisticsMXBean}). */
package dev.strata.jcache.management;
