package dev.photopipe.schemas.registry;

/** HTTP 404: no such subject, version or schema id (error codes 40401, 40402, 40403). */
public class SchemaNotFoundException extends SchemaRegistryException {
    private static final long serialVersionUID = 1L;

    public SchemaNotFoundException(String message, int errorCode) {
        super(message, 404, errorCode, null);
    }
}
