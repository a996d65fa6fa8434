package dev.assay.graders.essay;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AsapTsvTest {

    @Test
    void readsQuotedFieldsWithTabsNewlinesAndEscapedQuotes() throws Exception {
        String tsv = "essay_id\tessay_set\tessay\trater1_domain1\trater2_domain1\trater3_domain1\tdomain1_score\r\n"
                + "1\t1\t\"Dear editor, I say \"\"yes\"\".\tReally.\r\nSecond line.\"\t4\t5\t\t9\r\n"
                + "2\t3\tPlain text without quotes\t1\t\t\t1\n";
        List<AsapTsv.Essay> essays = AsapTsv.read(new BufferedReader(new StringReader(tsv)), "test");
        assertThat(essays).hasSize(2);
        AsapTsv.Essay first = essays.get(0);
        assertThat(first.id()).isEqualTo("1");
        assertThat(first.prompt()).isEqualTo(1);
        assertThat(first.text()).isEqualTo("Dear editor, I say \"yes\".\tReally.\r\nSecond line.");
        assertThat(first.rater1()).isEqualTo(4);
        assertThat(first.rater2()).isEqualTo(5);
        assertThat(first.score()).isEqualTo(9);
        AsapTsv.Essay second = essays.get(1);
        assertThat(second.text()).isEqualTo("Plain text without quotes");
        assertThat(second.rater2()).isEqualTo(-1);
        assertThat(second.score()).isEqualTo(1);
    }

    @Test
    void rejectsAFileWithoutTheScoreColumn() {
        String tsv = "essay_id\tessay_set\tessay\n1\t1\ttext\n";
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AsapTsv.read(new BufferedReader(new StringReader(tsv)), "x"))
                .hasMessageContaining("domain1_score");
    }
}
