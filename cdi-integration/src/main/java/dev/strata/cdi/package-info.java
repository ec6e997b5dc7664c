/**
 * JSR-107 caching annotations and cache injection on Jakarta CDI; {@link
 * dev.strata.cdi.StrataCacheExtension} is the entry point, registered as a portable extension.
 */
package dev.strata.cdi;
