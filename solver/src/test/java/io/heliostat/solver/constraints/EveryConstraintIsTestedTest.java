package io.heliostat.solver.constraints;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every constraint name in {@link PlacementConstraints} is the {@link DisplayName} of a test class (or
 * nested class) in this package, so a new constraint cannot arrive without its tests.
 */
class EveryConstraintIsTestedTest {

    @Test
    void everyConstraintHasATestClassNamedAfterIt() throws IOException, URISyntaxException {
        Set<String> constraints = Arrays.stream(PlacementConstraints.class.getFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
                .map(EveryConstraintIsTestedTest::value)
                .collect(Collectors.toSet());

        assertThat(testedConstraints()).containsAll(constraints);
    }

    private static Set<String> testedConstraints() throws IOException, URISyntaxException {
        Path testClasses = Path.of(EveryConstraintIsTestedTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        String packageName = EveryConstraintIsTestedTest.class.getPackageName();
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.list(testClasses.resolve(packageName.replace('.', '/')))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String simpleName = file.getFileName().toString().replace(".class", "");
                DisplayName displayName = load(packageName + "." + simpleName).getAnnotation(DisplayName.class);
                if (displayName != null) {
                    names.add(displayName.value());
                }
            }
        }
        return names;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, EveryConstraintIsTestedTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String value(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
