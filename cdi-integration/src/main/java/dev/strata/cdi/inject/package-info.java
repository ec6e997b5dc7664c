/** Injection of the cache manager and of named caches. */
package dev.strata.cdi.inject;
