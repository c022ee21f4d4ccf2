package fi.alueverkko.ci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;

/**
 * An in-process Neo4j 5 for tests: Bolt on 127.0.0.1:PORT, auth disabled,
 * data in a temporary folder that is deleted on shutdown.
 *
 * Usage: Launcher PORT [--ignore-stdin]
 *
 * Stops on SIGTERM/SIGINT, and also when standard input reaches end of file, so
 * that a test process that dies without cleaning up (its pipe to us closes)
 * leaves no orphan server. Pass --ignore-stdin when started with no stdin
 * (e.g. `neo4j.sh run 7687 </dev/null &`).
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Launcher PORT [--ignore-stdin]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        boolean watchStdin = !List.of(args).contains("--ignore-stdin");

        // Our own temp folder, removed on any exit: the harness cleans up only
        // after a successful start.
        Path workDir = Files.createTempDirectory("alueverkko-neo4j-");
        AtomicReference<Neo4j> server = new AtomicReference<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Neo4j neo4j = server.get();
            if (neo4j != null) {
                neo4j.close();
            }
            deleteTree(workDir);
        }, "neo4j-shutdown"));

        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(workDir)
                .withDisabledServer() // no HTTP/browser: tests speak Bolt only
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                // Small fixed page cache for tests (the default sizes itself from machine RAM);
                // benchmarks give it room for the whole store, as a production server would.
                .withConfig(GraphDatabaseSettings.pagecache_memory,
                        Long.getLong("neo4j.pagecache.mb", 64L) * 1024 * 1024)
                // Netty waits a quiet period per event loop group on shutdown (5 s
                // each, 10 s in all); a test server has no clients left to wait for.
                .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0);

        // Neo4j loads procedures only from a plugin folder; neo4j.sh build puts APOC core
        // there (its classes also come from the classpath, which is what resolves them).
        Path plugins = Path.of(System.getProperty("neo4j.plugins", "target/plugins")).toAbsolutePath();
        if (Files.isDirectory(plugins)) {
            builder = builder
                    .withConfig(GraphDatabaseSettings.plugin_dir, plugins)
                    .withConfig(GraphDatabaseSettings.procedure_unrestricted, List.of("apoc.*"));
        }

        server.set(builder.build());

        System.out.println("NEO4J_READY bolt://127.0.0.1:" + port);
        System.out.flush();

        if (watchStdin) {
            drain(System.in);
            System.exit(0); // runs the shutdown hook
        }
        Thread.currentThread().join(); // until a signal
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: it is a temp folder
        }
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // the parent may write anything; only end of file matters
            }
        } catch (IOException e) {
            // a broken pipe means the same as end of file
        }
    }
}
