package eu.bus.archive;

import eu.bus.message.MessageHeader;
import java.nio.file.Path;

/**
 * One archived message: the exact protected (CMS DER) bytes addressed by their SHA-256 digest,
 * and its clear header beside them.
 */
public record ArchivedMessage(String digest, MessageHeader header, Path body, Path headerFile) {
}
