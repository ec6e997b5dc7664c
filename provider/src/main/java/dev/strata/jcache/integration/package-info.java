/** Integration with systems of record: read-through loading and write-through writing. */
package dev.strata.jcache.integration;
