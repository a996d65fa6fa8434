package dev.assay.peerreview.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AggregationModelsTest {

    @Test
    void listsEveryModelByItsName() {
        assertThat(AggregationModels.names())
                .containsExactly("median", "mean", "pg1", "pg3", "pg3-lazy", "vancouver");
        for (String name : AggregationModels.names()) {
            assertThat(AggregationModels.byName(name)).get().extracting(AggregationModel::name).isEqualTo(name);
        }
        assertThat(AggregationModels.byName("PG1")).isEmpty();
    }

    @Test
    void settingsAreValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FitSettings(0, 1e-5, 4))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FitSettings(10, 1e-5, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new VancouverModel(0, 2))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ScoreRange(5, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
