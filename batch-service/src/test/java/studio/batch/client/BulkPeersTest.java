package studio.batch.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** How a batch's rows are cut into peer calls: in order, none lost, each piece under the limit unless one row alone is over it. */
class BulkPeersTest {

    private final BulkPeers bulk = new BulkPeers(null, null, new ObjectMapper(), 100);

    @Test
    void rowsAreCutInOrderUnderTheLimit() {
        // {"product_name":"row 0"} is 24 bytes, 25 with its separator: four fit in 100 bytes
        List<Map<String, String>> rows = IntStream.range(0, 10).mapToObj(i -> Map.of("product_name", "row " + i)).toList();
        List<List<Map<String, String>>> pieces = bulk.pieces(rows);
        assertThat(pieces).extracting(List::size).containsExactly(4, 4, 2);
        assertThat(pieces.stream().flatMap(List::stream).toList()).isEqualTo(rows);
    }

    @Test
    void aRowOverTheLimitGoesAloneAndOneSmallRequestIsOneCall() {
        assertThat(bulk.pieces(List.of("short", "x".repeat(500), "short"))).extracting(List::size).containsExactly(1, 1, 1);
        assertThat(bulk.pieces(List.of("a", "b"))).hasSize(1);
        assertThat(bulk.pieces(List.of())).singleElement().satisfies(piece -> assertThat(piece).isEmpty());
    }
}
