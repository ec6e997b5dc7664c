/**
 * Hot keys: a cache's most frequently read keys, estimated in bounded memory. A sample of the
 * reads (one in {@code sample-every}, chosen at random) feeds a frequent-items sketch; the
 * cache's {@code hotKeys(n)} reads it back, with the error bounds the sketch guarantees.
 */
package dev.strata.jcache.hotkeys;
