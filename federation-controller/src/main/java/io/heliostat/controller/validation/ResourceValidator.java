package io.heliostat.controller.validation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;
import io.heliostat.api.federation.Conditions;
import io.heliostat.api.federation.FederatedWorkloadSpec;
import io.heliostat.api.federation.MemberClusterSpec;
import io.heliostat.controller.policy.BindingProblems;
import io.heliostat.controller.policy.PolicyDocuments;
import io.heliostat.controller.policy.PolicyFileError;
import io.heliostat.controller.policy.YamlDocument;
import io.heliostat.controller.validation.ResourceError.Check;

/**
 * Checks the Heliostat resources of a YAML file offline, each of them three ways, every error reported:
 * <ol>
 *   <li>against its CRD's schema and the object metadata rules, as the API server applies them;</li>
 *   <li>against every CEL rule of its CRD, at its place;</li>
 *   <li>by the controller's own validation: a {@code PlacementPolicy} as the policy directory reads it
 *   ({@link PolicyDocuments}), the spec of the other kinds bound as the controller binds it and validated.</li>
 * </ol>
 * An error that only restates an earlier one at the same field is left out ({@link ResourceError#restates}). Other
 * documents (a Deployment, a kustomization.yaml) are counted and left alone; a document of group heliostat.io with a
 * version or kind the group does not have is an error, not another document.
 */
public final class ResourceValidator {

    /** As the policy directory reads: an unknown field or 2.5 replicas is an error, not ignored or cut. */
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .build();
    /** The fields of a resource: those the API server adds to every kind, and those of the CRD's schema. */
    private static final Set<String> TOP_LEVEL_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");

    private final Map<CustomResourceKind, ResourceDefinition> definitions;

    private ResourceValidator(Map<CustomResourceKind, ResourceDefinition> definitions) {
        this.definitions = definitions;
    }

    /**
     * A validator for the CRDs on the class path.
     *
     * @throws IllegalStateException when a CRD is missing or cannot be checked, such as for a CEL rule that does not
     *                               compile: a bug in the CRDs, reported before any file is read
     */
    public static ResourceValidator fromClassPath() {
        Map<CustomResourceKind, ResourceDefinition> definitions = new EnumMap<>(CustomResourceKind.class);
        for (CustomResourceKind kind : CustomResourceKind.values()) {
            definitions.put(kind, ResourceDefinition.load(kind));
        }
        return new ResourceValidator(definitions);
    }

    /** The CRD of each kind, as read. */
    Map<CustomResourceKind, ResourceDefinition> definitions() {
        return definitions;
    }

    /** Reads {@code file} and checks each Heliostat resource in it. */
    public FileReport check(Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            return FileReport.unreadable(file, new Problem(file, 0, "", "", "cannot be read: " + e));
        }
        FileReport.Builder report = new FileReport.Builder(file);
        Map<String, Integer> defined = new HashMap<>();
        try (JsonParser parser = YAML.createParser(content)) {
            while (parser.nextToken() != null) {
                YamlDocument document = YamlDocument.read(parser);
                if (!document.isEmpty()) {
                    checkDocument(file, document, defined, report);
                }
            }
        } catch (JsonProcessingException e) {
            PolicyFileError error = PolicyDocuments.syntaxError(file, e);
            report.notYaml(new Problem(file, error.line(), "", "", error.reason()));
        } catch (IOException e) {
            throw new UncheckedIOException("reading YAML from memory", e);
        }
        return report.build();
    }

    private void checkDocument(Path file, YamlDocument document, Map<String, Integer> defined, FileReport.Builder report)
            throws IOException {
        JsonNode tree;
        List<ResourceError> unsendable = new ArrayList<>();
        try (JsonParser tokens = document.tokens()) {
            tokens.nextToken();
            tree = tree(tokens, "", unsendable);
        }
        String apiVersion = tree.path("apiVersion").asText("");
        if (!apiVersion.startsWith(Conditions.GROUP + "/")) {
            report.otherDocument();
            return;
        }
        String kindName = tree.path("kind").asText("");
        String name = tree.at("/metadata/name").isTextual() ? tree.at("/metadata/name").asText() : "(no name)";
        List<ResourceError> errors = new ArrayList<>();
        Optional<CustomResourceKind> kind = CustomResourceKind.of(kindName);
        if (!apiVersion.equals(CustomResourceKind.API_VERSION)) {
            errors.add(new ResourceError("apiVersion", "must be " + CustomResourceKind.API_VERSION + ", the one version "
                    + Conditions.GROUP + " serves, was '" + apiVersion + "'", Check.SCHEMA));
        } else if (kind.isEmpty()) {
            errors.add(new ResourceError("kind", "must be one of PlacementPolicy, MemberCluster or FederatedWorkload, was '"
                    + kindName + "'", Check.SCHEMA));
        } else {
            errors.addAll(check(file, document, tree, definitions.get(kind.get()), unsendable));
            String key = kindName + "/" + tree.at("/metadata/namespace").asText("") + "/" + name;
            Integer earlier = defined.putIfAbsent(key, document.locate("metadata.name").getLineNr());
            if (earlier != null) {
                errors.add(new ResourceError("metadata.name", kindName + " '" + name + "' is already defined on line " + earlier
                        + " of this file; give each its own name", Check.SCHEMA));
            }
        }
        List<Problem> problems = errors.stream()
                .map(error -> new Problem(file, document.locate(error.field()).getLineNr(), kindName + "/" + name,
                        error.field(), error.message()))
                .sorted(Comparator.comparingInt(Problem::line))
                .toList();
        report.resource(problems);
    }

    /**
     * The document as a tree, the token the parser is on first. YAML's {@code .inf} and {@code .nan}, which JSON has no
     * way to write and kubectl therefore cannot send, are errors, and absent from the tree.
     */
    private static JsonNode tree(JsonParser tokens, String path, List<ResourceError> unsendable) throws IOException {
        switch (tokens.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = YAML.createObjectNode();
                while (tokens.nextToken() == JsonToken.FIELD_NAME) {
                    String name = tokens.currentName();
                    tokens.nextToken();
                    object.set(name, tree(tokens, path.isEmpty() ? name : path + "." + name, unsendable));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = YAML.createArrayNode();
                for (int index = 0; tokens.nextToken() != JsonToken.END_ARRAY; index++) {
                    array.add(tree(tokens, path + "[" + index + "]", unsendable));
                }
                return array;
            }
            case VALUE_NUMBER_FLOAT -> {
                try {
                    return DoubleNode.valueOf(tokens.getDoubleValue());
                } catch (NumberFormatException e) {
                    unsendable.add(new ResourceError(path, "must be a finite number, was " + tokens.getText()
                            + ", which JSON, and so kubectl, cannot carry", Check.SCHEMA));
                    return NullNode.getInstance();
                }
            }
            default -> {
                return YAML.readTree(tokens);
            }
        }
    }

    /** Every error of one resource of a known kind, restatements left out, in the order the checks found them. */
    private List<ResourceError> check(Path file, YamlDocument document, JsonNode tree, ResourceDefinition definition,
                                      List<ResourceError> unsendable) throws IOException {
        List<ResourceError> found = new ArrayList<>(unsendable);
        document.duplicates().forEach(duplicate -> found.add(new ResourceError(duplicate.field(), duplicate.message(), Check.SCHEMA)));
        ObjectMetadata.check(tree.path("metadata"), definition, found);
        tree.fieldNames().forEachRemaining(field -> {
            if (!TOP_LEVEL_FIELDS.contains(field)) {
                found.add(new ResourceError(field, "is not a field here; the fields are apiVersion, kind, metadata, spec"
                        + " and status", Check.SCHEMA));
            }
        });
        JsonNode spec = tree.path("spec");
        if (!spec.isMissingNode() && !spec.isNull()) {
            definition.spec().check(spec, "spec", found);
        }
        if (definition.kind() == CustomResourceKind.PLACEMENT_POLICY) {
            PolicyDocuments.check(file, document).forEach(error ->
                    found.add(new ResourceError(error.field(), error.reason(), Check.CONTROLLER)));
        } else {
            found.addAll(controllerErrors(spec, definition.kind() == CustomResourceKind.MEMBER_CLUSTER
                    ? MemberClusterSpec.class : FederatedWorkloadSpec.class));
        }
        List<ResourceError> reported = new ArrayList<>();
        for (ResourceError error : found) {
            if (reported.stream().noneMatch(error::restates)) {
                reported.add(error);
            }
        }
        return reported;
    }

    /** The spec bound as the controller binds it, strictly, and its own validation's errors. */
    private static List<ResourceError> controllerErrors(JsonNode spec, Class<? extends Validated> type) throws IOException {
        List<ResourceError> errors = new ArrayList<>();
        if (spec.isMissingNode() || spec.isNull()) {
            errors.add(new ResourceError("spec", "is required", Check.CONTROLLER));
            return errors;
        }
        BindingProblems problems = new BindingProblems();
        Validated bound = null;
        try (JsonParser tokens = YAML.treeAsTokens(spec)) {
            bound = YAML.readerFor(type).withHandler(problems).readValue(tokens);
        } catch (JsonMappingException e) {
            problems.failed(e);
        }
        problems.errors().forEach(error -> errors.add(new ResourceError(
                error.field().isEmpty() ? "spec" : "spec." + error.field(), error.message(), Check.CONTROLLER)));
        if (bound != null) {
            Validator root = Validator.root();
            bound.validate(root.at("spec"));
            root.errors().forEach(error -> errors.add(new ResourceError(error.field(), error.message(), Check.CONTROLLER)));
        }
        return errors;
    }
}
