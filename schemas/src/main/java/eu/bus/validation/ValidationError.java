package eu.bus.validation;

/**
 * One thing wrong with a message: where (a JSON pointer into the document, "" for the document
 * itself), what is wrong, and what was expected instead.
 */
public record ValidationError(String pointer, String problem, String expected) {

    /** One line for people: {@code /header/handlingCode: "H7" is not allowed (expected one of H0, H1, H2, H3)}. */
    public String describe() {
        String where = pointer.isEmpty() ? "(document)" : pointer;
        return expected == null || expected.isEmpty()
                ? where + ": " + problem
                : where + ": " + problem + " (expected " + expected + ")";
    }
}
