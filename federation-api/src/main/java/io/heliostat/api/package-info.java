/** Wire and resource types shared by the edge agent and the controller. */
package io.heliostat.api;
