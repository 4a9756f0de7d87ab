package eu.bus.message;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One restriction the provider put on the message; {@code text} explains or qualifies it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderRestriction(RestrictionCode code, String text) {
}
