package io.heliostat.api.placement;

import java.util.List;

import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

import io.heliostat.api.Validated;
import io.heliostat.api.Validator;
import io.heliostat.api.node.NodeTaint;

/** Tolerates taints as in Kubernetes: {@code operator} Equal (key and value match) or Exists (key matches). */
@ValidationRule(value = "!has(self.operator) || self.operator != 'Exists' || !has(self.value) || self.value == ''",
        message = "value must be empty when operator is Exists")
@ValidationRule(value = "(has(self.operator) && self.operator == 'Exists') || (has(self.key) && self.key != '')",
        message = "key is required unless operator is Exists")
public record TolerationSpec(@Size(max = 317) String key, @Pattern("^(Equal|Exists)$") String operator, @Size(max = 63) String value,
                             @Pattern("^(NoSchedule|PreferNoSchedule|NoExecute)$") String effect) implements Validated {

    public static final List<String> OPERATORS = List.of("Equal", "Exists");

    @Override
    public void validate(Validator validator) {
        validator.oneOf("operator", operator, OPERATORS);
        validator.oneOf("effect", effect, NodeTaint.EFFECTS);
        if ("Exists".equals(operator) && value != null && !value.isEmpty()) {
            validator.reject("value", "must be empty when operator is Exists");
        }
        if ((key == null || key.isEmpty()) && !"Exists".equals(operator)) {
            validator.reject("key", "is required unless operator is Exists");
        }
    }
}
