import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slow-body connections for the fault tests (scripts/fault-tests.sh, f10): keeps --connections connections
 * open for --duration-s seconds, each of which sends a webhook POST head (Content-Length --content-length)
 * and then one body byte a second, so its body never completes. The paths are used in turn (e.g. the real
 * endpoint's and an unknown id's). A connection the server closes is replaced within a second, as an attacker
 * would.
 * One thread and a selector: the client itself holds no thread per connection.
 *
 * <pre>
 * java SlowClient --host 127.0.0.1 --port 8080 --paths /webhooks/stripe/we_x,/webhooks/stripe/we_unknown
 *      --connections 220 --duration-s 25 --content-length 1000 --out slow.tsv [--ready-file F]
 * </pre>
 *
 * One TSV line per connection: idx, path_idx, opened_ms (epoch), closed_ms (\N while it was still open at the
 * end), closed_by (server, or client at the end of the run, or error), status (of the answer the server sent,
 * 0 = none), body_bytes_sent, open_ms (how long the server kept it).
 */
public class SlowClient {

    static final Pattern STATUS = Pattern.compile("^HTTP/1\\.[01] (\\d{3})");

    static final class Connection {
        final int idx;
        final int pathIdx;
        final long openedMs;
        final SocketChannel channel;
        ByteBuffer head;
        final StringBuilder answer = new StringBuilder();
        long closedMs = -1;
        String closedBy;
        int bodyBytes;

        Connection(int idx, int pathIdx, long openedMs, SocketChannel channel, ByteBuffer head) {
            this.idx = idx;
            this.pathIdx = pathIdx;
            this.openedMs = openedMs;
            this.channel = channel;
            this.head = head;
        }

        int status() {
            Matcher m = STATUS.matcher(answer);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        }
    }

    final Map<String, String> opts = new TreeMap<>();
    final List<Connection> all = new ArrayList<>();
    final List<Connection> open = new ArrayList<>();
    Selector selector;
    InetSocketAddress server;
    String host;
    List<String> paths;
    int contentLength;

    public static void main(String[] args) throws Exception {
        new SlowClient().run(args);
    }

    void run(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        host = req("host");
        server = new InetSocketAddress(host, Integer.parseInt(req("port")));
        paths = List.of(req("paths").split(","));
        int connections = Integer.parseInt(req("connections"));
        long durationMs = Long.parseLong(req("duration-s")) * 1000;
        contentLength = Integer.parseInt(opts.getOrDefault("content-length", "1000"));
        selector = Selector.open();

        long t0 = System.currentTimeMillis();
        if (opts.containsKey("ready-file")) Files.writeString(Path.of(opts.get("ready-file")), Long.toString(t0));
        long end = t0 + durationMs;
        long nextByte = t0 + 1000;
        while (open.size() < connections) connect();
        while (System.currentTimeMillis() < end) {
            selector.select(Math.max(1, Math.min(nextByte, end) - System.currentTimeMillis()));
            handleEvents();
            long now = System.currentTimeMillis();
            if (now >= nextByte) {
                for (Connection c : new ArrayList<>(open)) {
                    if (c.head == null) sendBodyByte(c);
                }
                // closed ones are replaced once a second: slow clients, not a flood of new connections
                while (open.size() < connections) connect();
                nextByte += 1000;
            }
        }
        for (Connection c : new ArrayList<>(open)) close(c, "client");
        write(Path.of(req("out")));
        summary(end);
    }

    String req(String k) {
        String v = opts.get(k);
        if (v == null) throw new IllegalArgumentException("--" + k + " is required");
        return v;
    }

    void connect() throws IOException {
        int idx = all.size();
        int pathIdx = idx % paths.size();
        String head = "POST " + paths.get(pathIdx) + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
        SocketChannel channel = SocketChannel.open();
        channel.configureBlocking(false);
        Connection c = new Connection(idx, pathIdx, System.currentTimeMillis(), channel,
                ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
        all.add(c);
        open.add(c);
        try {
            if (channel.connect(server)) {
                writeHead(c);
            } else {
                channel.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            close(c, "error");
        }
    }

    void handleEvents() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            Connection c = (Connection) key.attachment();
            if (!key.isValid()) continue;
            try {
                if (key.isConnectable()) {
                    if (!finishConnect(c)) continue;
                    writeHead(c);
                } else if (key.isWritable()) {
                    writeHead(c);
                } else if (key.isReadable()) {
                    read(c);
                }
            } catch (IOException e) {
                close(c, "server");
            }
        }
    }

    /** A refused connection is counted as an error, not as one the server closed; the next one waits a little. */
    boolean finishConnect(Connection c) {
        try {
            return c.channel.finishConnect();
        } catch (IOException e) {
            close(c, "error");
            try {
                Thread.sleep(20);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    void writeHead(Connection c) throws IOException {
        c.channel.write(c.head);
        if (c.head.hasRemaining()) {
            c.channel.register(selector, SelectionKey.OP_WRITE, c);
        } else {
            c.head = null;
            c.channel.register(selector, SelectionKey.OP_READ, c);
        }
    }

    void read(Connection c) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int n = c.channel.read(buffer);
        if (n < 0) {
            close(c, "server");
        } else if (n > 0 && c.answer.length() < 4096) {
            c.answer.append(new String(buffer.array(), 0, n, StandardCharsets.ISO_8859_1));
        }
    }

    void sendBodyByte(Connection c) {
        if (c.bodyBytes >= contentLength - 1) return; // never the last byte: the body must not complete
        try {
            c.bodyBytes += c.channel.write(ByteBuffer.wrap(new byte[] {' '}));
        } catch (IOException e) {
            close(c, "server"); // reset or broken pipe: the server has closed it
        }
    }

    void close(Connection c, String by) {
        if (c.closedMs >= 0) return;
        c.closedMs = System.currentTimeMillis();
        c.closedBy = by;
        open.remove(c);
        try {
            c.channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    void write(Path out) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            for (Connection c : all) {
                boolean openAtEnd = "client".equals(c.closedBy);
                w.println(String.join("\t", String.valueOf(c.idx), String.valueOf(c.pathIdx), String.valueOf(c.openedMs),
                        openAtEnd ? "\\N" : String.valueOf(c.closedMs), c.closedBy, String.valueOf(c.status()),
                        String.valueOf(c.bodyBytes), String.valueOf(c.closedMs - c.openedMs)));
            }
        }
    }

    void summary(long end) {
        Map<String, Integer> statuses = new TreeMap<>();
        int byServer = 0, atEnd = 0, errors = 0;
        long longestServerKept = 0;
        for (Connection c : all) {
            switch (c.closedBy) {
                case "server" -> {
                    byServer++;
                    statuses.merge(String.valueOf(c.status()), 1, Integer::sum);
                    longestServerKept = Math.max(longestServerKept, c.closedMs - c.openedMs);
                }
                case "client" -> {
                    atEnd++;
                    longestServerKept = Math.max(longestServerKept, end - c.openedMs);
                }
                default -> errors++;
            }
        }
        System.err.printf("SlowClient: %d connections, %d closed by the server (answers %s), %d still open at the end,"
                + " %d connect errors, longest kept open %.1f s%n", all.size(), byServer, statuses, atEnd, errors,
                longestServerKept / 1000.0);
    }
}
