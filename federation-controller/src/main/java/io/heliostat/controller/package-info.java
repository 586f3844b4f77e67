/** The clustered controller: fleet state, the placement API and actuation. */
package io.heliostat.controller;
