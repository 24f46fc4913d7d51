import { useEffect, useState } from 'react';
import { Accordion, Button, Card, Divider, Grid, Group, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconPhotoAi, IconRefresh } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { GenerationParameters, fromParameters, toRequest, type GenerationSettings } from '@/components/GenerationParameters';
import { ImageResult } from '@/components/ImageResult';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { TuningPanel, tuningRequest, type TuningValues } from '@/components/TuningPanel';
import { useGenerate, useItem } from '@/lib/items';
import { useModels } from '@/lib/models';
import { ApiError, errorsByField } from '@/lib/problem';
import { useStyles } from '@/lib/styles';
import { FromProduct } from './FromProduct';

/** One image from a prompt: the model and its parameters, the image when it is ready, a rating, Generate similar. */
export function GenerateSingle() {
  const [params, setParams] = useSearchParams();
  const similar = useItem(params.get('similar') ?? undefined);
  const styles = useStyles();
  const models = useModels();
  const [prompt, setPrompt] = useState('');
  const [styleId, setStyleId] = useState<string | null>(null);
  const [settings, setSettings] = useState<GenerationSettings>({ quality: 'medium', styleStrength: 70 });
  const [tuning, setTuning] = useState<TuningValues>({});
  const [itemId, setItemId] = useState<string>();
  const item = useItem(itemId);
  const generate = useGenerate();

  useEffect(() => {
    // "Generate similar": start from that image's prompt and parameters
    if (similar.data) {
      setPrompt(similar.data.prompt ?? '');
      setSettings((s) => ({ ...s, ...fromParameters(similar.data!.parameters as Record<string, unknown>) }));
    }
  }, [similar.data]);

  const run = (basedOn?: string) => {
    const { parameters } = toRequest(settings);
    generate.mutate(
      {
        body: { prompt, parameters, styleId: styleId ?? undefined, tuning: tuningRequest(tuning, styleId ? settings.styleStrength : undefined), basedOn, fresh: true },
        key: crypto.randomUUID(),
      },
      { onSuccess: (created) => setItemId(created?.id) },
    );
  };
  const errors = errorsByField(generate.error instanceof ApiError ? generate.error.problem : undefined);
  const model = models.data?.models?.find((m) => m.id === (settings.model ?? models.data?.defaultModel));

  return (
    <>
      <PageHeader title="Generate single" description="One image from a prompt, on the fast lane." />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md">
            <Stack gap="md">
              <Accordion variant="contained" chevronPosition="left">
                <Accordion.Item value="product">
                  <Accordion.Control>Write it for a product</Accordion.Control>
                  <Accordion.Panel>
                    <FromProduct onPrompt={setPrompt} onStyle={setStyleId} />
                  </Accordion.Panel>
                </Accordion.Item>
              </Accordion>
              <Textarea
                label="Prompt"
                required
                autosize
                minRows={4}
                maxRows={12}
                value={prompt}
                onChange={(e) => setPrompt(e.currentTarget.value)}
                error={errors.prompt}
                description={model ? `${prompt.length} / ${model.maxPromptLength} characters` : undefined}
                placeholder="Blue Dream cannabis flower, macro photography, trichomes visible, soft studio lighting"
              />
              <Select label="Style" placeholder="No style" clearable clearButtonProps={{ 'aria-label': 'No style' }} searchable data={(styles.data ?? []).map((s) => ({ value: s.id!, label: s.name! }))} value={styleId} onChange={setStyleId} />
              <GenerationParameters value={settings} onChange={setSettings} errors={errors} withStyleStrength={styleId !== null} />
              <Divider />
              <TuningPanel
                value={tuning}
                onChange={setTuning}
                prompt={prompt}
                styleId={styleId}
                styleStrength={settings.styleStrength}
                parameters={toRequest(settings).parameters}
              />
              <ProblemAlert error={generate.error} title="The image was not started" />
              <Group>
                <Button leftSection={<IconPhotoAi size={18} aria-hidden />} disabled={!prompt.trim()} loading={generate.isPending} onClick={() => run()}>
                  Generate
                </Button>
                {params.get('similar') && (
                  <Button variant="subtle" onClick={() => setParams({})}>
                    Start from scratch
                  </Button>
                )}
              </Group>
            </Stack>
          </Card>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Card withBorder radius="md" mih={300}>
            <Title order={2} size="h5" mb="sm">
              Result
            </Title>
            {item.data ? (
              <Stack>
                <ImageResult item={item.data} alt={`Generated: ${item.data.prompt}`} size={480} />
                {item.data.status === 'completed' && (
                  <Button variant="light" leftSection={<IconRefresh size={16} aria-hidden />} onClick={() => run(item.data!.id)} loading={generate.isPending} w="fit-content">
                    Generate similar
                  </Button>
                )}
              </Stack>
            ) : (
              <Text c="dimmed">Your image appears here as soon as it is ready.</Text>
            )}
          </Card>
        </Grid.Col>
      </Grid>
    </>
  );
}
