package eu.bus.message;

/** 4x4 evaluation: how reliable the source is. */
public enum SourceReliability {
    A("completely reliable"),
    B("usually reliable"),
    C("not usually reliable"),
    X("cannot be judged");

    private final String meaning;

    SourceReliability(String meaning) {
        this.meaning = meaning;
    }

    public String meaning() {
        return meaning;
    }
}
