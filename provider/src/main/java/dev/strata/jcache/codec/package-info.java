/**
 * Copying and encoding of keys and values: store-by-reference and store-by-value, and the
 * {@link dev.strata.jcache.codec.Codec} that turns values into bytes.
 */
package dev.strata.jcache.codec;
