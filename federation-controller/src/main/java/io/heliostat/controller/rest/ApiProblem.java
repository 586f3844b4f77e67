package io.heliostat.controller.rest;

import java.util.List;

import io.heliostat.api.FieldError;

/**
 * A request the API turns down, with the HTTP status and, for a bad body, every bad field. Thrown by the
 * handlers and turned into an RFC 9457 problem document in one place ({@link ApiRoutes}).
 */
public final class ApiProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    private ApiProblem(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public static ApiProblem invalid(String detail, List<FieldError> errors) {
        return new ApiProblem(400, "Invalid request", detail, errors);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "Not found", detail, List.of());
    }

    /** A tenant over its policy's share of the fleet, refused like a request over a Kubernetes ResourceQuota. */
    public static ApiProblem overShare(String detail) {
        return new ApiProblem(403, "Tenant share exceeded", detail, List.of());
    }

    public static ApiProblem conflict(String detail) {
        return new ApiProblem(409, "Conflict", detail, List.of());
    }

    /** 429: the request is right, but must wait until what is queued before it has gone. */
    public static ApiProblem tooMany(String detail) {
        return new ApiProblem(429, "Too many pending", detail, List.of());
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
