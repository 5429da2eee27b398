package dev.photopipe.schemas.registry;

/** HTTP 409: the subject's compatibility rule refused the schema. The message names subject and reason. */
public class IncompatibleSchemaException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;
    private final String subject;

    public IncompatibleSchemaException(String message, String subject, int errorCode) {
        super(message, 409, errorCode, null);
        this.subject = subject;
    }

    /** The subject that refused the schema. */
    public String subject() {
        return subject;
    }
}
