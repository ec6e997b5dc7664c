/** Entry processors: {@code invoke} and {@code invokeAll}, atomic per key. */
package dev.strata.jcache.processor;
