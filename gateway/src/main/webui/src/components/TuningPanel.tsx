import { ActionIcon, Badge, Group, Loader, NumberInput, SegmentedControl, Slider, Stack, Table, Text, Textarea, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDice5 } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { data, styleApi, type StyleSchemas } from '@/lib/api';
import { ProblemAlert } from './ProblemAlert';

/** The tuning a vendor sets once for a request (style strength comes with the style, see GenerationParameters). */
export interface TuningValues {
  creativity?: number;
  detailLevel?: number;
  quality?: 'standard' | 'hd' | 'ultra';
  negativePrompt?: string;
  seed?: number;
}

/** Only what was set: an untouched slider sends nothing rather than its neutral 50. */
export function tuningRequest(values: TuningValues, styleStrength?: number): StyleSchemas['Tuning'] | undefined {
  const tuning: StyleSchemas['Tuning'] = {};
  if (styleStrength !== undefined) tuning.styleStrength = styleStrength;
  if (values.creativity !== undefined) tuning.creativity = values.creativity;
  if (values.detailLevel !== undefined) tuning.detailLevel = values.detailLevel;
  if (values.quality) tuning.quality = values.quality;
  if (values.negativePrompt?.trim()) tuning.negativePrompt = values.negativePrompt.trim();
  if (values.seed !== undefined) tuning.seed = values.seed;
  return Object.keys(tuning).length > 0 ? tuning : undefined;
}

const HOW_COLOR: Record<string, string> = { 'prompt text': 'teal', 'request parameter': 'blue', 'prompt weight': 'grape', metadata: 'dark', ignored: 'dark' };

/**
 * The roadmap's prompt tuning panel: creativity and detail (50 is neutral), a quality preset, what to
 * avoid and a seed; below them, how the chosen model really applies each setting, as the compose
 * endpoint reports it (a seed a model cannot take is said so, not pretended).
 */
export function TuningPanel({
  value,
  onChange,
  prompt,
  styleId,
  styleStrength,
  parameters,
}: {
  value: TuningValues;
  onChange: (value: TuningValues) => void;
  prompt: string;
  styleId: string | null;
  styleStrength?: number;
  parameters: Record<string, unknown>;
}) {
  const set = (patch: Partial<TuningValues>) => onChange({ ...value, ...patch });
  // debounced as text: an object made anew on every render would never settle
  const [requestText] = useDebouncedValue(
    JSON.stringify({ prompt, styleId, tuning: tuningRequest(value, styleId ? styleStrength : undefined), parameters }),
    300,
  );
  const request = JSON.parse(requestText) as { prompt: string; styleId: string | null; tuning?: StyleSchemas['Tuning']; parameters: Record<string, unknown> };
  const report = useQuery({
    queryKey: ['tuning-applied', request],
    enabled: request.tuning !== undefined || request.styleId !== null,
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(
        await styleApi.POST('/api/vendor/media/style-presets/compose', {
          body: {
            prompts: [request.prompt.trim() || 'a product photo'],
            styleId: request.styleId ?? undefined,
            tuning: request.tuning,
            parameters: request.parameters,
          },
        }),
      ),
  });
  const applied = report.data?.applied ?? [];

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={3} size="h5">
          Tuning
        </Title>
        {report.isFetching && <Loader size="xs" role="status" aria-label="Checking how the model applies the tuning" />}
      </Group>
      <Stack gap="xs">
        <Stack gap={0}>
          <SliderLabel label="Creativity" value={value.creativity} />
          <Slider
            mt="xs"
            mx="lg"
            thumbLabel="Creativity"
            min={0}
            max={100}
            value={value.creativity ?? 50}
            onChange={(v) => set({ creativity: v })}
            marks={[{ value: 0, label: 'Faithful' }, { value: 100, label: 'Bold' }]}
            mb="lg"
          />
        </Stack>
        <Stack gap={0}>
          <SliderLabel label="Detail" value={value.detailLevel} />
          <Slider
            mt="xs"
            mx="lg"
            thumbLabel="Detail"
            min={0}
            max={100}
            value={value.detailLevel ?? 50}
            onChange={(v) => set({ detailLevel: v })}
            marks={[{ value: 0, label: 'Simple' }, { value: 100, label: 'Intricate' }]}
            mb="lg"
          />
        </Stack>
      </Stack>
      <Stack gap={4}>
        <Text size="sm" fw={500}>
          Quality preset
        </Text>
        <SegmentedControl
          fullWidth
          aria-label="Quality preset"
          value={value.quality ?? 'default'}
          onChange={(q) => set({ quality: q === 'default' ? undefined : (q as TuningValues['quality']) })}
          data={[
            { value: 'default', label: 'As set above' },
            { value: 'standard', label: 'Standard' },
            { value: 'hd', label: 'HD' },
            { value: 'ultra', label: 'Ultra' },
          ]}
        />
      </Stack>
      <Textarea
        label="Avoid (negative prompt)"
        autosize
        minRows={1}
        maxLength={1000}
        value={value.negativePrompt ?? ''}
        onChange={(e) => set({ negativePrompt: e.currentTarget.value })}
      />
      <Group align="flex-end" gap="xs">
        <NumberInput
          label="Seed"
          description="The same seed and prompt give the same image where the model takes one."
          min={0}
          max={4294967295}
          allowDecimal={false}
          allowNegative={false}
          value={value.seed ?? ''}
          onChange={(v) => set({ seed: typeof v === 'number' ? v : undefined })}
          style={{ flex: 1 }}
        />
        <Tooltip label="A random seed">
          <ActionIcon variant="default" size="lg" mb={1} aria-label="A random seed" onClick={() => set({ seed: Math.floor(Math.random() * 4294967296) })}>
            <IconDice5 size={18} aria-hidden />
          </ActionIcon>
        </Tooltip>
      </Group>
      <ProblemAlert error={report.error} title="Could not check the tuning" />
      {applied.length > 0 && (
        <Table aria-label={`How ${report.data?.model ?? 'the model'} applies it`} verticalSpacing={4} fz="sm">
          <Table.Caption style={{ captionSide: 'top', textAlign: 'left' }}>How {report.data?.model} applies it</Table.Caption>
          <Table.Tbody>
            {applied.map((a, i) => (
              <Table.Tr key={i}>
                <Table.Td fw={500} style={{ whiteSpace: 'nowrap' }}>
                  {a.setting}
                </Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Badge variant="light" color={HOW_COLOR[a.how ?? ''] ?? 'dark'} style={{ minWidth: 'max-content' }}>
                    {a.how}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{a.detail}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function SliderLabel({ label, value }: { label: string; value?: number }) {
  return (
    <Group justify="space-between">
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Text size="xs" c="dimmed">
        {value === undefined ? 'Neutral' : value}
      </Text>
    </Group>
  );
}
