package studio.notification.delivery;

import java.io.IOException;
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

import okhttp3.Dns;
import studio.common.error.Problem;
import studio.notification.config.WebhookConfig;

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
    public TargetGuard(WebhookConfig config) {
        this(config.allowPrivateTargets());
    }

    /** Private targets allowed or not, with the system's resolver. */
    public TargetGuard(boolean allowPrivate) {
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

    /** Why this address may not be a webhook target; empty when it may (only metadata services are refused in development). */
    public Optional<String> refusal(InetAddress address) {
        if (InternalAddresses.METADATA_ADDRESSES.contains(address.getHostAddress()) || InternalAddresses.unwrapped(address).map(a -> InternalAddresses.METADATA_ADDRESSES.contains(a.getHostAddress()))
                .orElse(false)) {
            return Optional.of(InternalAddresses.classify(address).map(kind -> kind + "; a cloud metadata service").orElse("a cloud metadata service"));
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        return InternalAddresses.classify(address);
    }

    /** The host part of an authority ({@code user@host:port}), or null. */
    private static String hostOf(String authority) {
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (!host.startsWith("[") && host.lastIndexOf(':') > 0) {
            host = host.substring(0, host.lastIndexOf(':'));
        }
        return host.isEmpty() ? null : host;
    }

    /** A host made of numbers (decimal, 0x hex or 0-prefixed octal) and dots: an IPv4 address in some notation. */
    static boolean isNumericHost(String host) {
        return host.matches("(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+)){0,3}");
    }

    /** The one notation every client reads alike: four decimal numbers up to 255 without leading zeros. */
    static boolean isDottedDecimal(String host) {
        return host.matches("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");
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
        // java.net.URI gives no host for names it deems malformed (127.1): read it from the authority, as HTTP clients do
        String rawHost = target.getHost() != null ? target.getHost() : hostOf(target.getRawAuthority());
        if (!scheme.equals("https") && !scheme.equals("http") || rawHost == null) {
            errors.add(Problem.FieldError.of(field, "must be an absolute http or https URL"));
            return errors;
        }
        if (target.getRawUserInfo() != null) {
            errors.add(Problem.FieldError.of(field, "must not carry credentials; the signature authenticates the sender"));
            return errors;
        }
        if (target.getPort() > 65535) {
            errors.add(Problem.FieldError.of(field, "has port " + target.getPort() + "; ports go up to 65535"));
            return errors;
        }
        String host = rawHost.startsWith("[") ? rawHost.substring(1, rawHost.length() - 1) : rawHost;
        String name = host.toLowerCase(Locale.ROOT).replaceAll("\\.+$", "");
        if (InternalAddresses.METADATA_NAMES.contains(name)) {
            errors.add(Problem.FieldError.of(field, "names a cloud metadata service; webhooks may not reach it"));
            return errors;
        }
        if (!allowPrivate && (name.equals("localhost") || name.endsWith(".localhost"))) {
            errors.add(Problem.FieldError.of(field, "names this machine (" + host + ", loopback); webhooks may not reach internal addresses"));
            return errors;
        }
        if (isNumericHost(name) && !isDottedDecimal(name)) {
            // 0x7f000001, 2130706433, 0177.0.0.1: clients read these as IPv4 addresses, each its own way
            errors.add(Problem.FieldError.of(field, "writes an IP address as " + host + "; write it as four decimal numbers (a.b.c.d)"));
            return errors;
        }
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
