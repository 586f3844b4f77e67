/** DPU models, offload profiles and their effect on a host's CPU, power and latency. */
package io.heliostat.dpu;
