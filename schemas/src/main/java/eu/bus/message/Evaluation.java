package eu.bus.message;

/** The provider's evaluation of source and information (e.g. "B2"). */
public record Evaluation(SourceReliability sourceReliability, InformationAccuracy informationAccuracy) {

    public String code() {
        return sourceReliability.name() + informationAccuracy.code();
    }
}
