// Runs mongo-java-server (MongoDB wire protocol) on a chosen address with a file-backed H2 store.
// The local stack compiles it once into servers/mongo/launcher-<fingerprint>.jar and runs
//   java -cp 'launcher.jar:lib/*' MongoLauncher <host> <port> <store file | :memory:>
// `:memory:` keeps everything in the heap (benchmarks at a million documents, where the H2 store
// grows without bound and fails; nothing survives a restart).
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DatabaseResolver;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.Utils;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.aggregation.Aggregation;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;
import io.netty.channel.Channel;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
        /** False while H2Database's constructor opens the collections and indexes already in the store. */
        private final boolean opened;

        Database(String databaseName, MVStore mvStore, CursorRegistry cursorRegistry) {
            super(databaseName, mvStore, cursorRegistry);
            opened = true;
        }

        boolean opening() {
            return !opened;
        }

        /**
         * Upstream keeps a unique index in an H2 map keyed by KeyValue, a class H2 does not know: each
         * comparison of its binary search serialises both keys (a third of this server's CPU in the
         * end-to-end bench). Kept in the heap instead, filled from the documents; the map an earlier
         * launcher kept goes, so that one would refill it from the documents too.
         */
        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            String storedMap = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            // Opened with the type it was written with first: a map removed by name alone is opened with
            // a type that cannot compare keys, and H2's background compaction may still rewrite it.
            if (getMvStore().hasMap(storedMap)) getMvStore().removeMap(getMvStore().openMap(storedMap));
            return new HeapUniqueIndex(indexName, keys, sparse);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String fullName = getFullCollectionNamespace(collectionName);
            // The map names H2Database gives a collection's documents and metadata.
            MVStore store = getMvStore();
            return new Collection(this, collectionName, options, store.openMap("databases." + fullName), store.openMap("meta." + fullName), cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            return new SecondaryIndex(indexName, keys, sparse);
        }

        /** An aggregation that starts with a $match runs its stages over what the indexes find (a count, say). */
        @Override
        public Document handleCommand(Channel channel, String command, Document query, DatabaseResolver databaseResolver, Oplog oplog) {
            if (command.equalsIgnoreCase("aggregate") && query.get(command) instanceof String name && query.get("pipeline") instanceof List<?> pipeline
                && !pipeline.isEmpty() && pipeline.get(0) instanceof Document first && first.size() == 1 && first.get("$match") instanceof Document match
                && resolveCollection(name, false) instanceof Collection collection) {
                List<Document> counted = pipeline.size() == 2 && pipeline.get(1) instanceof Document group && group.size() == 1 && group.get("$group") instanceof Document spec ? countOfAll(spec, collection.countedByIndex(match)) : null;
                if (counted != null) {
                    clearLastStatus(channel);
                    Aggregation.fromPipeline(pipeline, databaseResolver, this, Candidates.of(collection, List.of()), oplog).validate(query);
                    return new Document("cursor", new Document("id", 0L).append("ns", getFullCollectionNamespace(name)).append("firstBatch", counted)).append("ok", 1.0);
                }
                List<Document> candidates = collection.candidates(match);
                if (candidates != null) {
                    clearLastStatus(channel);
                    Aggregation aggregation = Aggregation.fromPipeline(pipeline, databaseResolver, this, Candidates.of(collection, candidates), oplog);
                    aggregation.validate(query);
                    Document cursor = new Document("id", 0L).append("ns", getFullCollectionNamespace(name)).append("firstBatch", aggregation.computeResult());
                    return new Document("cursor", cursor).append("ok", 1.0);
                }
            }
            return super.handleCommand(channel, command, query, databaseResolver, oplog);
        }
    }

    /**
     * What `{$group: {_id: <constant>, <name>: {$sum: 1}}}` (the driver's countDocuments) gives over
     * `count` documents: one group, none over no documents. Null for any other group, or no count.
     */
    private static List<Document> countOfAll(Document spec, Integer count) {
        if (count == null || spec.size() != 2 || !spec.containsKey("_id") || spec.get("_id") instanceof Document || (spec.get("_id") instanceof String id && id.startsWith("$"))) return null;
        String name = spec.keySet().stream().filter(key -> !key.equals("_id")).findFirst().orElseThrow();
        if (!(spec.get(name) instanceof Document sum && sum.size() == 1 && sum.get("$sum") instanceof Integer one && one == 1)) return null;
        return count == 0 ? List.of() : List.of(new Document("_id", spec.get("_id")).append(name, count));
    }

    static class Collection extends H2Collection {
        /**
         * Set under this collection's lock, which every change and every query holds (a count reads
         * it unlocked: at worst it copies what it only counts, or leaves a copy it does not need).
         */
        private boolean changing;

        /** Indexes still to be filled, all in one read of the collection, before it is next read or written. */
        private final List<HeapIndex> toFill = new ArrayList<>();

        Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        /**
         * The indexes the server opens with the store, and every new non-unique one, are filled at the
         * collection's first read or write rather than at once, so that a large store opens in seconds.
         * A unique index created later is filled at once, as upstream does, which refuses duplicates.
         */
        @Override
        public synchronized void addIndex(Index<Object> index) {
            boolean later = index instanceof SecondaryIndex || (index instanceof HeapUniqueIndex && getDatabase() instanceof Database database && database.opening());
            if (!later || getIndexes().stream().anyMatch(existing -> existing.getName().equals(index.getName()))) {
                super.addIndex(index);
                return;
            }
            getIndexes().add(index);
            toFill.add((HeapIndex) index);
        }

        @Override
        public synchronized void dropIndex(String indexName) {
            toFill.removeIf(index -> ((Index<?>) index).getName().equals(indexName));
            super.dropIndex(indexName);
        }

        /** If the documents break a unique index (a store written without it), every read and write fails, saying so. */
        private synchronized void fillIndexes() {
            if (toFill.isEmpty()) return;
            try {
                streamAllDocumentsWithPosition().forEach(stored -> toFill.forEach(index -> index.fill(stored.getPosition(), stored.getDocument(), this)));
            } catch (RuntimeException e) {
                toFill.forEach(HeapIndex::empty);
                throw e;
            }
            toFill.forEach(HeapIndex::markFilled);
            toFill.clear();
        }

        @Override
        public Document validate() {
            fillIndexes();
            return super.validate();
        }

        @Override
        public Document getStats() {
            fillIndexes();
            return super.getStats();
        }

        @Override
        public synchronized void addDocument(Document document) {
            fillIndexes();
            super.addDocument(document);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize, Document fieldSelector) {
            fillIndexes();
            if (getIndexes().stream().anyMatch(index -> index.canHandle(query))) return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            Iterable<Object> byId = ById.positions(query, getIndexes());
            if (byId != null) return matchDocuments(query, byId, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            List<Object> found = IndexPlan.positions(query, orderBy, numberToSkip, limit, getIndexes(), count(), position -> matches(position, query));
            if (found == null) return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            return matchDocumentsFromStream(documentsAt(found), query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }

        /** The documents the secondary indexes say may match (each still to be matched), or null when none can tell. */
        synchronized List<Document> candidates(Document query) {
            fillIndexes();
            if (getIndexes().stream().anyMatch(index -> index.canHandle(query)) || ById.positions(query, getIndexes()) != null) return null;
            List<Object> found = IndexPlan.positions(query, null, 0, 0, getIndexes(), count(), position -> true);
            return found == null ? null : documentsAt(found).toList();
        }

        /**
         * How many documents match the query, from its fields' indexes alone, without reading a
         * document: every condition is `$exists`, or a value, `$eq`, `$in` or range (see
         * SecondaryIndex#meeting), on a field whose index holds each document under one value.
         * The live orders, or those of a state or a date range among them, are counted so. Null when
         * some condition cannot be told so.
         */
        synchronized Integer countedByIndex(Document query) {
            if (query.isEmpty()) return null;
            fillIndexes();
            List<Set<Object>> within = new ArrayList<>();
            List<Set<Object>> without = new ArrayList<>();
            for (String field : query.keySet()) {
                SecondaryIndex index = getIndexes().stream().filter(i -> i instanceof SecondaryIndex s && s.field().equals(field) && s.holdsEachOnce()).map(i -> (SecondaryIndex) i).findFirst().orElse(null);
                if (index == null) return null;
                Object condition = query.get(field);
                if (condition instanceof Document operators && operators.size() == 1 && operators.get("$exists") instanceof Boolean exists) {
                    if (query.size() == 1) return index.countWithField(exists, count());
                    SecondaryIndex.Positions meeting = index.withField(exists);
                    if (meeting == null) return null;
                    (meeting.inside() ? within : without).add(meeting.set());
                    continue;
                }
                Document alone = new Document(field, condition);
                Set<Object> meeting = index.meeting(condition, value -> documentMatchesQuery(withValueAt(field, value), alone));
                if (meeting == null) return null;
                within.add(meeting);
            }
            if (within.isEmpty()) {
                Set<Object> outside = new HashSet<>();
                without.forEach(outside::addAll);
                return count() - outside.size();
            }
            within.sort(Comparator.comparingInt(Set::size));
            int counted = 0;
            for (Object position : within.get(0)) {
                if (within.stream().allMatch(set -> set.contains(position)) && without.stream().noneMatch(set -> set.contains(position))) counted++;
            }
            return counted;
        }

        /** A document holding only `value` at the dotted path `field`. */
        private static Document withValueAt(String field, Object value) {
            String[] path = field.split("\\.");
            Document document = new Document(path[path.length - 1], value);
            for (int i = path.length - 2; i >= 0; i--) document = new Document(path[i], document);
            return document;
        }

        private Stream<Document> documentsAt(List<Object> positions) {
            return positions.stream().map(this::getDocument).filter(Objects::nonNull);
        }

        private boolean matches(Object position, Document query) {
            Document document = getDocument(position);
            return document != null && documentMatchesQuery(document, query);
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

/**
 * A non-unique index (mongo-java-server 1.47 ignores them: a query on `state` or
 * `_ordo.outboxPending` reads the whole collection). It is held in memory, ordered by the value of
 * the index's first field, and filled from the documents at the collection's first read or write
 * after the server opens the store or the index is created (see Collection#addIndex).
 * It only narrows what a query reads: every document it names is still matched against the whole
 * query. So it answers only where a narrower read cannot lose a match, and otherwise says nothing
 * (null) and the query reads the whole collection as before.
 */
final class SecondaryIndex extends Index<Object> implements HeapIndex {
    private final String field;
    private final List<String> path;
    /** A number in the path: a list position to the matcher, a field name to the path reader. */
    private final boolean unreadablePath;
    private final NavigableMap<Object, Set<Object>> byValue = new TreeMap<>(ValueComparator.asc());
    private final Map<Object, List<Object>> valuesAt = new HashMap<>();
    /**
     * Of a plain index, the documents whose path leads to nothing (not even null): what `$exists:
     * false` finds, unless multikey. A sparse index holds exactly the others.
     */
    private final Set<Object> absent = new HashSet<>();
    /** Some document holds an array on the field's path: it may sit under several values, or none. */
    private boolean multikey;
    /** It met a value it cannot hold (or could not read one): it no longer narrows anything. */
    private boolean broken;
    /** Holds every document of its collection (until then it takes no changes and answers nothing). */
    private boolean filled;

    SecondaryIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        field = keys.get(0).getKey();
        path = List.of(field.split("\\."));
        unreadablePath = path.stream().anyMatch(segment -> segment.chars().allMatch(Character::isDigit));
        broken = unreadablePath;
    }

    String field() {
        return field;
    }

    @Override
    public synchronized void fill(Object position, Document document, MongoCollection<Object> collection) {
        put(Missing.ofNullable(position), document);
    }

    @Override
    public synchronized void markFilled() {
        filled = true;
    }

    @Override
    public synchronized void empty() {
        byValue.clear();
        valuesAt.clear();
        absent.clear();
        multikey = false;
        broken = unreadablePath;
    }

    /** The positions of the documents whose field may meet the condition: equal to a value, in a list, or in a range. */
    synchronized List<Object> lookUp(Object condition) {
        if (broken || !filled) return null;
        Collection<Map.Entry<Object, Set<Object>>> runs = runsFor(condition);
        if (runs == null) return null;
        Set<Object> found = new LinkedHashSet<>();
        for (Map.Entry<Object, Set<Object>> run : runs) found.addAll(run.getValue());
        return new ArrayList<>(found);
    }

    /** The runs of documents whose value may meet the condition (a value, `$eq`, `$in` or a range); null when it cannot narrow. */
    private Collection<Map.Entry<Object, Set<Object>>> runsFor(Object condition) {
        if (plain(condition)) return runOf(condition);
        if (!(condition instanceof Document operators) || !narrowing(operators)) return null;
        if (plain(operators.get("$eq"))) return runOf(operators.get("$eq"));
        if (operators.get("$in") instanceof Collection<?> values && values.stream().allMatch(SecondaryIndex::plain)) {
            // Values equal to one another share a run, and its key.
            Map<Object, Map.Entry<Object, Set<Object>>> byKey = new LinkedHashMap<>();
            for (Object value : values) runOf(value).forEach(run -> byKey.put(run.getKey(), run));
            return byKey.values();
        }
        NavigableMap<Object, Set<Object>> range = range(operators);
        return range == null ? null : range.entrySet();
    }

    /**
     * The positions of the documents that match, read in the order of a sort on the field (within
     * the condition's range, if it sets one), in whole runs of equal values until there are at least
     * `wanted`: what comes after them sorts after every one of them. Null unless every document sits
     * under exactly one value.
     */
    synchronized List<Object> firstInOrder(boolean ascending, Object condition, Predicate<Object> matches, long wanted) {
        if (broken || !filled || multikey || isSparse()) return null;
        NavigableMap<Object, Set<Object>> view = byValue;
        if (condition instanceof Document operators && narrowing(operators)) {
            NavigableMap<Object, Set<Object>> range = range(operators);
            if (range != null) view = range;
        }
        if (!ascending) view = view.descendingMap();
        List<Object> found = new ArrayList<>();
        for (Set<Object> run : view.values()) {
            if (found.size() >= wanted) break;
            for (Object position : run) {
                if (matches.test(position)) found.add(position);
            }
        }
        return found;
    }

    /** Every document sits under exactly one value (null for none), so the index alone can count. */
    synchronized boolean holdsEachOnce() {
        return !broken && filled && !multikey;
    }

    /** How many of the collection's `total` documents have the field (`exists`) or not; null when it cannot tell. */
    synchronized Integer countWithField(boolean exists, int total) {
        if (!holdsEachOnce()) return null;
        int with = isSparse() ? valuesAt.size() : total - absent.size();
        return exists ? with : total - with;
    }

    /** The documents in `set` (`inside`), or all the others. */
    record Positions(Set<Object> set, boolean inside) {
    }

    /** The documents that have the field (`exists`) or not; null when it cannot tell. */
    synchronized Positions withField(boolean exists) {
        if (!holdsEachOnce()) return null;
        return isSparse() ? new Positions(new HashSet<>(valuesAt.keySet()), exists) : new Positions(new HashSet<>(absent), !exists);
    }

    /**
     * The positions of the documents that meet the condition (a value, `$eq`, `$in` or a range),
     * exactly: `meets` decides each value under which documents sit, as the matcher would decide a
     * document holding only it. Null when it cannot tell (see lookUp, holdsEachOnce).
     */
    synchronized Set<Object> meeting(Object condition, Predicate<Object> meets) {
        if (!holdsEachOnce()) return null;
        Collection<Map.Entry<Object, Set<Object>>> runs = runsFor(condition);
        if (runs == null) return null;
        Set<Object> found = new HashSet<>();
        for (Map.Entry<Object, Set<Object>> run : runs) {
            if (meets.test(run.getKey())) found.addAll(run.getValue());
        }
        return found;
    }

    /** The run of documents under `value` (the key as stored, which may be another type equal to it): none or one. */
    private List<Map.Entry<Object, Set<Object>>> runOf(Object value) {
        Map.Entry<Object, Set<Object>> run = byValue.ceilingEntry(value);
        return run != null && ValueComparator.asc().compare(run.getKey(), value) == 0 ? List.of(run) : List.of();
    }

    /** Values a lookup may use: equal here exactly when MongoDB's query finds them equal. */
    private static boolean plain(Object value) {
        return value instanceof String || plainNumber(value) || value instanceof Boolean || value instanceof Instant || value instanceof ObjectId;
    }

    /**
     * ValueComparator compares a whole number beyond an int's range as a long, cutting off the
     * fraction of the other side: 3e9 + 0.25 = 3e9 = 3e9 + 0.75 < ... no order a TreeMap can keep.
     * Within an int's range (and for no NaN, no Decimal128) it orders numbers as they are.
     */
    private static boolean plainNumber(Object value) {
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) return true;
        if (!(value instanceof Long || value instanceof Double || value instanceof Float)) return false;
        double number = ((Number) value).doubleValue();
        return !Double.isNaN(number) && Math.abs(number) < Integer.MAX_VALUE;
    }

    /**
     * Only these operators narrow, and only alone: on a path through an array upstream's matcher
     * decides `{$in: [...], $ne: x}` (or $nin, $all) by the $ne alone.
     */
    private static boolean narrowing(Document operators) {
        return !operators.isEmpty() && NARROWING.containsAll(operators.keySet());
    }

    private static final Set<String> NARROWING = Set.of("$eq", "$in", "$gt", "$gte", "$lt", "$lte");

    private NavigableMap<Object, Set<Object>> range(Document operators) {
        Object low = null;
        Object high = null;
        boolean lowIncluded = false;
        boolean highIncluded = false;
        for (String operator : List.of("$gt", "$gte")) {
            if (plain(operators.get(operator))) {
                low = operators.get(operator);
                lowIncluded = operator.equals("$gte");
            }
        }
        for (String operator : List.of("$lt", "$lte")) {
            if (plain(operators.get(operator))) {
                high = operators.get(operator);
                highIncluded = operator.equals("$lte");
            }
        }
        // An array's elements may meet the two bounds one each, none of them both.
        if (multikey && low != null) high = null;
        if (low == null && high == null) return null;
        // No value meets both bounds (TreeMap refuses such a range): the query reads as without the index.
        if (low != null && high != null) {
            int order = ValueComparator.asc().compare(low, high);
            if (order > 0 || (order == 0 && !(lowIncluded && highIncluded))) return null;
        }
        NavigableMap<Object, Set<Object>> view = byValue;
        if (low != null) view = view.tailMap(low, lowIncluded);
        if (high != null) view = view.headMap(high, highIncluded);
        return view;
    }

    private Object valueAt(Document document) {
        return Utils.getSubdocumentValueCollectionAware(document, field);
    }

    private void put(Object position, Document document) {
        if (broken) return;
        try {
            if (listInList(document, 0)) throw new IllegalStateException("a list in a list on the path " + field);
            Object read = valueAt(document);
            List<Object> values = new ArrayList<>();
            collect(read, values);
            if (values.stream().anyMatch(v -> v instanceof Number && !plainNumber(v))) throw new IllegalStateException("a number beyond an int's range on " + field);
            if (read instanceof Missing) {
                // As on MongoDB, a sparse index leaves out only the documents without the field (it holds a null).
                if (isSparse()) return;
                absent.add(position);
            }
            if (values.isEmpty()) return;
            for (Object value : values) byValue.computeIfAbsent(value, v -> new LinkedHashSet<>()).add(position);
            valuesAt.put(position, values);
        } catch (RuntimeException e) {
            stop();
            System.err.println("index " + getName() + " stops narrowing queries: " + e);
        }
    }

    private void stop() {
        broken = true;
        byValue.clear();
        valuesAt.clear();
        absent.clear();
    }

    /**
     * The path reader gives nothing for a list inside a list before the path's end, where the
     * matcher looks into it; a number in the path is a list position to the matcher, a field name
     * to the reader. The index cannot hold such documents.
     */
    private boolean listInList(Object value, int depth) {
        if (value instanceof Collection<?> elements) {
            for (Object element : elements) {
                if (element instanceof Collection<?> && depth < path.size()) return true;
                if (listInList(element, depth)) return true;
            }
            return false;
        }
        if (depth == path.size() || !(value instanceof Document document)) return false;
        return listInList(document.get(path.get(depth)), depth + 1);
    }

    private void collect(Object value, List<Object> into) {
        if (value instanceof Collection<?> elements) {
            multikey = true;
            for (Object element : elements) collect(element, into);
        } else {
            into.add(Missing.isNullOrMissing(value) ? null : value);
        }
    }

    private void take(Object position) {
        absent.remove(position);
        List<Object> values = valuesAt.remove(position);
        if (values == null) return;
        for (Object value : values) {
            Set<Object> positions = byValue.get(value);
            if (positions == null) continue;
            positions.remove(position);
            if (positions.isEmpty()) byValue.remove(value);
        }
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        if (filled) put(Missing.ofNullable(position), document);
    }

    /** On the H2 store a document's position is its _id (Missing for none, as the collection's map keys it). */
    @Override
    public synchronized Object remove(Document document) {
        Object position = Missing.ofNullable(document.get("_id"));
        take(position);
        return position;
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position, MongoCollection<Object> collection) {
        if (!filled || broken) return;
        try {
            // Most updates leave most indexed fields as they were (the path reader does not see a list
            // put into a list, so that is looked for first).
            if (!listInList(newDocument, 0) && Objects.equals(valueAt(oldDocument), valueAt(newDocument))) return;
        } catch (RuntimeException e) {
            // put (below) stops the index for good.
        }
        take(Missing.ofNullable(position));
        put(Missing.ofNullable(position), newDocument);
    }

    /** The documents it holds (the server's `validate` reports it as the index's keys). */
    @Override
    public synchronized long getCount() {
        return valuesAt.size();
    }

    @Override
    public synchronized void drop() {
        stop();
    }

    /** Queries reach this index through IndexPlan, never through upstream's exact-keys lookup. */
    @Override
    public boolean canHandle(Document query) {
        return false;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException();
    }

    /** The _id index gives a document's position. */
    @Override
    public Object getPosition(Document document) {
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
    }

    @Override
    public long getDataSize() {
        return 0;
    }
}

/** Which documents a query reads, given the collection's secondary indexes. */
final class IndexPlan {
    private IndexPlan() {
    }

    /**
     * The positions to read (each still to be matched, sorted, skipped and limited), or null to read
     * the whole collection. A lookup on a field the query names (the smallest such) is sorted
     * afterwards; a page of a sorted list may instead be read in the sort's order until it is full,
     * which reads about wanted × total / (lookup size) documents when matches are spread evenly.
     */
    static List<Object> positions(Document query, Document orderBy, int skip, int limit, List<Index<Object>> indexes, int total, Predicate<Object> matches) {
        if (orderBy != null && orderBy.containsKey("$natural")) return null;
        List<Object> lookedUp = null;
        for (Index<Object> index : indexes) {
            if (!(index instanceof SecondaryIndex secondary) || !query.containsKey(secondary.field())) continue;
            List<Object> found = secondary.lookUp(query.get(secondary.field()));
            if (found != null && (lookedUp == null || found.size() < lookedUp.size())) lookedUp = found;
        }
        if (orderBy == null || orderBy.isEmpty() || limit <= 0) return lookedUp;
        String first = orderBy.keySet().iterator().next();
        if (!(orderBy.get(first) instanceof Number direction)) return lookedUp;
        long wanted = (long) skip + limit;
        if (lookedUp != null && (long) lookedUp.size() * lookedUp.size() <= wanted * total) return lookedUp;
        for (Index<Object> index : indexes) {
            if (!(index instanceof SecondaryIndex secondary) || !secondary.field().equals(first)) continue;
            List<Object> walked = secondary.firstInOrder(direction.intValue() > 0, query.get(first), matches, wanted);
            if (walked != null) return walked;
        }
        return lookedUp;
    }
}

/** An index kept in the heap, filled from the stored documents in one read of its collection (see Collection#addIndex). */
interface HeapIndex {
    void fill(Object position, Document document, MongoCollection<Object> collection);

    /** Back to holding nothing, to be filled again. */
    void empty();

    /** Filled: from now on it follows every change and may answer queries. */
    default void markFilled() {
    }
}

/** A unique index kept in the heap (see WholeReadsH2Backend.Database#openOrCreateUniqueIndex). */
final class HeapUniqueIndex extends AbstractUniqueIndex<Object> implements HeapIndex {
    private final Map<KeyValue, Object> positions = new ConcurrentHashMap<>();

    HeapUniqueIndex(String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return positions.remove(key);
    }

    /** As upstream's H2 index: a document without an _id sits under Missing, as in the collection's map. */
    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return positions.putIfAbsent(key, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return positions.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return positions.get(key);
    }

    @Override
    public long getCount() {
        return positions.size();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    /** As a document is added: a duplicate key throws. */
    @Override
    public void fill(Object position, Document document, MongoCollection<Object> collection) {
        add(document, position, collection);
    }

    @Override
    public void empty() {
        positions.clear();
    }
}

/** The collection as an aggregation sees it, but for its documents: those the indexes found. */
final class Candidates {
    private Candidates() {
    }

    @SuppressWarnings("unchecked")
    static MongoCollection<Object> of(MongoCollection<Object> collection, List<Document> documents) {
        return (MongoCollection<Object>) Proxy.newProxyInstance(MongoCollection.class.getClassLoader(), new Class<?>[] {MongoCollection.class}, (proxy, method, args) -> {
            if (method.getName().equals("queryAllAsStream") && method.getParameterCount() == 0) return documents.stream();
            try {
                return method.invoke(collection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
