// Runs mongo-java-server (MongoDB wire protocol) on a chosen address with a file-backed H2 store.
// The local stack compiles it once into servers/mongo/launcher-<fingerprint>.jar and runs
//   java -cp 'launcher.jar:lib/*' MongoLauncher <host> <port> <store file | :memory:>
// `:memory:` keeps everything in the heap (benchmarks at a million documents, where the H2 store
// grows without bound and fails; nothing survives a restart).
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.util.concurrent.CountDownLatch;
import org.h2.mvstore.MVStore;

public class MongoLauncher {
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: MongoLauncher <host> <port> <store file | :memory:>");
            System.exit(2);
        }
        MongoServer server = new MongoServer(args[2].equals(":memory:") ? new MemoryBackend() : new H2Backend(args[2]));
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
