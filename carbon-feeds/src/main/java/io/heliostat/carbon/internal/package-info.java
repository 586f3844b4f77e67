/** How the carbon feeds work inside: not for use outside this module. */
package io.heliostat.carbon.internal;
