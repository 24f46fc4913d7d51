import { Group, Input, Select, Slider, Stack, Text } from '@mantine/core';
import { useModels } from '@/lib/models';

/** What a vendor sets for an image: the model and its size and quality, and how strongly a style applies. */
export interface GenerationSettings {
  model?: string;
  size?: string;
  quality?: string;
  outputFormat?: string;
  styleStrength?: number;
}

/** The request's parameters and tuning as batch-service takes them. */
export function toRequest(settings: GenerationSettings) {
  const parameters: Record<string, unknown> = {};
  if (settings.model) parameters.model = settings.model;
  if (settings.size) parameters.size = settings.size;
  if (settings.quality) parameters.quality = settings.quality;
  if (settings.outputFormat) parameters.output_format = settings.outputFormat;
  const tuning = settings.styleStrength === undefined ? undefined : { styleStrength: settings.styleStrength };
  return { parameters, tuning };
}

/** Settings from a template's stored parameters (the editor keeps them in this shape). */
export function fromParameters(parameters: Record<string, unknown> | undefined): GenerationSettings {
  const p = parameters ?? {};
  return {
    model: typeof p.model === 'string' ? p.model : undefined,
    size: typeof p.size === 'string' ? p.size : undefined,
    quality: typeof p.quality === 'string' ? p.quality : undefined,
    outputFormat: typeof p.output_format === 'string' ? p.output_format : undefined,
    styleStrength: typeof p.styleStrength === 'number' ? p.styleStrength : undefined,
  };
}

const FORMAT_LABEL: Record<string, string> = { png: 'PNG (keeps transparency)', jpeg: 'JPEG (about a tenth of the size)' };

const QUALITY_LABEL: Record<string, string> = { low: 'Low', medium: 'Standard', high: 'HD', xhigh: 'Ultra', max: 'Max', auto: 'Auto', standard: 'Standard', hd: 'HD' };

/**
 * Model, size, format (where the model offers a choice), quality (a slider that says its value) and style strength (a slider in percent),
 * shown only where a style applies (`withStyleStrength`: a request sends it only with a style).
 */
export function GenerationParameters({
  value,
  onChange,
  errors,
  withStyleStrength = true,
}: {
  value: GenerationSettings;
  onChange: (v: GenerationSettings) => void;
  errors?: Record<string, string>;
  withStyleStrength?: boolean;
}) {
  const models = useModels();
  const list = models.data?.models ?? [];
  const model = list.find((m) => m.id === (value.model ?? models.data?.defaultModel));
  const qualities = (model?.qualities ?? []).filter((q) => q !== 'auto');
  const qualityIndex = Math.max(0, qualities.indexOf(value.quality ?? 'medium'));
  const strength = value.styleStrength ?? 70;
  const formats = model?.outputFormats ?? [];
  return (
    <Stack gap="md">
      <Group grow align="flex-start">
        <Select
          label="Model"
          data={list.map((m) => ({ value: m.id!, label: m.isDefault ? `${m.id} (default)` : m.id! }))}
          value={value.model ?? models.data?.defaultModel ?? null}
          onChange={(m) => onChange({ ...value, model: m ?? undefined, size: undefined, quality: undefined, outputFormat: undefined })}
          error={errors?.model}
          allowDeselect={false}
        />
        <Select
          label="Size"
          data={(model?.sizes ?? []).map((s) => ({ value: s, label: s === 'auto' ? 'Auto' : s.replace('x', ' × ') }))}
          value={value.size ?? '1024x1024'}
          onChange={(s) => onChange({ ...value, size: s ?? undefined })}
          error={errors?.size}
          allowDeselect={false}
        />
      </Group>
      {formats.length > 1 && (
        <Select
          label="Format"
          maw={360}
          data={formats.map((f) => ({ value: f, label: FORMAT_LABEL[f] ?? f }))}
          value={value.outputFormat ?? 'png'}
          onChange={(f) => onChange({ ...value, outputFormat: f && f !== 'png' ? f : undefined })}
          error={errors?.output_format}
          allowDeselect={false}
        />
      )}
      {qualities.length > 0 && (
        <Input.Wrapper label="Quality" error={errors?.quality} description={`${QUALITY_LABEL[qualities[qualityIndex]] ?? qualities[qualityIndex]}: higher costs more per image`}>
          <Slider
            mt="xs"
            mb="lg"
            min={0}
            max={qualities.length - 1}
            step={1}
            value={qualityIndex}
            onChange={(i) => onChange({ ...value, quality: qualities[i] })}
            label={(i) => QUALITY_LABEL[qualities[i]] ?? qualities[i]}
            marks={qualities.map((q, i) => ({ value: i, label: QUALITY_LABEL[q] ?? q }))}
            thumbLabel="Quality"
          />
        </Input.Wrapper>
      )}
      {withStyleStrength && (
        <Input.Wrapper label="Style strength" description="How strongly the chosen style shapes the image">
          <Group gap="sm" mt={4}>
            <Slider
              style={{ flex: 1 }}
              min={0}
              max={100}
              step={5}
              value={strength}
              onChange={(s) => onChange({ ...value, styleStrength: s })}
              label={(v) => `${v}%`}
              thumbLabel="Style strength"
            />
            <Text size="sm" w={44} ta="right" fw={600}>
              {strength}%
            </Text>
          </Group>
        </Input.Wrapper>
      )}
    </Stack>
  );
}
