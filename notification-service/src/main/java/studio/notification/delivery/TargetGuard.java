package studio.notification.delivery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.net.SocketFactory;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import okhttp3.Dns;
import studio.common.error.Problem;

/**
 * Keeps webhooks away from the platform's own network (SSRF): only http and https, and never an
 * address that is loopback, private, link-local (the cloud metadata services live there), carrier-grade
 * NAT, unique-local, unspecified or multicast. The address is checked on every connection, by the
 * socket itself, so a name that resolved to a public address when the subscription was saved and to
 * loopback later (DNS rebinding) is refused too; saving checks what the name resolves to then, for an
 * early, clear answer. {@code studio.webhooks.allow-private-targets=true} is the development setting
 * for receivers on this machine.
 */
@ApplicationScoped
public class TargetGuard {

    private final boolean allowPrivate;
    private final Dns dns;

    @Inject
    public TargetGuard(@ConfigProperty(name = "studio.webhooks.allow-private-targets", defaultValue = "false") boolean allowPrivate) {
        this(allowPrivate, Dns.SYSTEM);
    }

    /** With the resolver given (tests stand in for DNS with it). */
    public TargetGuard(boolean allowPrivate, Dns dns) {
        this.allowPrivate = allowPrivate;
        this.dns = dns;
    }

    /** Thrown when a connection to a refused address is attempted; nothing is sent. */
    public static final class RefusedTarget extends IOException {
        public RefusedTarget(String message) {
            super(message);
        }
    }

    public Dns dns() {
        return dns;
    }

    /** Sockets that refuse to connect to a refused address. */
    public SocketFactory socketFactory() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new GuardedSocket();
            }

            @Override
            public Socket createSocket(String host, int port) throws IOException {
                return connected(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
                return connected(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress host, int port) throws IOException {
                return connected(new InetSocketAddress(host, port));
            }

            @Override
            public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
                return connected(new InetSocketAddress(address, port));
            }

            private Socket connected(InetSocketAddress target) throws IOException {
                Socket socket = new GuardedSocket();
                socket.connect(target);
                return socket;
            }
        };
    }

    private final class GuardedSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (endpoint instanceof InetSocketAddress target) {
                if (target.getAddress() == null) {
                    throw new UnknownHostException(target.getHostString());
                }
                Optional<String> refusal = refusal(target.getAddress());
                if (refusal.isPresent()) {
                    throw new RefusedTarget("refused to connect to " + target.getAddress().getHostAddress() + " (" + refusal.get()
                            + "): webhooks may not reach internal addresses");
                }
            }
            super.connect(endpoint, timeout);
        }
    }

    /** Why this address may not be a webhook target; empty when it may (always empty in development). */
    public Optional<String> refusal(InetAddress address) {
        if (allowPrivate) {
            return Optional.empty();
        }
        return classify(address);
    }

    /** The kind of internal address this is, if it is one. */
    static Optional<String> classify(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local, where cloud metadata services answer");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private network");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (first == 0) {
                return Optional.of("\"this network\" (0.0.0.0/8)");
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return Optional.of("carrier-grade NAT, where some cloud metadata services answer (100.64.0.0/10)");
            }
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
                return Optional.of("IETF protocol assignments (192.0.0.0/24)");
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return Optional.of("benchmarking network (198.18.0.0/15)");
            }
            if (first >= 240) {
                return Optional.of("reserved (240.0.0.0/4)");
            }
        } else if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("unique local, where cloud metadata services answer (fc00::/7)");
            }
            if (isMappedOrCompatible(b)) {
                try {
                    return classify(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return Optional.of("unreadable IPv4-mapped address");
                }
            }
        }
        return Optional.empty();
    }

    /** ::ffff:a.b.c.d (IPv4-mapped) or the deprecated ::a.b.c.d: the IPv4 address decides. */
    private static boolean isMappedOrCompatible(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == (byte) 0xff && b[11] == (byte) 0xff) || (b[10] == 0 && b[11] == 0);
    }

    /**
     * What is wrong with this URL as a webhook target, at saving: not absolute http(s), a user-info
     * part, or a name that resolves to a refused address. A name that does not resolve (yet) is
     * accepted: its deliveries fail, visibly in the log, until it does, and are checked when they connect.
     */
    public List<Problem.FieldError> check(String field, String url) {
        List<Problem.FieldError> errors = new ArrayList<>();
        URI target;
        try {
            target = URI.create(url);
        } catch (IllegalArgumentException e) {
            errors.add(Problem.FieldError.of(field, "is not a URL: " + e.getMessage()));
            return errors;
        }
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || target.getHost() == null) {
            errors.add(Problem.FieldError.of(field, "must be an absolute http or https URL"));
            return errors;
        }
        if (target.getRawUserInfo() != null) {
            errors.add(Problem.FieldError.of(field, "must not carry credentials; the signature authenticates the sender"));
            return errors;
        }
        String host = target.getHost().startsWith("[") ? target.getHost().substring(1, target.getHost().length() - 1) : target.getHost();
        try {
            for (InetAddress address : dns.lookup(host)) {
                Optional<String> refusal = refusal(address);
                if (refusal.isPresent()) {
                    errors.add(Problem.FieldError.of(field, "points at " + address.getHostAddress() + " (" + refusal.get()
                            + "); webhooks may not reach internal addresses"));
                    return errors;
                }
            }
        } catch (UnknownHostException notYet) {
            // checked again on every connection
        }
        return errors;
    }
}
