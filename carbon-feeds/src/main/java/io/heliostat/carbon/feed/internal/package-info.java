/** What the providers' bodies look like and how each is read into normalised signals. */
package io.heliostat.carbon.feed.internal;
