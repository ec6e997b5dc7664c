/** Cache keys for annotated methods: the default generator and the key it builds. */
package dev.strata.cdi.key;
