package studio.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import okhttp3.Dns;
import studio.common.error.Problem;
import studio.devstack.testing.WebhookReceiver;

/** The SSRF guard: which addresses are refused, when saving and when connecting. */
class TargetGuardTest {

    private final TargetGuard guard = new TargetGuard(false);

    @ParameterizedTest(name = "{0} is refused: {1}")
    @CsvSource({
            "127.0.0.1, loopback",
            "127.1.2.3, loopback",
            "::1, loopback",
            "10.0.0.8, private network",
            "172.16.5.4, private network",
            "172.31.255.255, private network",
            "192.168.1.1, private network",
            "169.254.169.254, link-local",
            "fe80::1, link-local",
            "fd00:ec2::254, unique local",
            "fc00::1, unique local",
            "100.64.0.1, carrier-grade NAT",
            "100.100.100.200, carrier-grade NAT",
            "0.0.0.0, unspecified",
            "::, unspecified",
            "0.1.2.3, this network",
            "224.0.0.1, multicast",
            "ff02::1, multicast",
            "::ffff:127.0.0.1, loopback",
            "::ffff:169.254.169.254, link-local",
            "198.18.0.1, benchmarking",
            "240.0.0.1, reserved",
    })
    void internalAddressesAreRefused(String address, String kind) throws UnknownHostException {
        assertThat(guard.refusal(InetAddress.getByName(address))).hasValueSatisfying(reason -> assertThat(reason).contains(kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:220:1:248:1893:25c8:1946"})
    void publicAddressesAreAllowed(String address) throws UnknownHostException {
        assertThat(guard.refusal(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void savingChecksSchemeCredentialsAndWhatTheNameResolvesTo() {
        assertThat(messages(guard.check("url", "ftp://example.com/hook"))).containsExactly("must be an absolute http or https URL");
        assertThat(messages(guard.check("url", "/relative"))).containsExactly("must be an absolute http or https URL");
        assertThat(messages(guard.check("url", "https://user:secret@example.com/hook"))).first().asString().contains("credentials");
        // a name that resolves to loopback
        assertThat(messages(guard.check("url", "http://localhost:8080/hook"))).first().asString().contains("loopback");
        assertThat(messages(guard.check("url", "http://[::1]/hook"))).first().asString().contains("loopback");
        assertThat(messages(guard.check("url", "http://169.254.169.254/latest/meta-data/"))).first().asString().contains("link-local");
        // not resolvable yet: accepted, and checked when connecting
        assertThat(guard.check("url", "http://name.invalid/hook")).isEmpty();
        assertThat(new TargetGuard(true).check("url", "http://localhost:8080/hook")).isEmpty();
    }

    @Test
    void aNameThatRebindsToLoopbackAfterSavingIsRefusedWhenConnecting() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // public when the subscription is saved, loopback on every later lookup: DNS rebinding
            AtomicInteger lookups = new AtomicInteger();
            Dns rebinding = host -> List.of(InetAddress.getByName(lookups.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1"));
            TargetGuard rebound = new TargetGuard(false, rebinding);
            String url = receiver.url().replace("127.0.0.1", "hooks.example.com");
            assertThat(rebound.check("url", url)).isEmpty();

            WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), rebound);
            WebhookSender.Outcome outcome = sender.send(new WebhookSender.Message(url, List.of(WebhookSigner.newSecret()), "msg_1", "{}"))
                    .await().atMost(Duration.ofSeconds(10));

            assertThat(outcome.status()).isZero();
            assertThat(outcome.error()).contains("refused to connect to 127.0.0.1").contains("loopback");
            assertThat(receiver.received).isEmpty();
        }
    }

    @Test
    void anAddressLiteralIsCheckedWhenConnectingToo() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            WebhookSender strict = new WebhookSender(Duration.ofSeconds(5), guard);
            WebhookSender.Outcome refused = strict.send(new WebhookSender.Message(receiver.url(), List.of(WebhookSigner.newSecret()),
                    "msg_2", "{}")).await().atMost(Duration.ofSeconds(10));
            assertThat(refused.error()).contains("loopback");
            assertThat(receiver.received).isEmpty();

            // the development setting lets the same request through
            WebhookSender lenient = new WebhookSender(Duration.ofSeconds(5), new TargetGuard(true));
            assertThat(lenient.send(new WebhookSender.Message(receiver.url(), List.of(WebhookSigner.newSecret()), "msg_3", "{}"))
                    .await().atMost(Duration.ofSeconds(10)).status()).isEqualTo(204);
            assertThat(receiver.received).hasSize(1);
        }
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            receiver.answer = request -> new WebhookReceiver.Answer(302, java.util.Map.of("location", "http://169.254.169.254/"));
            WebhookSender sender = new WebhookSender(Duration.ofSeconds(5), new TargetGuard(true));
            WebhookSender.Outcome outcome = sender.send(new WebhookSender.Message(receiver.url(), List.of(WebhookSigner.newSecret()),
                    "msg_4", "{}")).await().atMost(Duration.ofSeconds(10));
            assertThat(outcome.status()).isEqualTo(302);
            assertThat(outcome.succeeded()).isFalse();
            assertThat(outcome.error()).contains("redirects are not followed");
            assertThat(receiver.received).hasSize(1);
        }
    }

    private static List<String> messages(List<Problem.FieldError> errors) {
        return errors.stream().map(Problem.FieldError::message).toList();
    }

    @ParameterizedTest(name = "{0} is refused when saved: {1}")
    @CsvSource(delimiter = '|', value = {
            "http://0x7f000001/hook | four decimal numbers",
            "http://2130706433/hook | four decimal numbers",
            "http://0177.0.0.1/hook | four decimal numbers",
            "http://127.1/hook | four decimal numbers",
            "http://localhost./hook | loopback",
            "http://api.localhost/hook | loopback",
            "http://example.com:70000/hook | ports go up to 65535",
            "http://metadata.google.internal/computeMetadata/v1/ | cloud metadata",
            "http://[64:ff9b::a00:1]/hook | private network",
            "http://[64:ff9b::7f00:1]/hook | loopback",
            "http://[2002:c0a8:101::1]/hook | private network"})
    void addressesWrittenToSlipPastTheCheckAreRefusedWhenSaved(String url, String why) {
        assertThat(messages(guard.check("url", url))).first().asString().contains(why);
    }

    @ParameterizedTest(name = "{0} is refused even in development")
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/", "http://metadata.google.internal/",
            "http://100.100.100.200/latest/meta-data/", "http://[64:ff9b::a9fe:a9fe]/"})
    void cloudMetadataServicesAreRefusedEvenWhereInternalTargetsAreAllowed(String url) {
        assertThat(messages(new TargetGuard(true).check("url", url))).first().asString().contains("metadata");
    }

    @Test
    void anIpv4AddressInsideNat64Or6to4IsJudgedByThatAddress() throws UnknownHostException {
        assertThat(InternalAddresses.classify(InetAddress.getByName("64:ff9b::a00:1"))).get().asString().contains("private network");
        assertThat(InternalAddresses.classify(InetAddress.getByName("2002:7f00:1::1"))).get().asString().contains("loopback");
        assertThat(InternalAddresses.classify(InetAddress.getByName("64:ff9b::808:808"))).isEmpty();
        assertThat(guard.check("url", "http://93.184.215.14/hook")).isEmpty();
    }
}
