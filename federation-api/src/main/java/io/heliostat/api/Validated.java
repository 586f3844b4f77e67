package io.heliostat.api;

import java.util.List;

/** A document that can say everything wrong with it. */
public interface Validated {

    /** Every error, with its field path; empty when the document is valid. */
    default List<FieldError> validate() {
        Validator validator = Validator.root();
        validate(validator);
        return validator.errors();
    }

    /** Adds this document's errors, with paths under {@code validator}'s. */
    void validate(Validator validator);
}
