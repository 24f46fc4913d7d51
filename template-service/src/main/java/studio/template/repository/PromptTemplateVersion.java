package studio.template.repository;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import studio.template.service.TemplateVariables;

/** One saved state of a template; never changed once written. */
@Entity
@Table(name = "prompt_template_versions")
@IdClass(PromptTemplateVersion.Key.class)
public class PromptTemplateVersion {

    /** (template, version). */
    public record Key(UUID templateId, int version) implements Serializable {
        public Key() {
            this(null, 0);
        }
    }

    @Id
    @Column(name = "template_id")
    public UUID templateId;

    @Id
    public int version;

    @Column(nullable = false)
    public String name;

    public String description;

    @Column(name = "prompt_text", nullable = false)
    public String promptText;

    public String category;

    public String style;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, Object> parameters;

    @JdbcTypeCode(SqlTypes.JSON)
    public TemplateVariables variables;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static PromptTemplateVersion of(PromptTemplate t) {
        PromptTemplateVersion v = new PromptTemplateVersion();
        v.templateId = t.id;
        v.version = t.currentVersion;
        v.name = t.name;
        v.description = t.description;
        v.promptText = t.promptText;
        v.category = t.category;
        v.style = t.style;
        v.parameters = t.parameters;
        v.variables = t.variables;
        v.createdAt = t.updatedAt;
        return v;
    }
}
