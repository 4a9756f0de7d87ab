package eu.bus.message;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** 4x4 evaluation: how accurate the information is. On the wire as "1" to "4". */
public enum InformationAccuracy {
    KNOWN_TRUE("1"),
    KNOWN_TO_SOURCE("2"),
    CORROBORATED("3"),
    CANNOT_BE_JUDGED("4");

    private final String code;

    InformationAccuracy(String code) {
        this.code = code;
    }

    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    static InformationAccuracy parse(String code) {
        for (InformationAccuracy a : values()) {
            if (a.code.equals(code)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown information accuracy '" + code + "'");
    }
}
