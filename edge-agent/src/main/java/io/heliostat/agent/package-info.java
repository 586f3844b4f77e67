/** The gateway agent that samples its node and reports it to the controller. */
package io.heliostat.agent;
