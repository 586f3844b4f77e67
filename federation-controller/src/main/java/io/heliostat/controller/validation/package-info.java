/**
 * {@code heliostat validate}: Heliostat's custom resources checked offline, against their CRDs' schemas and CEL rules
 * as the API server applies them and against the controller's own validation, for a team's CI.
 */
package io.heliostat.controller.validation;
