package studio.common.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What every service's JSON reading refuses before a resource sees it. */
class StrictTextTest {

    @Test
    void nestingDeeperThanTheLimitIsRefusedWhileParsing() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictText().customize(mapper);
        String deep = "{\"a\": " + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        assertThatThrownBy(() -> mapper.readValue(deep, Map.class)).isInstanceOf(StreamConstraintsException.class)
                .hasMessageContaining("nesting depth");
    }
}
