package org.hypertower.experiment;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A Spark master URL as a user gives it ({@code --master}), checked before any process starts or
 * any folder is written: its form, and for a standalone or Kubernetes master, that something
 * answers at its address. Spark's own check of an unreachable standalone master takes a minute and
 * a page of log; this one takes at most {@link #CONNECT_TIMEOUT_MILLIS} per address and says it in
 * one sentence.
 */
public final class ClusterMaster {

    /** How long to wait for a master's address to answer. */
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?");
    private static final Pattern LOCAL_CLUSTER = Pattern.compile("local-cluster\\[[1-9][0-9]*,[1-9][0-9]*,[1-9][0-9]*]");
    private static final Pattern HOST_PORT = Pattern.compile("([A-Za-z0-9.\\-]+|\\[[0-9A-Fa-f:]+]):([0-9]{1,5})");

    private ClusterMaster() {}

    /** Returns whether a (checked) master trains on this machine inside the driver: {@code local}, {@code local[N]}, ... */
    public static boolean isLocal(String master) {
        return LOCAL.matcher(master).matches();
    }

    /**
     * Checks a master URL: {@code local}, {@code local[N]}, {@code local[*]}, {@code local[N,F]},
     * {@code local-cluster[N,C,M]}, {@code spark://HOST:PORT[,HOST:PORT...]}, {@code yarn} or
     * {@code k8s://[https://]HOST:PORT}.
     *
     * @return the URL, trimmed
     * @throws IllegalArgumentException in one sentence naming the URL: not a master URL, or nothing
     *     answers at its address
     */
    public static String check(String url) {
        String master = url == null ? "" : url.strip();
        if (LOCAL.matcher(master).matches() || LOCAL_CLUSTER.matcher(master).matches() || master.equals("yarn")) {
            return master;
        }
        List<String> addresses = new ArrayList<>();
        if (master.startsWith("spark://")) {
            for (String hostPort : master.substring("spark://".length()).split(",", -1)) {
                if (!HOST_PORT.matcher(hostPort).matches()) {
                    throw notAMaster(url);
                }
                addresses.add(hostPort);
            }
        } else if (master.startsWith("k8s://")) {
            String rest = master.substring("k8s://".length());
            try {
                URI api = new URI(rest.contains("://") ? rest : "https://" + rest);
                if (api.getHost() == null) {
                    throw notAMaster(url);
                }
                int port = api.getPort() > 0 ? api.getPort() : api.getScheme().equals("http") ? 80 : 443;
                addresses.add(api.getHost() + ":" + port);
            } catch (URISyntaxException e) {
                throw notAMaster(url);
            }
        } else {
            throw notAMaster(url);
        }
        String lastProblem = null;
        for (String address : addresses) {
            int colon = address.lastIndexOf(':');
            String host = address.substring(0, colon).replaceAll("^\\[|]$", "");
            int port = Integer.parseInt(address.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("--master '" + url + "': " + port + " is not a port (1 to 65535); "
                        + "give the port the Spark master listens on, 7077 by default.");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
                return master;
            } catch (IOException e) {
                lastProblem = address + " (" + reason(e) + ")";
            }
        }
        throw new IllegalArgumentException("--master '" + url + "': nothing answers at " + lastProblem + "; start the "
                + "Spark master there, or check the host, the port and the firewall.");
    }

    private static String reason(IOException e) {
        if (e instanceof java.net.UnknownHostException) {
            return "no such host";
        }
        if (e instanceof java.net.SocketTimeoutException) {
            return "no answer within " + CONNECT_TIMEOUT_MILLIS / 1000 + " s";
        }
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.toLowerCase(java.util.Locale.ROOT).replaceAll("\\s*\\(.*\\)$", "");
    }

    private static IllegalArgumentException notAMaster(String url) {
        return new IllegalArgumentException("--master '" + url + "' is not a Spark master URL; give local[N] (Spark on "
                + "this machine), spark://HOST:PORT (a standalone cluster), yarn or k8s://HOST:PORT.");
    }
}
