package io.heliostat.controller.policy;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import io.heliostat.api.FieldError;
import io.heliostat.api.policy.PlacementPolicyDocument;

/**
 * Reads a policy file: one or more {@code PlacementPolicy} documents separated by {@code ---}. Every error, whether
 * the YAML's syntax, an unknown field, a value of the wrong type or one that validation rejects, comes back as a
 * {@link PolicyFileError} with the line and column of the field it is about, all of them at once.
 */
public final class PolicyDocuments {

    /** Strict, as the custom resource's schema will be: an unknown field or 2.5 moves is an error, not ignored or cut. */
    private static final ObjectReader READER = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build()
            .readerFor(PlacementPolicyDocument.class);

    private PolicyDocuments() {
    }

    /**
     * The policies the file defines, in the order it defines them.
     *
     * @throws PolicyFileException when anything in it is wrong; none of its policies are returned then
     * @throws IOException         when it cannot be read
     */
    public static List<PolicyDefinition> read(Path file) throws IOException {
        return parse(file, Files.readAllBytes(file));
    }

    /** Reads {@code content} as the text of {@code file}. */
    public static List<PolicyDefinition> parse(Path file, byte[] content) {
        List<PolicyDefinition> policies = new ArrayList<>();
        List<PolicyFileError> errors = new ArrayList<>();
        try (JsonParser parser = READER.createParser(content)) {
            while (parser.nextToken() != null) {
                YamlDocument document = YamlDocument.read(parser);
                if (!document.isEmpty()) {
                    define(file, document, errors).ifPresent(policies::add);
                }
            }
        } catch (JsonProcessingException e) {
            errors.add(syntaxError(file, e));
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from memory", e);
        }
        errors.addAll(namesGivenTwice(policies));
        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparingInt(PolicyFileError::line).thenComparingInt(PolicyFileError::column));
            throw new PolicyFileException(file, errors);
        }
        return List.copyOf(policies);
    }

    /**
     * The errors of one {@code PlacementPolicy} document of {@code file}, located as {@link #read} locates them: for
     * {@code heliostat validate}, whose files hold other kinds of documents too. A name given twice in a file is the
     * file's error, not a document's, and is not among them.
     */
    public static List<PolicyFileError> check(Path file, YamlDocument document) throws IOException {
        List<PolicyFileError> errors = new ArrayList<>();
        define(file, document, errors);
        return errors;
    }

    /** The document's policy, or empty when it has errors, which go to {@code errors}. */
    private static Optional<PolicyDefinition> define(Path file, YamlDocument document, List<PolicyFileError> errors)
            throws IOException {
        BindingProblems problems = new BindingProblems();
        Optional<PlacementPolicyDocument> policy = bind(document, problems);
        List<FieldError> found = new ArrayList<>(document.duplicates());
        found.addAll(problems.errors());
        policy.ifPresent(bound -> found.addAll(bound.validate()));
        List<PolicyFileError> located = locate(file, document, found);
        errors.addAll(located);
        if (!located.isEmpty()) {
            return Optional.empty();
        }
        JsonLocation name = document.locate("metadata.name");
        return policy.map(bound -> new PolicyDefinition(bound.metadata().name(), bound.spec(), file, name.getLineNr(),
                name.getColumnNr()));
    }

    /** The bound document, or empty when binding failed outright; either way every problem is in {@code problems}. */
    private static Optional<PlacementPolicyDocument> bind(YamlDocument document, BindingProblems problems)
            throws IOException {
        try (JsonParser tokens = document.tokens()) {
            return Optional.ofNullable(READER.withHandler(problems).readValue(tokens));
        } catch (JsonMappingException e) {
            problems.failed(e);
            return Optional.empty();
        }
    }

    /**
     * Places each error at its field. Errors come in the order their checks ran (repeated keys, binding,
     * validation), and one at a field hides later ones at or inside it, which would only restate it: a value of the
     * wrong type binds as absent, and validation would call it missing.
     */
    private static List<PolicyFileError> locate(Path file, YamlDocument document, List<FieldError> found) {
        List<PolicyFileError> errors = new ArrayList<>();
        List<String> reported = new ArrayList<>();
        for (FieldError error : found) {
            if (reported.stream().noneMatch(earlier -> within(error.field(), earlier))) {
                reported.add(error.field());
                JsonLocation at = document.locate(error.field());
                errors.add(new PolicyFileError(file, at.getLineNr(), at.getColumnNr(), error.field(), error.message()));
            }
        }
        return errors;
    }

    private static boolean within(String field, String earlier) {
        return earlier.isEmpty() || field.equals(earlier) || field.startsWith(earlier + ".") || field.startsWith(earlier + "[");
    }

    /** Each policy whose name an earlier policy of the file has, as an error at its name. */
    private static List<PolicyFileError> namesGivenTwice(List<PolicyDefinition> policies) {
        List<PolicyFileError> errors = new ArrayList<>();
        Map<String, PolicyDefinition> byName = new HashMap<>();
        for (PolicyDefinition policy : policies) {
            PolicyDefinition earlier = byName.putIfAbsent(policy.name(), policy);
            if (earlier != null) {
                errors.add(new PolicyFileError(policy.file(), policy.line(), policy.column(), "metadata.name",
                        "policy '" + policy.name() + "' is already defined on line " + earlier.line()
                                + " of this file; give each policy its own name"));
            }
        }
        return errors;
    }

    /**
     * Text that is not YAML: SnakeYAML's own words for the problem ("mapping values are not allowed here") and its
     * mark, which points at the offending character where Jackson's location points at the parser's position.
     * Public for {@code heliostat validate}, which reads files of other documents too.
     */
    public static PolicyFileError syntaxError(Path file, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException yaml && yaml.getProblemMark() != null) {
            String context = yaml.getContext() == null || yaml.getContextMark() == null ? ""
                    : " (" + yaml.getContext() + " started on line " + (yaml.getContextMark().getLine() + 1) + ")";
            return new PolicyFileError(file, yaml.getProblemMark().getLine() + 1, yaml.getProblemMark().getColumn() + 1, "",
                    "is not valid YAML: " + yaml.getProblem() + context);
        }
        JsonLocation at = e.getLocation() == null ? JsonLocation.NA : e.getLocation();
        String reason = encodingError(e).map(encoding -> "is not UTF-8 text: " + encoding.getMessage())
                .orElse("is not valid YAML: " + e.getOriginalMessage());
        return new PolicyFileError(file, Math.max(at.getLineNr(), 0), Math.max(at.getColumnNr(), 0), "", reason);
    }

    /** Bytes that are not UTF-8 surface as a CharConversionException, wrapped by SnakeYAML and then by Jackson. */
    private static Optional<CharConversionException> encodingError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharConversionException encoding) {
                return Optional.of(encoding);
            }
        }
        return Optional.empty();
    }
}
