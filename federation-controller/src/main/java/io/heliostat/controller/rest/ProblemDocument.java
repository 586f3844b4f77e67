package io.heliostat.controller.rest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.heliostat.api.FieldError;

/**
 * An RFC 9457 problem document ({@code application/problem+json}). {@code errors} lists each bad field of a
 * request; {@code errorId} ties a server error to its log line, since the client never sees a stack trace.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDocument(String type, String title, int status, String detail, String instance,
                              List<FieldError> errors, String errorId) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
