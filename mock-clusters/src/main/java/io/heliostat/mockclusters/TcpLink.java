package io.heliostat.mockclusters;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network link to a server, for tests and benchmarks: a TCP forwarder on a port of its own that can be cut (every connection
 * closed, new ones refused) and restored on the same port, as a route to a cluster that drops and comes back.
 */
public final class TcpLink implements AutoCloseable {

    private final int port;
    private final int target;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket listener;

    private TcpLink(int port, int target) {
        this.port = port;
        this.target = target;
    }

    /** A link from a free port to {@code target} on the loopback interface, up. */
    public static TcpLink to(int target) {
        TcpLink link = new TcpLink(freePort(), target);
        link.restore();
        return link;
    }

    public int port() {
        return port;
    }

    /** A port nothing listens on now, on the loopback interface. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on the loopback interface", e);
        }
    }

    /** Accepts connections again, on the same port. */
    public synchronized void restore() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            listener = socket;
        } catch (IOException e) {
            throw new IllegalStateException("link could not listen on port " + port, e);
        }
        ServerSocket socket = listener;
        Thread.ofPlatform().daemon().name("link-" + port).start(() -> accept(socket));
    }

    /** Closes every connection and refuses new ones. */
    public synchronized void cut() {
        close(listener);
        open.forEach(TcpLink::close);
        open.clear();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                open.add(client);
                open.add(server);
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                // cut, or the target refused: the client sees its connection closed
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // a side closed
            } finally {
                close(from);
                close(to);
            }
        });
    }

    private static void close(java.io.Closeable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        cut();
    }
}
