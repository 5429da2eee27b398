package dev.photopipe.schemas.serde;

import dev.photopipe.schemas.registry.SchemaNotFoundException;
import dev.photopipe.schemas.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/** A registry in a map: ids from 1, no compatibility rules. Enough to test the wire format alone. */
final class InMemoryRegistry implements SchemaRegistryClient {
    final List<Schema> schemas = new ArrayList<>();
    final Map<String, List<Integer>> subjects = new ConcurrentHashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        int id = schemas.indexOf(schema) + 1;
        if (id == 0) {
            schemas.add(schema);
            id = schemas.size();
        }
        subjects.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        int id = schemas.indexOf(schema) + 1;
        if (id == 0 || !subjects.getOrDefault(subject, List.of()).contains(id)) {
            throw new SchemaNotFoundException("no such schema under " + subject, 40403);
        }
        return id;
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SchemaNotFoundException("No content with id " + id, 40403);
        }
        return schemas.get(id - 1);
    }

    @Override
    public List<Integer> versions(String subject) {
        return subjects.getOrDefault(subject, List.of());
    }

    @Override
    public boolean isCompatible(String subject, Schema schema) {
        return true;
    }

    @Override
    public void setGlobalCompatibility(String level) {
    }

    @Override
    public void setCompatibility(String subject, String level) {
    }

    @Override
    public String url() {
        return "mem://registry";
    }

    @Override
    public void close() {
    }
}
