package studio.batch.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import studio.common.error.ProblemException;

/** Reading a vendor's CSV into rows of variables, without a server. */
class CsvRowsTest {

    private static CsvRows.Parsed parse(String csv, Character delimiter, Map<String, String> mapping, int maxRows) {
        return CsvRows.parse(csv.getBytes(StandardCharsets.UTF_8), delimiter, mapping, maxRows);
    }

    @Test
    void headersBecomeVariablesTheDelimiterIsFoundAndEachRowKeepsItsLine() {
        var parsed = parse("\uFEFFProduct Name;Category\nBlue Dream;flower\n\n\"Sour; Diesel\";vape\n", null, null, 10);

        assertThat(parsed.mapping()).containsExactly(Map.entry("Product Name", "product_name"), Map.entry("Category", "category"));
        assertThat(parsed.rows()).containsExactly(Map.of("product_name", "Blue Dream", "category", "flower"),
                Map.of("product_name", "Sour; Diesel", "category", "vape"));
        assertThat(parsed.lines()).containsExactly(2L, 4L);
        assertThat(parsed.problems()).isEmpty();
    }

    @Test
    void aMappingPicksTheColumnsAndTheRestAreReportedAsIgnored() {
        var parsed = parse("sku,title,notes\n1,Blue Dream,x\n", ',', Map.of("title", "product_name"), 10);

        assertThat(parsed.rows()).containsExactly(Map.of("product_name", "Blue Dream"));
        assertThat(parsed.ignoredColumns()).containsExactly("sku", "notes");
        assertThatThrownBy(() -> parse("sku,title\n1,a\n", ',', Map.of("name", "product_name"), 10))
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).errors()).extracting(f -> f.field()).containsExactly("mapping.name"));
    }

    @Test
    void formulaLookingCellsAndExtraCellsAreProblemsOfTheirRowNotSilentData() {
        var parsed = parse("product_name,category\n=HYPERLINK(\"x\"),flower\nok,a,b\n", null, null, 10);

        assertThat(parsed.problems()).extracting(p -> p.field() + "@" + p.line())
                .containsExactly("rows[0].product_name@2", "rows[1]@3");
    }

    @Test
    void whatIsNotATextCsvOrTooLargeIsRefusedWhole() {
        assertThatThrownBy(() -> CsvRows.parse(new byte[] { 'a', 0, 'b' }, null, null, 10)).isInstanceOf(ProblemException.class)
                .hasMessageContaining("binary");
        assertThatThrownBy(() -> CsvRows.parse(new byte[] { 'a', '\n', (byte) 0xE9, '\n' }, null, null, 10))
                .isInstanceOf(ProblemException.class).hasMessageContaining("UTF-8");
        assertThatThrownBy(() -> parse("a,a\n1,2\n", null, null, 10)).hasMessageContaining("repeated");
        assertThatThrownBy(() -> parse("Name,name\n1,2\n", null, null, 10)).hasMessageContaining("same variable");
        assertThatThrownBy(() -> parse("a\n\"open\n", null, null, 10)).hasMessageContaining("never closed");
        assertThatThrownBy(() -> parse("a\n1\n2\n3\n", null, null, 2))
                .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(413));
        assertThatThrownBy(() -> parse("a\n", null, null, 10)).hasMessageContaining("no rows");
        assertThat(List.of("=1", "+1", "-1", "@x")).allMatch(CsvRows::looksLikeFormula);
    }
}
