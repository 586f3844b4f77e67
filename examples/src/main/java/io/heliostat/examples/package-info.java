/** Example fleets, policies and workloads. */
package io.heliostat.examples;
