// Runs mongo-java-server (MongoDB wire protocol) on a chosen address with a file-backed H2 store.
// Started by the local stack with Java's single-file source launcher, so there is nothing to compile:
//   java -cp 'lib/*' MongoLauncher.java <host> <port> <store file>
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import java.util.concurrent.CountDownLatch;

public class MongoLauncher {
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: MongoLauncher <host> <port> <store file>");
            System.exit(2);
        }
        MongoServer server = new MongoServer(new H2Backend(args[2]));
        server.enableOplog(); // change streams
        server.bind(args[0], Integer.parseInt(args[1]));

        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM: stop accepting, close connections, then commit and close the H2 file.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            stopped.countDown();
        }));
        System.out.println("mongo-java-server listening on " + args[0] + ":" + args[1] + ", store " + args[2]);
        stopped.await();
    }
}
