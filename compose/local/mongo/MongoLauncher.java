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
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
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
        /** Guarded by this collection's lock, which every change and every query holds. */
        private boolean changing;

        Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters, boolean isMulti, boolean isUpsert, Oplog oplog) {
            changing = true;
            try {
                return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
            } finally {
                changing = false;
            }
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            changing = true;
            try {
                return super.findAndModify(query);
            } finally {
                changing = false;
            }
        }

        @Override
        protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int numberToSkip, int limit, int batchSize, Comparator<Document> comparator, Document fieldSelector) {
            return super.matchDocumentsFromStream(query, changing ? copiesOfMatches(documents, query) : documents, numberToSkip, limit, batchSize, comparator, fieldSelector);
        }

        private Stream<Document> copiesOfMatches(Stream<Document> documents, Document query) {
            return documents.filter(document -> documentMatchesQuery(document, query)).map(Document::cloneDeeply);
        }
    }
}

class WholeReadsMemoryBackend extends MemoryBackend {
    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new MemoryDatabase(databaseName, getCursorRegistry()) {
            @Override
            protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
                return new Collection(this, collectionName, options, cursorRegistry);
            }
        };
    }

    /** As WholeReadsH2Backend.Collection, on the in-memory store. */
    static class Collection extends MemoryCollection {
        private boolean changing;

        Collection(MongoDatabase database, String collectionName, CollectionOptions options, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, cursorRegistry);
        }

        @Override
        public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters, boolean isMulti, boolean isUpsert, Oplog oplog) {
            changing = true;
            try {
                return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
            } finally {
                changing = false;
            }
        }

        @Override
        public synchronized Document findAndModify(Document query) {
            changing = true;
            try {
                return super.findAndModify(query);
            } finally {
                changing = false;
            }
        }

        @Override
        protected QueryResult matchDocumentsFromStream(Document query, Stream<Document> documents, int numberToSkip, int limit, int batchSize, Comparator<Document> comparator, Document fieldSelector) {
            return super.matchDocumentsFromStream(query, changing ? copiesOfMatches(documents, query) : documents, numberToSkip, limit, batchSize, comparator, fieldSelector);
        }

        private Stream<Document> copiesOfMatches(Stream<Document> documents, Document query) {
            return documents.filter(document -> documentMatchesQuery(document, query)).map(Document::cloneDeeply);
        }
    }
}
