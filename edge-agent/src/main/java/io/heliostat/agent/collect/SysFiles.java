package io.heliostat.agent.collect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading procfs and sysfs files, where a missing or unreadable file is an ordinary answer. */
final class SysFiles {

    private SysFiles() {
    }

    /** The file's text, trimmed. */
    static String read(Path file) throws Unavailable {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            throw new Unavailable("no " + file);
        } catch (AccessDeniedException e) {
            throw new Unavailable(file + " is not readable by this user");
        } catch (IOException e) {
            throw new Unavailable(file + " cannot be read: " + e.getMessage());
        }
    }

    /** The file's text, trimmed; empty when it is missing or unreadable. */
    static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(read(file));
        } catch (Unavailable e) {
            return Optional.empty();
        }
    }

    static long readLong(Path file) throws Unavailable {
        String text = read(file);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Unavailable(file + " does not hold a whole number: '" + abbreviate(text) + "'");
        }
    }

    /** Hexadecimal as sysfs writes it ({@code 0x15b3}), without the prefix and in lower case. */
    static Optional<String> readHex(Path file) {
        return readIfPresent(file).map(text -> text.startsWith("0x") ? text.substring(2) : text)
                .filter(text -> text.matches("[0-9a-fA-F]+")).map(String::toLowerCase);
    }

    /** The entries of a directory whose names match a glob, sorted; none when the directory is missing. */
    static List<Path> list(Path directory, String glob) {
        List<Path> entries = new ArrayList<>();
        // "*" needs no matcher; a glob is compiled to a regular expression on every call.
        try (DirectoryStream<Path> stream = glob.equals("*") ? Files.newDirectoryStream(directory) : Files.newDirectoryStream(directory, glob)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            return List.of();
        }
        entries.sort(null);
        return entries;
    }

    static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
