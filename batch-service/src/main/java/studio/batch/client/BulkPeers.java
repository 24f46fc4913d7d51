package studio.batch.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import studio.batch.config.BatchConfig;
import studio.common.error.ProblemException;

/**
 * A batch's bulk calls to template-service (render) and style-service (compose), in pieces of at
 * most {@code studio.peers.max-request-bytes} of JSON each, one after the other, put back together
 * as if one call had been made: a 10,000-row CSV near the upload limit becomes a render request far
 * over the peers' own body limit (10 MB), which must never surface as their 413.
 */
@ApplicationScoped
public class BulkPeers {

    private final TemplateClient templates;
    private final StyleClient styles;
    private final ObjectMapper json;
    private final int maxRequestBytes;

    @Inject
    public BulkPeers(@RestClient TemplateClient templates, @RestClient StyleClient styles, ObjectMapper json, BatchConfig.Peers config) {
        this(templates, styles, json, config.maxRequestBytes());
    }

    BulkPeers(TemplateClient templates, StyleClient styles, ObjectMapper json, int maxRequestBytes) {
        this.templates = templates;
        this.styles = styles;
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Every row rendered with the template, rows numbered from 0 over all of them. */
    public Uni<TemplateClient.RenderReport> render(String authorization, String vendor, UUID templateId, List<Map<String, String>> rows) {
        List<List<Map<String, String>>> pieces = pieces(rows);
        return Multi.createFrom().iterable(pieces)
                .onItem().transformToUniAndConcatenate(piece -> templates.render(authorization, vendor, templateId,
                        new TemplateClient.RenderRequest(piece)).onFailure(BulkPeers::tooLarge).transform(BulkPeers::rowTooLarge))
                .collect().asList()
                .map(reports -> joinReports(reports, pieces));
    }

    /** Every prompt composed with the request's style or mix, tuning and parameters. */
    public Uni<StyleClient.Composition> compose(String authorization, String vendor, StyleClient.ComposeRequest request) {
        List<List<String>> pieces = pieces(request.prompts());
        return Multi.createFrom().iterable(pieces)
                .onItem().transformToUniAndConcatenate(piece -> styles.compose(authorization, vendor, new StyleClient.ComposeRequest(piece,
                        request.styleId(), request.mix(), request.tuning(), request.parameters()))
                        .onFailure(BulkPeers::tooLarge).transform(BulkPeers::rowTooLarge))
                .collect().asList()
                .map(BulkPeers::joinCompositions);
    }

    /** The items in order, cut wherever the next one would take a piece over the limit (a piece has one item at least). */
    <T> List<List<T>> pieces(List<T> items) {
        List<List<T>> pieces = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long bytes = 0;
        for (T item : items) {
            long size = size(item) + 1;
            if (!current.isEmpty() && bytes + size > maxRequestBytes) {
                pieces.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(item);
            bytes += size;
        }
        pieces.add(current);
        return pieces;
    }

    private long size(Object item) {
        try {
            return json.writeValueAsBytes(item).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a row cannot be written as JSON", e);
        }
    }

    private static TemplateClient.RenderReport joinReports(List<TemplateClient.RenderReport> reports, List<? extends List<?>> pieces) {
        TemplateClient.RenderReport first = reports.get(0);
        List<TemplateClient.RenderedRow> rows = new ArrayList<>();
        int offset = 0;
        int invalid = 0;
        for (int i = 0; i < reports.size(); i++) {
            TemplateClient.RenderReport report = reports.get(i);
            if (report.version() != first.version()) {
                throw templateChanged();
            }
            for (TemplateClient.RenderedRow row : report.rows()) {
                rows.add(new TemplateClient.RenderedRow(row.row() + offset, row.prompt(), row.missing(), row.unknown()));
            }
            invalid += report.invalidRows();
            offset += pieces.get(i).size();
        }
        return new TemplateClient.RenderReport(first.templateId(), first.version(), first.variables(), rows, invalid);
    }

    private static StyleClient.Composition joinCompositions(List<StyleClient.Composition> compositions) {
        StyleClient.Composition first = compositions.get(0);
        List<String> prompts = new ArrayList<>();
        for (StyleClient.Composition composition : compositions) {
            if (!Objects.equals(composition.model(), first.model()) || !Objects.equals(composition.parameters(), first.parameters())) {
                throw new ProblemException(409, "style-changed", "Style changed", "The style changed while the batch was being"
                        + " prepared; send the request again.", null);
            }
            prompts.addAll(composition.prompts());
        }
        return new StyleClient.Composition(first.model(), prompts, first.parameters(), first.applied(), first.conflicts());
    }

    /** A peer's 413: one row alone is over its body limit (pieces hold one row at least). */
    private static boolean tooLarge(Throwable e) {
        return e instanceof PeerErrors.PeerRejected rejected && rejected.status() == 413;
    }

    private static ProblemException rowTooLarge(Throwable e) {
        return new ProblemException(413, "row-too-large", "Row too large", "A row of the request is too large to be rendered;"
                + " shorten its values.", null);
    }

    private static ProblemException templateChanged() {
        return new ProblemException(409, "template-changed", "Template changed", "The template was saved again while the batch was"
                + " being prepared; send the request again to use its newest version.", null);
    }
}
