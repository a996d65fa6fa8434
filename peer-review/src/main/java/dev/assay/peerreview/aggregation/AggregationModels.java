package dev.assay.peerreview.aggregation;

import java.util.List;
import java.util.Optional;

/** The models an assessment can choose, by name. */
public final class AggregationModels {

    private static final List<AggregationModel> ALL =
            List.of(new MedianModel(), new MeanModel(), new Pg1Model(), new Pg3Model(), Pg3Model.lazyAware(),
                    new VancouverModel());

    private AggregationModels() {
    }

    /** Every model with its default settings, in the order {@code --help} lists them. */
    public static List<AggregationModel> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(AggregationModel::name).toList();
    }

    public static Optional<AggregationModel> byName(String name) {
        return ALL.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
