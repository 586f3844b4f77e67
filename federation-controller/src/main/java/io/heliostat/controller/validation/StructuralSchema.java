package io.heliostat.controller.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;

import io.heliostat.controller.validation.ResourceError.Check;

/**
 * One node of a CRD's {@code openAPIV3Schema}, and the check the API server makes of a value against it. The schema
 * is structural, as Kubernetes requires: OpenAPI v3.0 where every node has a type, plus Kubernetes' extensions.
 * Read as the API server reads it:
 * <ul>
 *   <li>a field the schema does not name is an error, as {@code kubectl apply}'s strict field validation makes it,
 *   except under {@code x-kubernetes-preserve-unknown-fields};</li>
 *   <li>a field whose value is null is absent (the API server prunes it), so it is missing if required;</li>
 *   <li>{@code pattern} is RE2, as in Go, searched for rather than matched whole (our patterns are anchored);</li>
 *   <li>{@code exclusiveMinimum} is OpenAPI 3.0's boolean beside {@code minimum};</li>
 *   <li>the CEL rules of {@code x-kubernetes-validations} see {@code self} typed by the schema, as the API server
 *   compiles them, and run only where the value has the schema's shape (every type right, every required field
 *   there): the API server skips them otherwise, and they could only fail for the error already reported.</li>
 * </ul>
 * A keyword this class does not know stops the load: a CRD that grows one must not be checked in part unnoticed.
 */
final class StructuralSchema {

    private static final Set<String> KEYWORDS = Set.of("type", "description", "properties", "required", "items",
            "additionalProperties", "pattern", "minimum", "maximum", "exclusiveMinimum", "maxItems", "maxProperties", "maxLength",
            "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean");

    /** Identifiers CEL reserves: a property with such a name is {@code self.__namespace__} in a rule. */
    private static final Set<String> CEL_RESERVED = Set.of("true", "false", "null", "in", "as", "break", "const",
            "continue", "else", "for", "function", "if", "import", "let", "loop", "package", "namespace", "return",
            "var", "void", "while");
    private static final java.util.regex.Pattern CEL_ESCAPED = java.util.regex.Pattern.compile("__|[-./]|[^a-zA-Z0-9_]");

    private final String crd;
    private final String path;
    private final String type;
    private final Map<String, StructuralSchema> properties;
    private final List<String> required;
    private final StructuralSchema items;
    private final StructuralSchema additionalProperties;
    private final Pattern pattern;
    private final String patternText;
    private final BigDecimal minimum;
    private final boolean exclusiveMinimum;
    private final BigDecimal maximum;
    /** maxItems, maxProperties or maxLength, whichever this schema's type has; -1 for none. */
    private final long maxSize;
    private final boolean preservesUnknownFields;
    private final List<CelRule> rules;
    private CelType celType;

    private StructuralSchema(String crd, String path, JsonNode node) {
        this.crd = crd;
        this.path = path;
        node.fieldNames().forEachRemaining(keyword -> {
            if (!KEYWORDS.contains(keyword)) {
                throw broken("uses '" + keyword + "', which heliostat validate does not check; teach StructuralSchema it");
            }
        });
        this.preservesUnknownFields = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        this.type = node.has("type") ? node.get("type").asText() : null;
        if (type == null ? !preservesUnknownFields : !TYPES.contains(type)) {
            throw broken("has " + (type == null ? "no type" : "type '" + type + "'") + ", which a structural schema does not allow");
        }
        Map<String, StructuralSchema> fields = new LinkedHashMap<>();
        node.path("properties").fields().forEachRemaining(field ->
                fields.put(field.getKey(), new StructuralSchema(crd, join(path, field.getKey()), field.getValue())));
        this.properties = Collections.unmodifiableMap(fields);
        List<String> names = new ArrayList<>();
        node.path("required").forEach(name -> names.add(name.asText()));
        this.required = List.copyOf(names);
        this.items = node.has("items") ? new StructuralSchema(crd, path + "[*]", node.get("items")) : null;
        this.additionalProperties = node.has("additionalProperties")
                ? new StructuralSchema(crd, join(path, "*"), node.get("additionalProperties")) : null;
        this.patternText = node.has("pattern") ? node.get("pattern").asText() : null;
        try {
            this.pattern = patternText == null ? null : Pattern.compile(patternText);
        } catch (PatternSyntaxException e) {
            throw broken("has a pattern that is not RE2, which the API server would refuse too: " + e.getMessage());
        }
        this.minimum = node.has("minimum") ? node.get("minimum").decimalValue() : null;
        this.exclusiveMinimum = node.path("exclusiveMinimum").asBoolean(false);
        this.maximum = node.has("maximum") ? node.get("maximum").decimalValue() : null;
        this.maxSize = node.path("maxItems").asLong(node.path("maxProperties").asLong(node.path("maxLength").asLong(-1)));
        List<CelRule> compiled = new ArrayList<>();
        for (JsonNode rule : node.path("x-kubernetes-validations")) {
            compiled.add(CelRule.compile(crd, path, rule, celType(), celTypes()));
        }
        this.rules = List.copyOf(compiled);
    }

    /**
     * Reads the schema of the field at {@code path} of a resource of CRD {@code crd} (for messages about the CRD) and
     * compiles its CEL rules.
     *
     * @throws IllegalStateException when the schema uses a keyword not checked here, or a rule does not compile: a
     *                               bug in the CRD, or a gap here, never the user's mistake
     */
    static StructuralSchema read(String crd, String path, JsonNode node) {
        return new StructuralSchema(crd, path, node);
    }

    /** Every CEL rule here and below, by the path of the object it is on. */
    void collectRules(Map<String, List<CelRule>> into) {
        if (!rules.isEmpty()) {
            into.put(path, rules);
        }
        properties.values().forEach(schema -> schema.collectRules(into));
        if (items != null) {
            items.collectRules(into);
        }
        if (additionalProperties != null) {
            additionalProperties.collectRules(into);
        }
    }

    /**
     * Checks {@code value}, the field at {@code field} of a document, adding an error for each thing wrong.
     *
     * @return whether the value has the schema's shape (its types right and its required fields there), as its CEL
     * rules need
     */
    boolean check(JsonNode value, String field, List<ResourceError> errors) {
        if (!hasType(value)) {
            return wrongType(value, field, errors);
        }
        checkSize(value, field, errors);
        boolean shaped = switch (type == null ? "any" : type) {
            case "object" -> checkObject(value, field, errors);
            case "array" -> checkItems(value, field, errors);
            case "string" -> checkPattern(value.asText(), field, errors);
            case "integer", "number" -> checkRange(value, field, errors);
            default -> true; // a boolean, or x-kubernetes-preserve-unknown-fields without a type: checked by the controller
        };
        if (shaped && !rules.isEmpty()) {
            Object self = celValue(value);
            for (CelRule rule : rules) {
                rule.violation(field, self).ifPresent(errors::add);
            }
        } else if (!rules.isEmpty()) {
            errors.add(new ResourceError(field, "its CEL rules are not checked until the errors inside it are put right, as"
                    + " the API server does", Check.RULE));
        }
        return shaped;
    }

    private boolean hasType(JsonNode value) {
        return switch (type == null ? "any" : type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            // kubectl's YAML-to-JSON conversion writes 3.0 as 3
            case "integer" -> value.isIntegralNumber() || value.isFloatingPointNumber() && Double.isFinite(value.doubleValue())
                    && value.doubleValue() == Math.rint(value.doubleValue());
            // JSON has no infinity or NaN, so kubectl cannot send YAML's .inf or .nan
            case "number" -> value.isNumber() && Double.isFinite(value.doubleValue());
            case "boolean" -> value.isBoolean();
            default -> true;
        };
    }

    private boolean checkObject(JsonNode value, String field, List<ResourceError> errors) {
        boolean shaped = true;
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = fields.next();
            if (entry.getValue().isNull()) {
                continue; // pruned by the API server: absent
            }
            StructuralSchema schema = properties.getOrDefault(entry.getKey(), additionalProperties);
            String child = join(field, entry.getKey());
            if (schema != null) {
                shaped &= schema.check(entry.getValue(), child, errors);
            } else if (!preservesUnknownFields) {
                errors.add(new ResourceError(child, properties.isEmpty() ? "is not a field here; this mapping has none"
                        : "is not a field here; the fields are " + String.join(", ", new TreeSet<>(properties.keySet())),
                        Check.SCHEMA));
            }
        }
        for (String name : required) {
            if (value.path(name).isMissingNode() || value.path(name).isNull()) {
                errors.add(new ResourceError(join(field, name), "is required", Check.SCHEMA));
                shaped = false;
            }
        }
        return shaped;
    }

    private boolean checkItems(JsonNode value, String field, List<ResourceError> errors) {
        boolean shaped = true;
        for (int index = 0; index < value.size(); index++) {
            shaped &= items.check(value.get(index), field + "[" + index + "]", errors);
        }
        return shaped;
    }

    private void checkSize(JsonNode value, String field, List<ResourceError> errors) {
        long size = value.isTextual() ? value.asText().codePointCount(0, value.asText().length()) : value.size();
        if (maxSize >= 0 && (value.isContainerNode() || value.isTextual()) && size > maxSize) {
            String unit = value.isArray() ? " items" : value.isObject() ? " entries" : " characters";
            errors.add(new ResourceError(field, "must have at most " + maxSize + unit + ", had " + size, Check.SCHEMA));
        }
    }

    private boolean checkPattern(String text, String field, List<ResourceError> errors) {
        if (pattern != null && !pattern.matcher(text).find()) {
            errors.add(new ResourceError(field, "must match " + patternText + ", was '" + text + "'", Check.SCHEMA));
        }
        return true;
    }

    private boolean checkRange(JsonNode value, String field, List<ResourceError> errors) {
        BigDecimal number = value.decimalValue();
        if (minimum != null && (exclusiveMinimum ? number.compareTo(minimum) <= 0 : number.compareTo(minimum) < 0)) {
            errors.add(new ResourceError(field, "must be " + (exclusiveMinimum ? "more than " : "at least ")
                    + plain(minimum) + ", was " + plain(number), Check.SCHEMA));
        }
        if (maximum != null && number.compareTo(maximum) > 0) {
            errors.add(new ResourceError(field, "must be at most " + plain(maximum) + ", was " + plain(number), Check.SCHEMA));
        }
        return true;
    }

    private boolean wrongType(JsonNode value, String field, List<ResourceError> errors) {
        String expected = switch (type) {
            case "object" -> "a mapping";
            case "array" -> "a list";
            case "string" -> "text";
            case "integer" -> "a whole number";
            case "number" -> value.isNumber() ? "a finite number" : "a number";
            default -> "true or false";
        };
        String hint = type.equals("string") ? unquotedHint(value) : "";
        errors.add(new ResourceError(field, "must be " + expected + ", was " + describe(value) + hint, Check.SCHEMA));
        return false;
    }

    /** For a boolean or a number where text belongs: most likely a word or code YAML took for one (NO, on, 1e3). */
    static String unquotedHint(JsonNode value) {
        if (value.isBoolean() || value.isNumber()) {
            return " (unquoted, YAML reads it as " + (value.isBoolean() ? "a boolean" : "a number") + ", as kubectl does: quote it)";
        }
        return "";
    }

    private static String describe(JsonNode value) {
        if (value.isObject()) {
            return "a mapping";
        }
        if (value.isArray()) {
            return "a list";
        }
        if (value.isNull()) {
            return "empty";
        }
        return value.isTextual() ? "'" + value.asText() + "'" : value.asText();
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private IllegalStateException broken(String problem) {
        return new IllegalStateException("CRD " + crd + ": the schema of " + path + " " + problem);
    }

    // --- CEL: the types a rule's self has, and the values it sees ---

    /**
     * The CEL type of a value of this schema, as the API server declares it: an object with properties is a struct
     * of them (properties CEL cannot name left out), a map with string keys for additionalProperties, a list, a
     * scalar; anything for x-kubernetes-preserve-unknown-fields without a type.
     */
    private CelType celType() {
        if (celType == null) {
            celType = declareCelType();
        }
        return celType;
    }

    private CelType declareCelType() {
        if (type == null) {
            return SimpleType.DYN;
        }
        return switch (type) {
            case "object" -> additionalProperties != null ? MapType.create(SimpleType.STRING, additionalProperties.celType())
                    : StructType.create(structName(), ImmutableSet.copyOf(celFields().keySet()),
                    name -> Optional.ofNullable(celFields().get(name)).map(StructuralSchema::celType));
            case "array" -> ListType.create(items.celType());
            case "string" -> SimpleType.STRING;
            case "integer" -> SimpleType.INT;
            case "number" -> SimpleType.DOUBLE;
            default -> SimpleType.BOOL;
        };
    }

    /** The struct types of this schema and below, for the compiler to resolve field selections against. */
    private CelTypeProvider celTypes() {
        Map<String, CelType> structs = new HashMap<>();
        collectStructs(structs);
        ImmutableList<CelType> all = ImmutableList.copyOf(structs.values());
        return new CelTypeProvider() {
            @Override
            public ImmutableCollection<CelType> types() {
                return all;
            }

            @Override
            public Optional<CelType> findType(String name) {
                return Optional.ofNullable(structs.get(name));
            }
        };
    }

    private void collectStructs(Map<String, CelType> into) {
        if ("object".equals(type) && additionalProperties == null) {
            into.put(structName(), celType());
        }
        properties.values().forEach(schema -> schema.collectStructs(into));
        if (items != null) {
            items.collectStructs(into);
        }
        if (additionalProperties != null) {
            additionalProperties.collectStructs(into);
        }
    }

    private String structName() {
        return crd + "." + path.replace("[*]", ".items").replace("*", "additionalProperties");
    }

    /** The properties by the names a rule uses for them. */
    private Map<String, StructuralSchema> celFields() {
        Map<String, StructuralSchema> fields = new LinkedHashMap<>();
        properties.forEach((name, schema) -> celName(name).ifPresent(escaped -> fields.put(escaped, schema)));
        return fields;
    }

    /** The value as a rule sees it: typed by the schema, with pruned fields left out. For a value that {@link #check} found shaped. */
    private Object celValue(JsonNode value) {
        if (type == null) {
            return untyped(value);
        }
        return switch (type) {
            case "object" -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                value.fields().forEachRemaining(entry -> {
                    if (entry.getValue().isNull()) {
                        return;
                    }
                    if (additionalProperties != null) {
                        fields.put(entry.getKey(), additionalProperties.celValue(entry.getValue()));
                    } else if (properties.containsKey(entry.getKey())) {
                        celName(entry.getKey()).ifPresent(name ->
                                fields.put(name, properties.get(entry.getKey()).celValue(entry.getValue())));
                    }
                });
                yield fields;
            }
            case "array" -> {
                List<Object> list = new ArrayList<>();
                value.forEach(item -> list.add(items.celValue(item)));
                yield list;
            }
            case "string" -> value.asText();
            case "integer" -> value.longValue();
            case "number" -> value.doubleValue();
            default -> value.booleanValue();
        };
    }

    private static Object untyped(JsonNode value) {
        if (value.isObject()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            value.fields().forEachRemaining(entry -> fields.put(entry.getKey(), untyped(entry.getValue())));
            return fields;
        }
        if (value.isArray()) {
            List<Object> list = new ArrayList<>();
            value.forEach(item -> list.add(untyped(item)));
            return list;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        return value.isNull() ? dev.cel.common.values.NullValue.NULL_VALUE : value.asText();
    }

    /**
     * The name a CEL rule uses for a property, as the API server escapes it: {@code __namespace__} for a reserved
     * word, {@code __dash__}, {@code __dot__}, {@code __slash__} and {@code __underscores__} for '-', '.', '/' and
     * "__"; empty for a property no rule can name (one starting with a digit, or with other characters).
     */
    static Optional<String> celName(String property) {
        if (property.isEmpty() || Character.isDigit(property.charAt(0))) {
            return Optional.empty();
        }
        if (CEL_RESERVED.contains(property)) {
            return Optional.of("__" + property + "__");
        }
        StringBuilder escaped = new StringBuilder();
        Matcher matcher = CEL_ESCAPED.matcher(property);
        while (matcher.find()) {
            String replacement = switch (matcher.group()) {
                case "__" -> "__underscores__";
                case "." -> "__dot__";
                case "-" -> "__dash__";
                case "/" -> "__slash__";
                default -> null;
            };
            if (replacement == null) {
                return Optional.empty();
            }
            matcher.appendReplacement(escaped, replacement);
        }
        matcher.appendTail(escaped);
        return Optional.of(escaped.toString());
    }
}
