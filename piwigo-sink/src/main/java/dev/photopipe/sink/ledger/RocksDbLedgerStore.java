package dev.photopipe.sink.ledger;

import dev.photopipe.schemas.UploadOutcome;
import dev.photopipe.schemas.state.DirectoryLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigException;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Cache;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.MutableDBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The view on local disk: one RocksDB per ledger partition under
 * {@code <state dir>/<ledger topic>/<partition>/db}, next to its {@code checkpoint} file. Values
 * are the ledger records' bytes, decoded when asked for, so a load costs no Avro decoding.
 *
 * <p>Crash safety without a write-ahead log: writes go to the memtable only, and a checkpoint is
 * written only after a flush made everything before it durable. After a crash the store may hold
 * more than its checkpoint says, never less, and reading the ledger again from the checkpoint
 * applies every later record in order, which converges on the same view. A partition without a
 * readable checkpoint is wiped: its data cannot be vouched for.
 *
 * <p>The state directory is locked for the store's lifetime: two processes on the same files
 * would each believe their checkpoint. Every use of a database handle holds the read lock,
 * closing one the write lock: RocksJava crashes the JVM on a closed handle, and a crashed sink's
 * consumer thread may still be reading when the store is abandoned.
 */
final class RocksDbLedgerStore implements LedgerStore {
    private static final Logger LOG = LoggerFactory.getLogger(RocksDbLedgerStore.class);
    private static final String LOCK_FILE = "sink.lock";
    private static final String CHECKPOINT_FILE = "checkpoint";

    static {
        RocksDB.loadLibrary();
    }

    private final Path root;
    private final OutcomeDecoder decoder;
    private final DirectoryLock lock;
    private final Cache blockCache;
    private final Options options;
    private final WriteOptions writeOptions;
    private final ReadWriteLock handles = new ReentrantReadWriteLock();
    /** Guarded by {@link #handles}. */
    private final Map<Integer, RocksDB> open = new HashMap<>();
    private boolean closed;

    private RocksDbLedgerStore(Path root, OutcomeDecoder decoder, DirectoryLock lock) {
        this.root = root;
        this.decoder = decoder;
        this.lock = lock;
        // Point lookups by photo id only: a Bloom filter spares most misses a disk read. One small
        // cache and small memtables for all partitions: the sink is not a database server.
        this.blockCache = new LRUCache(32L << 20);
        this.options = new Options().setCreateIfMissing(true)
                .setWriteBufferSize(16L << 20).setMaxWriteBufferNumber(3)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache)
                        .setFilterPolicy(new BloomFilter(10)));
        this.writeOptions = new WriteOptions().setDisableWAL(true); // the checkpoint protocol replaces it
    }

    /**
     * Locks {@code stateDir} and serves the partitions of {@code topic} under it.
     *
     * @throws ConfigException another sink process uses the directory
     */
    static RocksDbLedgerStore open(Path stateDir, String topic, OutcomeDecoder decoder, String stateDirSetting) {
        try {
            DirectoryLock lock = DirectoryLock.tryAcquire(stateDir, LOCK_FILE).orElseThrow(() -> new ConfigException(
                    "The sink state directory " + stateDir.toAbsolutePath() + " is in use by another sink process. "
                            + "Give each sink instance its own " + stateDirSetting + "."));
            return new RocksDbLedgerStore(stateDir.resolve(topic), decoder, lock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the sink state directory " + stateDir, e);
        }
    }

    @Override
    public boolean persistent() {
        return true;
    }

    @Override
    public Optional<Checkpoint> open(int partition) {
        return exclusive(() -> {
            RocksDB stillOpen = open.remove(partition);
            if (stillOpen != null) {
                stillOpen.close(); // loaded again without a forget: RocksDB refuses a second handle
            }
            Path dir = root.resolve(Integer.toString(partition));
            Optional<Checkpoint> checkpoint = Checkpoint.read(dir.resolve(CHECKPOINT_FILE));
            if (checkpoint.isEmpty()) {
                deleteTree(dir); // data without a checkpoint is data nobody vouches for
            }
            try {
                open.put(partition, openDb(dir));
                return checkpoint;
            } catch (RocksDBException e) {
                LOG.warn("Ledger store {} cannot be opened ({}); wiping it and rebuilding from the topic", dir,
                        e.toString());
                deleteTree(dir);
                open.put(partition, uncheckedOpenDb(dir));
                return Optional.empty();
            }
        });
    }

    @Override
    public long entries(int partition) {
        return shared(() -> {
            RocksDB db = open.get(partition);
            return db == null ? 0L : estimatedKeys(db);
        }, () -> 0L);
    }

    @Override
    public void wipe(int partition) {
        exclusive(() -> {
            RocksDB db = open.remove(partition);
            if (db != null) {
                db.close();
            }
            Path dir = root.resolve(Integer.toString(partition));
            deleteTree(dir); // the checkpoint goes first (deleteTree deletes files before their directory)
            open.put(partition, uncheckedOpenDb(dir));
            return null;
        });
    }

    @Override
    public void write(int partition, List<Change> changes) {
        shared(() -> {
            RocksDB db = open.get(partition);
            if (db == null) {
                return null;
            }
            try (WriteBatch batch = new WriteBatch()) {
                for (Change change : changes) {
                    byte[] key = change.photoId().getBytes(StandardCharsets.UTF_8);
                    if (change.value() == null) {
                        batch.delete(key);
                    } else {
                        batch.put(key, change.value());
                    }
                }
                db.write(writeOptions, batch);
            } catch (RocksDBException e) {
                throw new LedgerException("cannot write ledger partition " + partition + " to " + root, e);
            }
            return null;
        });
    }

    @Override
    public Optional<UploadOutcome> get(int partition, String photoId) {
        byte[] value = shared(() -> {
            RocksDB db = open.get(partition);
            if (db == null) {
                return null;
            }
            try {
                return db.get(photoId.getBytes(StandardCharsets.UTF_8));
            } catch (RocksDBException e) {
                throw new LedgerException("cannot read ledger partition " + partition + " from " + root, e);
            }
        }, () -> null);
        return value == null ? Optional.empty() : Optional.ofNullable(decoder.decode(photoId, partition, value));
    }

    @Override
    public void checkpoint(int partition, Checkpoint checkpoint) {
        shared(() -> {
            RocksDB db = open.get(partition);
            if (db == null) {
                return null;
            }
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.flush(flush); // SST files and manifest synced: the data is durable before its checkpoint
            } catch (RocksDBException e) {
                throw new LedgerException("cannot flush ledger partition " + partition + " in " + root, e);
            }
            checkpoint.write(root.resolve(Integer.toString(partition)).resolve(CHECKPOINT_FILE));
            return null;
        });
    }

    @Override
    public void release(int partition) {
        exclusive(() -> {
            RocksDB db = open.remove(partition);
            if (db != null) {
                db.close();
            }
            return null;
        });
    }

    @Override
    public long size() {
        return shared(() -> open.values().stream().mapToLong(RocksDbLedgerStore::estimatedKeys).sum(), () -> 0L);
    }

    @Override
    public void close() {
        shutDown(false);
    }

    @Override
    public void abandon() {
        shutDown(true);
    }

    private void shutDown(boolean asCrash) {
        handles.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (RocksDB db : open.values()) {
                if (asCrash) {
                    try {
                        // As kill -9: what is only in the memtable is lost.
                        db.setDBOptions(MutableDBOptions.builder().setAvoidFlushDuringShutdown(true).build());
                    } catch (RocksDBException e) {
                        LOG.debug("cannot skip the shutdown flush: {}", e.toString());
                    }
                }
                db.close();
            }
            open.clear();
            writeOptions.close();
            options.close();
            blockCache.close();
            try {
                lock.close();
            } catch (IOException e) {
                LOG.warn("cannot release the sink state directory lock: {}", e.toString());
            }
        } finally {
            handles.writeLock().unlock();
        }
    }

    private RocksDB openDb(Path dir) throws RocksDBException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return RocksDB.open(options, dir.resolve("db").toString());
    }

    private RocksDB uncheckedOpenDb(Path dir) {
        try {
            return openDb(dir);
        } catch (RocksDBException e) {
            throw new LedgerException("cannot open ledger store " + dir, e);
        }
    }

    private static long estimatedKeys(RocksDB db) {
        try {
            return db.getLongProperty("rocksdb.estimate-num-keys");
        } catch (RocksDBException e) {
            return 0;
        }
    }

    /** Runs {@code action} with the handles held open; after close, answers {@code whenClosed}. */
    private <T> T shared(Supplier<T> action, Supplier<T> whenClosed) {
        handles.readLock().lock();
        try {
            return closed ? whenClosed.get() : action.get();
        } finally {
            handles.readLock().unlock();
        }
    }

    private <T> T shared(Supplier<T> action) {
        return shared(action, () -> {
            throw new LedgerException("ledger store " + root + " is closed", null);
        });
    }

    private <T> T exclusive(Supplier<T> action) {
        handles.writeLock().lock();
        try {
            if (closed) {
                throw new LedgerException("ledger store " + root + " is closed", null);
            }
            return action.get();
        } finally {
            handles.writeLock().unlock();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        // Deepest first: the checkpoint file goes before the database it describes is touched.
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.comparing((Path p) -> p.getFileName().toString()
                    .equals(CHECKPOINT_FILE) ? 0 : 1).thenComparing(Comparator.reverseOrder())).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the ledger store " + dir, e);
        }
    }
}
