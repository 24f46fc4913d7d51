package studio.worker.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/** How the provider's images answer is read: the image's base64 decoded as it was sent, a bad one refused. */
class ImagesAnswerTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anImageOfSeveralMegabytesIsDecodedByteForByte() throws Exception {
        byte[] image = new byte[3_000_001];
        new Random(7).nextBytes(image);
        String answer = "{\"created\": 1, \"data\": [{\"b64_json\": \"" + Base64.getEncoder().encodeToString(image)
                + "\"}], \"usage\": {\"input_tokens\": 3, \"output_tokens\": 272}}";

        OpenAiImagesClient.ImagesResponse read = json.readValue(answer.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                OpenAiImagesClient.ImagesResponse.class);

        assertThat(read.data().get(0).b64Json()).isEqualTo(image);
        assertThat(read.usage().outputTokens()).isEqualTo(272);
    }

    @Test
    void anAnswerWhoseImageIsNotBase64IsRefusedAsUnreadable() {
        assertThatThrownBy(() -> json.readValue("{\"data\": [{\"b64_json\": \"not base64!\"}]}", OpenAiImagesClient.ImagesResponse.class))
                .isInstanceOf(InvalidFormatException.class).hasMessageContaining("b64_json is not base64");
    }
}
