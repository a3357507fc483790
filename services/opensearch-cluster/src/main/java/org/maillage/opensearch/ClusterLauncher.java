package org.maillage.opensearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.codelibs.opensearch.runner.OpenSearchRunner;
import org.opensearch.node.Node;

/**
 * Starts a local OpenSearch cluster of N nodes in one JVM (codelibs OpenSearchRunner) and stops or
 * restarts single nodes on request, so that tests can take one node away and check that the others
 * keep answering with the replicas.
 *
 * <p>Arguments (all optional): {@code -basePath DIR -nodes N -clusterName NAME -host 127.0.0.1
 * -httpPort 9210 -transportPort 9310 -controlDir DIR}. Node i (1..N) is named "Node i", lives in
 * {@code basePath/node_i} and listens on HTTP {@code httpPort + i - 1}, transport
 * {@code transportPort + i - 1}.
 *
 * <p>Control protocol (polled every 100 ms): create an empty file {@code controlDir/stop-I},
 * {@code start-I} or {@code restart-I}; the launcher deletes it and acts. It keeps
 * {@code controlDir/state/node-I} up to date with one word and an optional message: {@code starting},
 * {@code running}, {@code stopping}, {@code stopped} or {@code failed <message>}, and
 * {@code controlDir/state/launcher} with {@code starting}, {@code ready} or {@code failed <message>}.
 * SIGTERM closes every node and exits.
 */
public final class ClusterLauncher {

    private static final Pattern COMMAND = Pattern.compile("(stop|start|restart)-([0-9]+)");

    /** Everything to the console (the calling script redirects it to a log file). */
    private static final String LOG4J2_PROPERTIES = String.join("\n",
            "# Written by ClusterLauncher -- local tests only.",
            "status = error",
            "appender.console.type = Console",
            "appender.console.name = console",
            "appender.console.layout.type = PatternLayout",
            "appender.console.layout.pattern = [%d{ISO8601}][%-5p][%-25c{1.}][%t] %m%n",
            "rootLogger.level = info",
            "rootLogger.appenderRef.console.ref = console",
            "appender.header_warning.type = HeaderWarningAppender",
            "appender.header_warning.name = header_warning",
            "logger.deprecation.name = org.opensearch.deprecation",
            "logger.deprecation.level = deprecation",
            "logger.deprecation.appenderRef.console.ref = console",
            "logger.deprecation.appenderRef.header_warning.ref = header_warning",
            "logger.deprecation.additivity = false",
            "");

    private String basePath = "var/opensearch-cluster/nodes";
    private int nodes = 3;
    private String clusterName = "maillage-cluster";
    private String host = "127.0.0.1";
    private int httpPort = 9210;
    private int transportPort = 9310;
    private String controlDir = "var/opensearch-cluster/control";

    private final OpenSearchRunner runner = new OpenSearchRunner();
    /** Serialises node operations with the shutdown hook. */
    private final Object lock = new Object();
    private volatile boolean shuttingDown;
    private Path control;
    private Path state;

    private ClusterLauncher() {
    }

    public static void main(final String[] args) {
        final ClusterLauncher launcher = new ClusterLauncher();
        try {
            launcher.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("ClusterLauncher: " + e.getMessage());
            System.exit(2);
        }
        System.exit(launcher.run());
    }

    private void parse(final String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            final String value = args[i + 1];
            switch (args[i]) {
                case "-basePath" -> basePath = value;
                case "-nodes" -> nodes = positive(args[i], value);
                case "-clusterName" -> clusterName = value;
                case "-host" -> host = value;
                case "-httpPort" -> httpPort = positive(args[i], value);
                case "-transportPort" -> transportPort = positive(args[i], value);
                case "-controlDir" -> controlDir = value;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
    }

    private static int positive(final String name, final String value) {
        try {
            final int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (final NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " needs a positive integer, not '" + value + "'");
    }

    private int run() {
        try {
            control = Paths.get(controlDir).toAbsolutePath();
            state = control.resolve("state");
            Files.createDirectories(state);
            // Commands left over by a previous run must not fire now.
            try (DirectoryStream<Path> old = Files.newDirectoryStream(control)) {
                for (final Path file : old) {
                    if (COMMAND.matcher(file.getFileName().toString()).matches()) {
                        Files.deleteIfExists(file);
                    }
                }
            }
            writeState("launcher", "starting");
            for (int i = 1; i <= nodes; i++) {
                writeState("node-" + i, "starting");
                final Path conf = Paths.get(basePath, "node_" + i, "config");
                Files.createDirectories(conf);
                // The runner copies its own files only when absent: ours take their place.
                Files.writeString(conf.resolve("log4j2.properties"), LOG4J2_PROPERTIES, StandardCharsets.UTF_8);
                Files.writeString(conf.resolve("opensearch.yml"),
                        "# Settings come from ClusterLauncher (they win over this file).\n", StandardCharsets.UTF_8);
            }
        } catch (final IOException e) {
            System.err.println("ClusterLauncher: cannot prepare " + controlDir + " / " + basePath + ": " + e);
            return 1;
        }

        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "cluster-launcher-shutdown"));

        final List<String> seeds = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            seeds.add(host + ":" + (transportPort + i - 1));
            names.add("Node " + i);
        }
        runner.setMaxHttpPort(-1); // fixed ports: fail on a busy port instead of silently taking the next one
        runner.onBuild((id, settings) -> {
            settings.put("network.host", host);
            settings.put("http.port", String.valueOf(httpPort + id - 1));
            settings.put("transport.port", String.valueOf(transportPort + id - 1));
            settings.putList("discovery.seed_hosts", seeds);
            settings.putList("cluster.initial_cluster_manager_nodes", names);
            // The runner starts the nodes one after the other in one thread: a node must not wait 30 s
            // for a cluster that the next nodes would complete.
            settings.put("discovery.initial_state_timeout", "0s");
            // Never refuse shard allocation because the disk looks "too full" (shared test machines).
            settings.put("cluster.routing.allocation.disk.threshold_enabled", "false");
        });

        final long t0 = System.nanoTime();
        try {
            synchronized (lock) {
                runner.build(OpenSearchRunner.newConfigs()
                        .basePath(basePath)
                        .numOfNode(nodes)
                        .baseHttpPort(httpPort - 1)
                        .clusterName(clusterName)
                        .printOnFailure());
            }
        } catch (final RuntimeException e) {
            e.printStackTrace();
            final String message = rootMessage(e);
            for (int i = 1; i <= nodes; i++) {
                final Node node = runner.getNode(i - 1);
                writeState("node-" + i, node != null && !node.isClosed() ? "running" : "failed " + message);
            }
            writeState("launcher", "failed " + message);
            return 1;
        }
        for (int i = 1; i <= nodes; i++) {
            writeState("node-" + i, "running");
        }
        writeState("launcher", "ready");
        log("cluster '" + clusterName + "' with " + nodes + " nodes started in "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms; control directory " + control);

        while (!shuttingDown) {
            pollCommands();
            try {
                Thread.sleep(100);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return 0;
    }

    private void pollCommands() {
        final List<Path> commands = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(control)) {
            for (final Path file : files) {
                if (COMMAND.matcher(file.getFileName().toString()).matches()) {
                    commands.add(file);
                }
            }
        } catch (final IOException e) {
            log("cannot list " + control + ": " + e);
            return;
        }
        commands.sort(null);
        for (final Path file : commands) {
            final Matcher m = COMMAND.matcher(file.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            try {
                Files.deleteIfExists(file);
            } catch (final IOException e) {
                log("cannot delete " + file + ": " + e);
                continue;
            }
            final int id = Integer.parseInt(m.group(2));
            if (id < 1 || id > nodes) {
                log("ignoring " + file.getFileName() + ": nodes are 1.." + nodes);
                continue;
            }
            switch (m.group(1)) {
                case "stop" -> stopNode(id);
                case "start" -> startNode(id);
                default -> {
                    stopNode(id);
                    startNode(id);
                }
            }
        }
    }

    private void stopNode(final int id) {
        synchronized (lock) {
            if (shuttingDown) {
                return;
            }
            final Node node = runner.getNode(id - 1);
            if (node == null || node.isClosed()) {
                writeState("node-" + id, "stopped");
                return;
            }
            writeState("node-" + id, "stopping");
            final long t0 = System.nanoTime();
            try {
                node.close();
                if (!node.awaitClose(30, TimeUnit.SECONDS)) {
                    log("Node " + id + " did not finish closing within 30 s");
                }
                writeState("node-" + id, "stopped");
                log("Node " + id + " stopped in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
            } catch (final IOException | RuntimeException e) {
                e.printStackTrace();
                writeState("node-" + id, "failed stop: " + rootMessage(e));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                writeState("node-" + id, "failed stop interrupted");
            }
        }
    }

    private void startNode(final int id) {
        synchronized (lock) {
            if (shuttingDown) {
                return;
            }
            final Node node = runner.getNode(id - 1);
            if (node != null && !node.isClosed()) {
                writeState("node-" + id, "running");
                return;
            }
            writeState("node-" + id, "starting");
            final long t0 = System.nanoTime();
            try {
                // Same Environment (settings, paths, ports) and plugins as the first start.
                if (runner.startNode(id - 1)) {
                    writeState("node-" + id, "running");
                    log("Node " + id + " started in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
                } else {
                    writeState("node-" + id, "failed start: node validation failed (see the log)");
                }
            } catch (final RuntimeException e) {
                e.printStackTrace();
                writeState("node-" + id, "failed start: " + rootMessage(e));
            }
        }
    }

    private void shutdown() {
        shuttingDown = true;
        synchronized (lock) {
            try {
                runner.close();
            } catch (final IOException | RuntimeException e) {
                e.printStackTrace();
            }
            for (int i = 1; i <= nodes; i++) {
                writeState("node-" + i, "stopped");
            }
            writeState("launcher", "stopped");
        }
    }

    /** Replace a state file atomically, so that readers never see it half written. */
    private void writeState(final String name, final String value) {
        if (state == null) {
            return;
        }
        try {
            final Path tmp = state.resolve("." + name + ".tmp");
            Files.writeString(tmp, value.replace('\n', ' ') + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, state.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (final IOException e) {
            System.err.println("ClusterLauncher: cannot write state " + name + ": " + e);
        }
    }

    private static String rootMessage(final Throwable e) {
        Throwable t = e;
        final StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            text.append(" <- ").append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return text.toString();
    }

    private static void log(final String message) {
        System.out.println("[cluster-launcher] " + message);
        System.out.flush();
    }
}
