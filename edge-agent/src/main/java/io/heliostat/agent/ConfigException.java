package io.heliostat.agent;

import java.util.List;

/** The configuration cannot run an agent: each problem names its key, where the value came from and what is allowed. */
public final class ConfigException extends Exception {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
