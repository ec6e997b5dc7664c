/**
 * Configuration: {@link dev.strata.jcache.configuration.StrataConfiguration} for programmatic use
 * and {@link dev.strata.jcache.configuration.DeclaredCaches} for configuration files.
 */
package dev.strata.jcache.configuration;
