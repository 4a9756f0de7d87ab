package eu.bus.stats;

/** The pseudonymous facts about one victim that one message states: never a name, only codes and a pseudonym. */
record VictimFacts(String ref, String gender, String ageBand, String nationality, String exploitationForm) {
}
