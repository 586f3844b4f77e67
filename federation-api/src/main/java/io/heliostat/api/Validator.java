package io.heliostat.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Collects every {@link FieldError} of a document rather than stopping at the first, so that a client fixes its
 * request in one round. Paths nest: {@link #at(String)} and {@link #at(String, int)} give a validator for a
 * field or an element whose errors land in the same list.
 */
public final class Validator {

    /** Ids of nodes, clusters, workloads and tenants: what Kubernetes allows in a label value, and '.'. */
    /** {@link #ID} as text, for schema annotations. */
    public static final String ID_PATTERN = "^[A-Za-z0-9]([A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$";
    public static final Pattern ID = Pattern.compile(ID_PATTERN);
    /** A Kubernetes DNS label (RFC 1123): namespaces. */
    public static final String DNS_LABEL_PATTERN = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    public static final Pattern DNS_LABEL = Pattern.compile(DNS_LABEL_PATTERN);
    /** A Kubernetes DNS subdomain (RFC 1123): names of most objects. */
    public static final String DNS_SUBDOMAIN_PATTERN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
    public static final Pattern DNS_SUBDOMAIN = Pattern.compile(DNS_SUBDOMAIN_PATTERN);
    public static final String ID_RULE = "must be 1-128 letters, digits, '.', '_' or '-', starting and ending with a letter or digit";
    /**
     * What may name a workload's image or artifact: an OCI reference, a path or a URL. No blanks, quotes or shell
     * syntax, and no leading '-', so that a runtime command line cannot take it for an option.
     */
    public static final Pattern IMAGE = Pattern.compile("^[A-Za-z0-9./][A-Za-z0-9._/:@+=%?&~-]{0,511}$");
    public static final String IMAGE_RULE = "must be 1-512 letters, digits or ./_:@+=%?&~- not starting with '-'";

    private final String prefix;
    private final List<FieldError> errors;

    private Validator(String prefix, List<FieldError> errors) {
        this.prefix = prefix;
        this.errors = errors;
    }

    public static Validator root() {
        return new Validator("", new ArrayList<>());
    }

    public Validator at(String field) {
        return new Validator(path(field), errors);
    }

    public Validator at(String field, int index) {
        return new Validator(path(field) + "[" + index + "]", errors);
    }

    public Validator at(String field, String key) {
        return new Validator(path(field) + "." + key, errors);
    }

    public List<FieldError> errors() {
        return List.copyOf(errors);
    }

    public void reject(String field, String message) {
        errors.add(new FieldError(path(field), message));
    }

    /** False (and an error) when the value is absent. */
    public boolean required(String field, Object value) {
        boolean present = value != null && !(value instanceof String text && text.isBlank());
        if (!present) {
            reject(field, "is required");
        }
        return present;
    }

    public void id(String field, String value) {
        if (required(field, value) && !isId(value)) {
            reject(field, ID_RULE + ", was '" + value + "'");
        }
    }

    /**
     * Whether {@code value} matches {@link #ID}, checked character by character: every node report is checked, and
     * the regular expression took a tenth of the work of taking one in.
     */
    public static boolean isId(String value) {
        int length = value.length();
        if (length == 0 || length > 128 || !isAlphanumeric(value.charAt(0)) || !isAlphanumeric(value.charAt(length - 1))) {
            return false;
        }
        for (int i = 1; i < length - 1; i++) {
            char c = value.charAt(i);
            if (!isAlphanumeric(c) && c != '.' && c != '_' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlphanumeric(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** {@link #id} for a field that may be absent. */
    public void optionalId(String field, String value) {
        if (value != null) {
            id(field, value);
        }
    }

    /** An image to run, as {@link #IMAGE} allows; the value is quoted back, cut at 80 characters. */
    public void image(String field, String value) {
        if (required(field, value) && !IMAGE.matcher(value).matches()) {
            reject(field, IMAGE_RULE + ", was '" + (value.length() <= 80 ? value : value.substring(0, 80) + "...") + "'");
        }
    }

    /** Rejects a present value that {@code pattern} does not match, with {@code rule} and the value. */
    public void matches(String field, String value, Pattern pattern, String rule) {
        if (value != null && !pattern.matcher(value).matches()) {
            reject(field, rule + ", was '" + value + "'");
        }
    }

    public void range(String field, Number value, double min, double max) {
        if (value != null && (value.doubleValue() < min || value.doubleValue() > max || Double.isNaN(value.doubleValue()))) {
            reject(field, "must be between " + format(min) + " and " + format(max) + ", was " + value);
        }
    }

    /** For amounts that must be positive, such as a share or a threshold: {@code min < value <= max}. */
    public void rangeAbove(String field, Number value, double min, double max) {
        if (value != null && !(value.doubleValue() > min && value.doubleValue() <= max)) {
            reject(field, "must be more than " + format(min) + " and at most " + format(max) + ", was " + value);
        }
    }

    public void atLeast(String field, Number value, double min) {
        if (value != null && (value.doubleValue() < min || Double.isNaN(value.doubleValue()))) {
            reject(field, "must be >= " + format(min) + ", was " + value);
        }
    }

    public void oneOf(String field, String value, Collection<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            reject(field, "must be one of " + String.join(", ", allowed) + ", was '" + value + "'");
        }
    }

    public void ids(String field, Collection<String> values) {
        int index = 0;
        for (String value : values) {
            at(field, index++).id("", value);
        }
    }

    public void labels(String field, Map<String, String> labels) {
        labels.forEach((key, value) -> {
            if (key == null || key.isBlank() || key.length() > 317) {
                reject(field, "label keys must be 1-317 characters, was '" + key + "'");
            }
            if (value == null || value.length() > 63) {
                at(field, key).reject("", "label values must be at most 63 characters");
            }
        });
    }

    private String path(String field) {
        if (field.isEmpty()) {
            return prefix.isEmpty() ? "(body)" : prefix;
        }
        return prefix.isEmpty() ? field : prefix + "." + field;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
