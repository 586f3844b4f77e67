package io.heliostat.solver.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * One of the JSON Schemas (draft 2020-12) of the placement files, and the translation of its validation
 * messages into {@link FileError}s that name the field and what is allowed there.
 */
final class FileSchema {

    static final FileSchema PROBLEM = load("placement-problem.schema.json");
    static final FileSchema PLAN = load("placement-plan.schema.json");
    /**
     * A controller's fleet file when its clusters are a hub's member clusters: a problem file whose clusters and nodes
     * may be left out, leaving the grid zones, the user locations, the horizon and the policy.
     */
    static final FileSchema HUB_FLEET = PROBLEM.withOptionalLists("clusters", "nodes");

    /** Where the schemas live on the class path (and in the source tree, for editors and docs). */
    static final String RESOURCE_FOLDER = "/io/heliostat/solver/schema/";

    private final String name;
    private final JsonNode schemaNode;
    private final JsonSchema schema;

    private FileSchema(String name, JsonNode schemaNode, JsonSchema schema) {
        this.name = name;
        this.schemaNode = schemaNode;
        this.schema = schema;
    }

    private static FileSchema load(String name) {
        try (InputStream in = FileSchema.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
            if (in == null) {
                throw new IllegalStateException("schema " + name + " is missing from the class path");
            }
            return compile(name, new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + name, e);
        }
    }

    private static FileSchema compile(String name, JsonNode node) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .pathType(PathType.JSON_PATH)
                // "message" in the schema gives a rule a sentence a user understands (a quantity's pattern).
                .errorMessageKeyword("message")
                .formatAssertionsEnabled(true)
                .build();
        return new FileSchema(name, node, JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node, config));
    }

    /** This schema with the top-level lists {@code fields} neither required nor bound to hold an element. */
    private FileSchema withOptionalLists(String... fields) {
        ObjectNode copy = schemaNode.deepCopy();
        Set<String> optional = Set.of(fields);
        ArrayNode required = copy.putArray("required");
        schemaNode.path("required").forEach(field -> {
            if (!optional.contains(field.asText())) {
                required.add(field);
            }
        });
        for (String field : fields) {
            ((ObjectNode) copy.path("properties").path(field)).remove("minItems");
        }
        return compile(name, copy);
    }

    String name() {
        return name;
    }

    JsonNode schemaNode() {
        return schemaNode;
    }

    void validate(JsonNode document, ErrorCollector errors) {
        Set<ValidationMessage> messages = schema.validate(document);
        for (ValidationMessage message : messages) {
            if (explainedByParent(message)) {
                continue;
            }
            JsonPath path = pathOf(message.getInstanceLocation());
            String property = message.getProperty();
            switch (message.getType()) {
                case "required" -> errors.add(path.field(property), "is required");
                case "additionalProperties" -> errors.add(path.field(property),
                        "is not a field here; allowed: " + String.join(", ", allowedFields(message)));
                case "enum" -> errors.add(path, "must be one of " + message.getSchemaNode() + ", was " + message.getInstanceNode());
                case "const" -> errors.add(path, "must be " + message.getSchemaNode() + ", was " + message.getInstanceNode());
                case "type" -> errors.add(path, "must be " + expectedType(message) + ", was " + message.getInstanceNode());
                default -> errors.add(path, message.getError() + wasValue(message));
            }
        }
    }

    /**
     * The branches of a oneOf report why each did not match ("required property 'trace' not found"),
     * which only repeats the oneOf's own message in a confusing way; keep the oneOf's.
     */
    private static boolean explainedByParent(ValidationMessage message) {
        JsonNodePath evaluation = message.getEvaluationPath();
        for (int i = 0; i < evaluation.getNameCount() - 1; i++) {
            Object element = evaluation.getElement(i);
            if ("oneOf".equals(element) || "anyOf".equals(element)) {
                return true;
            }
        }
        return false;
    }

    static JsonPath pathOf(JsonNodePath location) {
        JsonPath path = JsonPath.ROOT;
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer index ? path.index(index) : path.field(String.valueOf(element));
        }
        return path;
    }

    /** The fields the object's schema declares, found from where the additionalProperties rule sits. */
    private List<String> allowedFields(ValidationMessage message) {
        String fragment = message.getSchemaLocation().getFragment().toString();
        // The fragment is a JSON pointer to the rule, such as /$defs/zone/additionalProperties.
        String objectPointer = fragment.substring(0, Math.max(0, fragment.lastIndexOf('/')));
        JsonNode properties = schemaNode.at(objectPointer).path("properties");
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        names.remove("$schema");
        return names;
    }

    private static String expectedType(ValidationMessage message) {
        JsonNode type = message.getSchemaNode();
        if (type.isArray()) {
            List<String> names = new ArrayList<>();
            type.forEach(t -> names.add(article(t.asText())));
            return String.join(" or ", names);
        }
        return article(type.asText());
    }

    private static String article(String type) {
        return switch (type) {
            case "object", "array", "integer" -> "an " + type;
            default -> "a " + type;
        };
    }

    private static String wasValue(ValidationMessage message) {
        JsonNode instance = message.getInstanceNode();
        return instance != null && instance.isValueNode() ? ", was " + instance : "";
    }
}
