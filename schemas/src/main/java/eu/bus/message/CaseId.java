package eu.bus.message;

import java.util.regex.Pattern;

/**
 * The form of a case id, {@code CASE-YYYY-NNNNNN}, as the common schema defines it. Checked wherever a
 * case id arrives outside a validated message (the broker's case control address, topic names, the
 * CLI): a case id becomes part of broker address and queue names, where wildcard characters
 * ({@code #}, {@code *}) or separators ({@code .}, {@code ::}) would reach other cases' messages.
 */
public final class CaseId {

    private static final Pattern FORM = Pattern.compile("CASE-\\d{4}-\\d{6}");

    private CaseId() {
    }

    public static boolean isValid(String caseId) {
        return caseId != null && FORM.matcher(caseId).matches();
    }

    /** Returns the id, or throws {@link IllegalArgumentException} saying what a case id looks like. */
    public static String require(String caseId) {
        if (!isValid(caseId)) {
            throw new IllegalArgumentException("'" + caseId + "' is not a case id (CASE-YYYY-NNNNNN, e.g. CASE-2026-000123)");
        }
        return caseId;
    }
}
