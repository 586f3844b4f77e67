package io.heliostat.solver.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;

import org.junit.jupiter.api.Test;

class CsvTableTest {

    @Test
    void quotedFieldsKeepTheirCommasAndDoubledQuotes() throws IOException {
        CsvTable table = CsvTable.read("inline", new StringReader("""
                \uFEFFname,watts
                "ASUS RS100-E5 (Intel Xeon X3360 Processor, 2.83 GHz)",118.0
                "the ""quiet"" one",9.5
                """));

        assertThat(table.header()).containsExactly("name", "watts");
        assertThat(table.rows()).hasSize(2);
        assertThat(table.rows().get(0).get(0)).isEqualTo("ASUS RS100-E5 (Intel Xeon X3360 Processor, 2.83 GHz)");
        assertThat(table.rows().get(1).get(0)).isEqualTo("the \"quiet\" one");
        assertThat(table.rows().get(1).number(table.column("watts"))).isEqualTo(9.5);
    }

    @Test
    void errorsNameTheSourceLineAndColumn() throws IOException {
        CsvTable table = CsvTable.read("servers.csv", new StringReader("name,cores\nbox,\n\nother,many\n"));

        assertThatThrownBy(() -> table.rows().get(1).integer(1))
                .hasMessage("servers.csv line 4: column 'cores' should be a whole number but is 'many'");
        assertThatThrownBy(() -> table.column("memory"))
                .hasMessage("servers.csv has no column 'memory'; its columns are [name, cores]");
        assertThatThrownBy(() -> CsvTable.read("broken.csv", new StringReader("a,b\n\"open,1\n")))
                .hasMessage("broken.csv line 2: a quoted field is not closed");
    }
}
