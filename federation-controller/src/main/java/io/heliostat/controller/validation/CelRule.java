package io.heliostat.controller.validation;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * One rule of a CRD's {@code x-kubernetes-validations}, compiled with Google's cel-java as the API server compiles it
 * with cel-go: {@code self} declared with the type the schema gives the object the rule is on, the standard macros
 * ({@code has}, {@code all}, {@code exists}, ...), a bool result.
 */
final class CelRule {

    private static final CelOptions OPTIONS = CelOptions.current().build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    private static final Set<String> KEYS = Set.of("rule", "message");

    /** A field of self that a rule reads: {@code self.maxWatts}, {@code has(self.residency)}. */
    private static final Pattern SELF_FIELD = Pattern.compile("\\bself\\.([A-Za-z_][A-Za-z0-9_]*)");

    private final String rule;
    private final String message;
    private final Set<String> reads;
    private final CelRuntime.Program program;

    private CelRule(String rule, String message, CelRuntime.Program program) {
        this.rule = rule;
        this.message = message;
        this.reads = SELF_FIELD.matcher(rule).results().map(field -> field.group(1)).collect(Collectors.toUnmodifiableSet());
        this.program = program;
    }

    /**
     * Compiles the rule {@code entry} of CRD {@code crd}, on the object at {@code path} whose type is {@code self}.
     *
     * @throws IllegalStateException when it does not compile, which the API server would refuse too: a bug in the CRD
     */
    static CelRule compile(String crd, String path, JsonNode entry, CelType self, CelTypeProvider types) {
        entry.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new IllegalStateException("CRD " + crd + ": a rule at " + path + " uses '" + key
                        + "', which heliostat validate does not evaluate; teach CelRule it");
            }
        });
        String rule = entry.path("rule").asText();
        try {
            CelAbstractSyntaxTree ast = CelCompilerFactory.standardCelCompilerBuilder()
                    .setOptions(OPTIONS)
                    .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                    .setTypeProvider(types)
                    .addVar("self", self)
                    .setResultType(SimpleType.BOOL)
                    .build()
                    .compile(rule)
                    .getAst();
            String message = entry.has("message") ? entry.get("message").asText() : "failed rule: " + rule;
            return new CelRule(rule, message, RUNTIME.createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            throw new IllegalStateException("CRD " + crd + ": the rule at " + path + " does not compile, and the API server"
                    + " would refuse the CRD: " + rule + System.lineSeparator() + e.getMessage(), e);
        }
    }

    /** What an error says when the rule is broken. */
    String message() {
        return message;
    }

    /**
     * The error at {@code field} when {@code self}, the value there, breaks the rule: its message, or why it could
     * not be evaluated on {@code self}.
     */
    Optional<ResourceError> violation(String field, Object self) {
        String problem;
        try {
            if (Boolean.TRUE.equals(program.eval(Map.of("self", self)))) {
                return Optional.empty();
            }
            problem = message;
        } catch (CelEvaluationException e) {
            problem = "rule " + rule + " cannot be evaluated here: " + e.getMessage();
        }
        return Optional.of(new ResourceError(field, problem, ResourceError.Check.RULE, reads));
    }
}
