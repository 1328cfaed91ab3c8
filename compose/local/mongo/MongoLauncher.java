// Runs mongo-java-server (MongoDB wire protocol) on a chosen address with a file-backed H2 store.
// The local stack compiles it once into servers/mongo/launcher-<fingerprint>.jar and runs
//   java -cp 'launcher.jar:lib/*' MongoLauncher <host> <port> <store file | :memory:>
// `:memory:` keeps everything in the heap (benchmarks at a million documents, where the H2 store
// grows without bound and fails; nothing survives a restart).
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.lang.reflect.Field;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

public class MongoLauncher {
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: MongoLauncher <host> <port> <store file | :memory:>");
            System.exit(2);
        }
        MongoServer server = new MongoServer(args[2].equals(":memory:") ? new WholeReadsMemoryBackend() : new WholeReadsH2Backend(args[2]));
        // No oplog: Ordo uses no change streams, and the oplog would copy every write into a
        // collection of its own that is never trimmed.
        server.bind(args[0], Integer.parseInt(args[1]));

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM: stop accepting, close connections, commit and close the H2 file, then compact it.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdown();
                // The file keeps the space of dropped databases (each test run's) until it is
                // compacted, and a big file opens slower: up to 10 s of compaction at each stop.
                if (!args[2].equals(":memory:")) MVStore.open(args[2]).close(10_000);
            } finally {
                stopped.countDown();
            }
        }));
        System.out.println("mongo-java-server listening on " + args[0] + ":" + args[1] + ", store " + args[2]);
        stopped.await();
    }
}

// mongo-java-server 1.47.0 applies an update to the stored document in place, under the collection's
// lock, while a reply that holds the same document object may still be on its way to a client
// outside that lock: the client can read half of the update (a new _ordo.revision next to the old
// state), and a revision-checked write based on it succeeds where it must not. Here an update
// changes a copy, which then replaces the stored document, so a stored document never changes once
// a reply may hold it. test/local-mongo.integration.spec.ts shows the half reads without this.

class WholeReadsH2Backend extends H2Backend {
    WholeReadsH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    // An inner class: the collections it opens from its constructor can already reach the store.
    class Database extends H2Database {
        Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
            super(databaseName, mvStore, cursorRegistry);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            // The map names H2Database gives a collection's documents and metadata.
            MVStore store = getMvStore();
            return new Collection(this, collectionName, options, store.openMap("databases." + fullName), store.openMap("meta." + fullName), cursorRegistry);
        }
    }

    static class Collection extends H2Collection {
        /**
         * Set under this collection's lock, which every change and every query holds (a count reads
         * it unlocked: at worst it copies what it only counts, or leaves a copy it does not need).
         */
        private boolean changing;

        Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
            Iterable<Object> byId = ById.positions(query, getIndexes());
            if (byId == null) return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            return matchDocuments(query, byId, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters, boolean isMulti, boolean isUpsert, Oplog oplog) {
            return whileChanging(() -> super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog));
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            return whileChanging(() -> super.findAndModify(query));
        }

        /** While it changes documents, what its query finds are copies of the stored ones. */
        @Override
        protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int numberToSkip, int limit, int batchSize, Comparator<Document> comparator, Document fieldSelector) {
            if (!changing) return super.matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize, comparator, fieldSelector);
            return super.matchDocumentsFromStream(query, Copies.ofFound(documents, document -> documentMatchesQuery(document, query), comparator, numberToSkip, limit), 0, 0, batchSize, null, fieldSelector);
        }

        private Document whileChanging(Supplier<Document> change) {
            changing = true;
            try {
                return change.get();
            } finally {
                changing = false;
            }
        }
    }
}

/**
 * The same on the in-memory backend (benchmarks), more simply: every query hands out copies of the
 * documents it returns, and an update stores its changed copy in place of the document. Upstream's
 * in-memory collection changes documents in place and so stores nothing on update; its list of
 * documents is reached by reflection. An aggregation (e.g. countDocuments) copies the collection.
 */
class WholeReadsMemoryBackend extends MemoryBackend {
    private static final Field DOCUMENTS = documentsField();

    private static Field documentsField() {
        try {
            Field field = MemoryCollection.class.getDeclaredField("documents");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("mongo-java-server's MemoryCollection has no list of documents any more", e);
        }
    }

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new Collection(this, collectionName, options, cursorRegistry);
            }
        };
    }

    static class Collection extends MemoryCollection {
        Collection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
            Iterable<Integer> byId = ById.positions(query, getIndexes());
            if (byId == null) return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            return matchDocuments(query, byId, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        @Override
        protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int numberToSkip, int limit, int batchSize, Comparator<Document> comparator, Document fieldSelector) {
            return super.matchDocumentsFromStream(query, Copies.ofFound(documents, document -> documentMatchesQuery(document, query), comparator, numberToSkip, limit), 0, 0, batchSize, null, fieldSelector);
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
            try {
                ((List<Document>) DOCUMENTS.get(this)).set(position.intValue(), newDocument);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

/**
 * mongo-java-server 1.47.0 looks a query up in an index only when the query names exactly the
 * index's fields, so `{_id, '_ordo.revision'}` (every revision-checked write) or `{_id, state}`
 * reads the whole collection. MongoDB finds such a document by its _id and then checks the rest;
 * so does this: the positions of the _id (or `_id: {$in: [...]}`) the query names, every one of
 * them still matched against the whole query. Null when the query names no such _id.
 */
final class ById {
    private ById() {
    }

    static <P> Iterable<P> positions(Document query, List<Index<P>> indexes) {
        if (query.size() < 2 || !query.containsKey("_id")) return null;
        Document byId = new Document("_id", query.get("_id"));
        for (Index<P> index : indexes) {
            if (index.canHandle(byId)) return index.getPositions(byId);
        }
        return null;
    }
}

final class Copies {
    private Copies() {
    }

    /** The documents a query returns (matching, in order, skipped and limited as it asks), copied. */
    static Stream<Document> ofFound(Stream<Document> documents, Predicate<Document> matches, Comparator<Document> order, int skip, int limit) {
        Stream<Document> found = documents.filter(matches);
        if (order != null) found = found.sorted(order);
        if (skip > 0) found = found.skip(skip);
        if (limit > 0) found = found.limit(limit);
        return found.map(Document::cloneDeeply);
    }
}
