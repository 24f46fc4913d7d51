package studio.batch.csv;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import studio.common.error.Problem;
import studio.common.error.ProblemException;

/**
 * A product CSV turned into template rows (Apache Commons CSV): UTF-8 with or without a BOM, quoted
 * fields with commas and line breaks, CRLF, and {@code ,}, {@code ;} or tab as the delimiter (the
 * one the header line uses most, unless given). The header names the columns; a mapping says which
 * column fills which template variable (by default a column fills the variable of its name,
 * lower-cased, spaces as underscores). Every problem is reported with its line and column.
 */
public final class CsvRows {

    /** The parsed file: the columns, the mapping used, one row of variables per record, each record's line, the problems. */
    public record Parsed(List<String> columns, Map<String, String> mapping, List<String> ignoredColumns,
            List<Map<String, String>> rows, List<Long> lines, List<Problem.FieldError> problems) {
    }

    private static final List<Character> DELIMITERS = List.of(',', ';', '\t');
    /** The most columns a file may have: a product has a few dozen fields at most. */
    public static final int MAX_COLUMNS = 200;
    /** The longest cell, in characters: a variable's value, not a document. */
    public static final int MAX_CELL = 10_000;

    private CsvRows() {
    }

    /**
     * Parses {@code content}; refuses (400) what is not a UTF-8 text CSV at all, a file over
     * {@code maxRows} records, and a mapping naming a column the file does not have. Cell problems
     * (a formula-looking value) are listed in {@link Parsed#problems()}.
     */
    public static Parsed parse(byte[] content, Character delimiter, Map<String, String> mapping, int maxRows) {
        String text = decode(content);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.isBlank()) {
            throw refuse("file", "the file is empty");
        }
        char chosen = delimiter != null ? delimiter : guessDelimiter(text);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(chosen).setHeader().setSkipHeaderRecord(true)
                .setIgnoreEmptyLines(true).setTrim(true).setAllowMissingColumnNames(false).setDuplicateHeaderMode(
                        org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL).get();
        CSVParser parser = null;
        try {
            parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(format).get();
            List<String> columns = parser.getHeaderNames();
            if (columns.size() > MAX_COLUMNS) {
                throw ProblemException.invalid("The file cannot be imported: its header names " + columns.size() + " columns.",
                        List.of(new Problem.FieldError("file", "at most " + MAX_COLUMNS + " columns are taken; remove the columns the"
                                + " template does not use", 1, null)));
            }
            refuseRepeatedColumns(columns);
            Map<String, String> used = mapping(columns, mapping);
            refuseColumnsSharingAVariable(used);
            List<String> ignored = columns.stream().filter(c -> !used.containsKey(c)).toList();
            List<Map<String, String>> rows = new ArrayList<>();
            List<Long> lines = new ArrayList<>();
            List<Problem.FieldError> problems = new ArrayList<>();
            for (CSVRecord record : parser) {
                if (rows.size() == maxRows) {
                    throw new ProblemException(413, "too-many-rows", "Too many rows", "The file has more than " + maxRows
                            + " rows; split it into several batches.", List.of(new Problem.FieldError("file",
                                    "more than " + maxRows + " rows", (int) record.getParser().getCurrentLineNumber(), null)));
                }
                long line = record.getParser().getCurrentLineNumber();
                for (int i = 0; i < record.size(); i++) {
                    if (record.get(i).length() > MAX_CELL) {
                        problems.add(new Problem.FieldError("rows[" + rows.size() + "]", "a cell has " + record.get(i).length()
                                + " characters; at most " + MAX_CELL + " are taken", (int) line, i < columns.size() ? columns.get(i) : null));
                    }
                }
                if (record.size() > columns.size()) {
                    problems.add(new Problem.FieldError("rows[" + rows.size() + "]", "this line has " + record.size()
                            + " cells but the header names " + columns.size() + " columns; quote a cell that holds the delimiter",
                            (int) line, null));
                }
                Map<String, String> row = new LinkedHashMap<>();
                used.forEach((column, variable) -> {
                    String value = record.isMapped(column) && record.isSet(column) ? record.get(column) : "";
                    if (looksLikeFormula(value)) {
                        problems.add(new Problem.FieldError("rows[" + rows.size() + "]." + variable,
                                "starts with " + value.charAt(0) + ", like a spreadsheet formula; remove it or put a space or quote before it",
                                (int) line, column));
                    }
                    if (!value.isEmpty()) {
                        row.put(variable, value);
                    }
                });
                rows.add(row);
                lines.add(line);
            }
            if (rows.isEmpty()) {
                throw refuse("file", "the file has a header but no rows");
            }
            return new Parsed(columns, used, ignored, rows, lines, problems);
        } catch (UncheckedIOException | IOException e) {
            // commons-csv reports a quote that is never closed as an I/O error while it reads on
            long line = parser == null ? 1 : parser.getCurrentLineNumber();
            throw ProblemException.invalid("The file cannot be imported: a quoted cell is never closed.", List.of(
                    new Problem.FieldError("file", "a quote opens a cell that is never closed; close it, or double a quote inside a cell (\"\")",
                            (int) Math.max(1, line), null)));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw refuse("file", "not a readable CSV: " + e.getMessage());
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // a StringReader: nothing to release
                }
            }
        }
    }

    /** A header naming one column twice cannot say which cell is which. */
    private static void refuseRepeatedColumns(List<String> columns) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Problem.FieldError> problems = new ArrayList<>();
        for (String column : columns) {
            if (!seen.add(column)) {
                problems.add(new Problem.FieldError("file", "the header names the column \"" + column + "\" twice; every column needs its own name",
                        1, column));
            }
        }
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("The file cannot be imported: a column name is repeated in the header.", problems);
        }
    }

    /** Two columns filling one variable (Product Name and product_name): which one wins would be a guess. */
    private static void refuseColumnsSharingAVariable(Map<String, String> used) {
        Map<String, List<String>> byVariable = new LinkedHashMap<>();
        used.forEach((column, variable) -> byVariable.computeIfAbsent(variable, v -> new ArrayList<>()).add(column));
        List<Problem.FieldError> problems = new ArrayList<>();
        byVariable.forEach((variable, columns) -> {
            if (columns.size() > 1) {
                problems.add(new Problem.FieldError("file", "the columns " + String.join(" and ", columns.stream().map(c -> "\"" + c + "\"").toList())
                        + " both fill {" + variable + "}; keep one of them (or map them to different variables)", 1, columns.get(1)));
            }
        });
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("The file cannot be imported: two columns fill the same variable.", problems);
        }
    }

    /** A cell that a spreadsheet would run as a formula when the data is exported back (CSV injection). */
    static boolean looksLikeFormula(String value) {
        return !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0;
    }

    private static String decode(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                throw refuse("file", "binary content (NUL bytes): not a CSV text file");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw refuse("file", "not UTF-8 text; save the CSV as UTF-8");
        }
    }

    private static char guessDelimiter(String text) {
        int end = text.indexOf('\n');
        String header = end < 0 ? text : text.substring(0, end);
        char best = ',';
        long most = -1;
        for (char candidate : DELIMITERS) {
            long count = header.chars().filter(c -> c == candidate).count();
            if (count > most) {
                most = count;
                best = candidate;
            }
        }
        return best;
    }

    private static Map<String, String> mapping(List<String> columns, Map<String, String> given) {
        Map<String, String> used = new LinkedHashMap<>();
        if (given == null || given.isEmpty()) {
            columns.forEach(c -> used.put(c, c.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", "_")));
            return used;
        }
        List<Problem.FieldError> problems = new ArrayList<>();
        given.forEach((column, variable) -> {
            if (!columns.contains(column)) {
                problems.add(Problem.FieldError.of("mapping." + column, "the file has no column " + column + "; it has "
                        + String.join(", ", columns)));
            } else {
                used.put(column, variable);
            }
        });
        if (!problems.isEmpty()) {
            throw ProblemException.invalid("The mapping names columns the file does not have.", problems);
        }
        return used;
    }

    private static ProblemException refuse(String field, String message) {
        return ProblemException.invalid("The file cannot be imported: " + message + ".", List.of(Problem.FieldError.of(field, message)));
    }
}
