package studio.notification.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * Which addresses are internal (loopback, private, link-local, carrier-grade NAT, reserved, IPv6
 * unique local, and IPv4 addresses wrapped in IPv6 notations), and which are cloud metadata
 * services: what {@link TargetGuard} refuses as webhook targets.
 */
final class InternalAddresses {

    private InternalAddresses() {
    }

    /**
     * Cloud metadata services: never a webhook target, not even in development, where they would
     * hand out the machine's credentials.
     */
    static final List<String> METADATA_ADDRESSES = List.of("169.254.169.254", "fd00:ec2:0:0:0:0:0:254", "100.100.100.200");
    static final List<String> METADATA_NAMES = List.of("metadata.google.internal", "metadata.goog", "metadata");

    /** The IPv4 address inside a NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address, which reaches it. */
    static Optional<InetAddress> unwrapped(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        try {
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12)) {
                return Optional.of(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            }
            if (b[0] == 0x20 && b[1] == 0x02) {
                return Optional.of(InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]}));
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
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
            Optional<InetAddress> inner = unwrapped(address);
            if (inner.isPresent()) {
                return classify(inner.get()).map(kind -> kind + ", inside " + address.getHostAddress());
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
}
