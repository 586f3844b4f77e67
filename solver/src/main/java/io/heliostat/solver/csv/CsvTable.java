package io.heliostat.solver.csv;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CSV file read whole: its header and its rows, each row knowing its line number so that every
 * error can name the file, the line and the column. Understands RFC 4180 quoting within a line
 * (the data files quote fields that hold commas, such as SPECpower's system names); fields never
 * span lines in the files this project reads.
 */
public final class CsvTable {

    private final String source;
    private final List<String> header;
    private final List<Row> rows;

    private CsvTable(String source, List<String> header, List<Row> rows) {
        this.source = source;
        this.header = List.copyOf(header);
        this.rows = List.copyOf(rows);
    }

    /**
     * One data row.
     *
     * @param source the file or resource the row was read from, for error messages
     * @param header the table's column names, for error messages
     * @param line the 1-based line number in the file, for error messages
     */
    public record Row(String source, List<String> header, int line, List<String> fields) {

        public Row {
            Objects.requireNonNull(source, "source");
            header = List.copyOf(header);
            fields = List.copyOf(fields);
        }

        /** The field in {@code column}, empty when the row is shorter than the header. */
        public String get(int column) {
            return column < fields.size() ? fields.get(column) : "";
        }

        /** The field in {@code column} as a finite number; fails naming the file, line and column. */
        public double number(int column) {
            String text = get(column).trim();
            try {
                double value = Double.parseDouble(text);
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    throw new NumberFormatException();
                }
                return value;
            } catch (NumberFormatException e) {
                throw error("column '" + header.get(column) + "' should be a number but is '" + text + "'");
            }
        }

        /** The field in {@code column} as a whole number; fails naming the file, line and column. */
        public int integer(int column) {
            String text = get(column).trim();
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw error("column '" + header.get(column) + "' should be a whole number but is '" + text + "'");
            }
        }

        /** An error about this row, worded "source line N: message". */
        public IllegalArgumentException error(String message) {
            return new IllegalArgumentException(source + " line " + line + ": " + message);
        }
    }

    /** Reads a file; {@code source} in messages is the path as given. */
    public static CsvTable fromFile(Path path) {
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(path.toString(), reader);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CSV file " + path + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV file " + path, e);
        }
    }

    /** Reads a classpath resource by its absolute name, such as {@code io/heliostat/solver/traces/em-ES-2022-hourly.csv}. */
    public static CsvTable fromResource(String resourceName) {
        String name = resourceName.startsWith("/") ? resourceName.substring(1) : resourceName;
        InputStream in = CsvTable.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalArgumentException("CSV resource " + name + " is not on the classpath");
        }
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return read(name, reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read CSV resource " + name, e);
        }
    }

    /** Reads CSV text; {@code source} names it in error messages. Blank lines are skipped. */
    public static CsvTable read(String source, Reader reader) throws IOException {
        Objects.requireNonNull(source, "source");
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        String headerLine = lines.readLine();
        if (headerLine == null) {
            throw new IllegalArgumentException(source + " is empty: a CSV file needs a header line");
        }
        if (headerLine.startsWith("\uFEFF")) {
            headerLine = headerLine.substring(1);
        }
        List<String> header = split(source, 1, headerLine).stream().map(String::trim).toList();
        List<Row> rows = new ArrayList<>();
        int lineNumber = 1;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (!line.isBlank()) {
                rows.add(new Row(source, header, lineNumber, split(source, lineNumber, line)));
            }
        }
        return new CsvTable(source, header, rows);
    }

    private static List<String> split(String source, int lineNumber, String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(source + " line " + lineNumber + ": a quoted field is not closed");
        }
        fields.add(field.toString());
        return fields;
    }

    /** Where the table was read from, as given: a file path or a resource name. */
    public String source() {
        return source;
    }

    public List<String> header() {
        return header;
    }

    public List<Row> rows() {
        return rows;
    }

    public boolean hasColumn(String name) {
        return header.contains(name);
    }

    /** The index of the column named {@code name}; fails naming the file and the columns it has. */
    public int column(String name) {
        int index = header.indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException(source + " has no column '" + name + "'; its columns are " + header);
        }
        return index;
    }
}
