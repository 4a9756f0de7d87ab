package eu.bus.bench;

import java.util.UUID;

/** Realistic message documents of a chosen size for the benchmarks. */
public final class SampleMessages {

    private SampleMessages() {
    }

    /** A valid intelligence report whose JSON is {@code targetBytes} long (padded in the summary). */
    public static String intelligenceReport(int targetBytes) {
        String template = """
                {"header":{"messageId":"%s","messageType":"intelligence-report","schemaVersion":"1.0",\
                "sender":"NL-NMT","recipients":["NL-ENU","EUROPOL","BE-ENU"],"caseId":"CASE-2026-000123",\
                "createdAt":"2026-11-28T09:30:00Z","handlingCode":"H1","classification":"RESTRICTED",\
                "evaluation":{"sourceReliability":"B","informationAccuracy":"2"}},\
                "payload":{"title":"Recruitment of women for window prostitution in Rotterdam",\
                "summary":"%s","observedFrom":"2026-09-01","observedUntil":"2026-11-20",\
                "countriesInvolved":["NL","RO"],"exploitationForms":["SEXUAL"],\
                "subjects":[{"subjectRef":"S-NL-0007","role":"SUSPECT","nationality":"RO"},\
                {"subjectRef":"S-NL-0008","role":"FACILITATOR","nationality":"NL"}],\
                "victims":[{"victimRef":"V-NL-2026-0042","ageBand":"18-24","gender":"FEMALE","nationality":"RO",\
                "exploitationForm":"SEXUAL","minor":false},{"victimRef":"V-NL-2026-0043","ageBand":"16-17",\
                "gender":"FEMALE","nationality":"RO","exploitationForm":"SEXUAL","minor":true}],\
                "locations":[{"country":"RO","place":"Constanta","kind":"RECRUITMENT"},\
                {"country":"NL","place":"Rotterdam","kind":"EXPLOITATION"}],\
                "modusOperandi":"Loverboy method; false job offers; debt bondage."}}""";
        String id = UUID.nameUUIDFromBytes(new byte[] {1}).toString();
        int padding = Math.max(1, targetBytes - (template.length() - 4) - id.length());
        String sentence = "Observation of a recruiter who brings women by minibus every two weeks. ";
        StringBuilder summary = new StringBuilder(padding);
        while (summary.length() < padding) {
            summary.append(sentence);
        }
        summary.setLength(padding);
        return String.format(template, id, summary);
    }
}
