import { useEffect, useMemo, useState } from 'react';
import { Autocomplete, Button, Card, Grid, Group, Select, Skeleton, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconDeviceFloppy, IconPhotoAi } from '@tabler/icons-react';
import { useNavigate, useParams } from 'react-router';
import { GenerationParameters, fromParameters, toRequest, type GenerationSettings } from '@/components/GenerationParameters';
import { ImageResult } from '@/components/ImageResult';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useGenerate, useItem } from '@/lib/items';
import { ApiError, errorsByField } from '@/lib/problem';
import { useStyles } from '@/lib/styles';
import { useAnalysis, usePreview, useSaveTemplate, useTemplate, useTemplateVersions, type Template } from '../api';
import { placeholders, syncVariables, type Variable } from '../variables';
import { CATEGORIES } from './TemplateLibrary';
import { AnalyzerFindings } from './AnalyzerFindings';
import { PromptInput } from './PromptInput';
import { PromptPreview } from './PromptPreview';
import { VariablesEditor } from './VariablesEditor';
import { VersionHistory } from './VersionHistory';

interface Draft {
  name: string;
  description: string;
  category: string | null;
  style: string;
  promptText: string;
  variables: Variable[];
  settings: GenerationSettings;
}

const EMPTY: Draft = { name: '', description: '', category: 'product', style: '', promptText: '', variables: [], settings: { quality: 'medium', styleStrength: 70 } };

function draftOf(t: Template | { [k: string]: unknown }): Draft {
  const template = t as Template;
  return {
    name: template.name ?? '',
    description: template.description ?? '',
    category: template.category ?? null,
    style: template.style ?? '',
    promptText: template.promptText ?? '',
    variables: (template.variables ?? []).map((v) => ({ name: v.name!, defaultValue: v.defaultValue, description: v.description, required: v.required })),
    settings: fromParameters(template.parameters as Record<string, unknown>),
  };
}

/** Create or edit a template: prompt with variables, parameters, live preview, analyzer, test generate, versions. */
export function TemplateEditor() {
  const { id } = useParams();
  const template = useTemplate(id);
  const versions = useTemplateVersions(id);
  const save = useSaveTemplate();
  const navigate = useNavigate();
  const styles = useStyles();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [loadedId, setLoadedId] = useState<string | undefined>();

  useEffect(() => {
    if (id && template.data && loadedId !== id) {
      setDraft(draftOf(template.data));
      setLoadedId(id);
    }
    if (!id && loadedId) {
      setDraft(EMPTY);
      setLoadedId(undefined);
    }
  }, [id, template.data, loadedId]);

  const used = useMemo(() => placeholders(draft.promptText), [draft.promptText]);
  const declared = draft.variables.map((v) => v.name);
  const [debounced] = useDebouncedValue(draft, 250);
  const sample = Object.fromEntries(debounced.variables.filter((v) => v.defaultValue).map((v) => [v.name, v.defaultValue!]));
  const preview = usePreview(
    debounced.promptText.trim()
      ? { promptText: debounced.promptText, variables: debounced.variables.map((v) => ({ ...v })), sample, model: debounced.settings.model }
      : null,
  );
  const rendered = preview.data?.prompt ?? '';
  const analysis = useAnalysis(rendered, toRequest(debounced.settings).parameters, debounced.category ?? undefined);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const fieldErrors = errorsByField(save.error instanceof ApiError ? save.error.problem : undefined);

  const onSave = () =>
    save.mutate(
      {
        id,
        body: {
          name: draft.name,
          description: draft.description || undefined,
          category: draft.category ?? undefined,
          style: draft.style || undefined,
          promptText: draft.promptText,
          parameters: { ...draft.settings },
          variables: draft.variables.map((v) => ({ name: v.name, defaultValue: v.defaultValue, description: v.description, required: v.required })),
        },
      },
      {
        onSuccess: (saved) => {
          notifications.show({ color: 'teal', message: id ? `Saved as version ${saved?.version}.` : `"${saved?.name}" was created.` });
          if (!id && saved?.id) navigate(`/templates/${saved.id}`, { replace: true });
        },
      },
    );

  if (id && template.isPending) {
    return <Skeleton h={480} radius="md" />;
  }
  if (id && template.error) {
    return <ProblemAlert error={template.error} title="This template could not be opened" />;
  }
  return (
    <>
      <PageHeader
        title={id ? `Edit template` : 'New template'}
        description={id ? `${template.data?.name} · version ${template.data?.version}` : 'A prompt with variables that batches fill in.'}
        actions={
          <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} onClick={onSave} loading={save.isPending}>
            {id ? 'Save' : 'Save template'}
          </Button>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <ProblemAlert error={save.error} title="The template was not saved" />
            <Card withBorder radius="md">
              <Stack gap="sm">
                <TextInput label="Name" required value={draft.name} onChange={(e) => set('name', e.currentTarget.value)} error={fieldErrors.name} maxLength={255} />
                <Group grow align="flex-start">
                  <Select label="Category" data={CATEGORIES} value={draft.category} onChange={(v) => set('category', v)} error={fieldErrors.category} clearable clearButtonProps={{ 'aria-label': 'Clear the category' }} />
                  <Autocomplete
                    label="Style"
                    placeholder="realistic, luxury, …"
                    data={[...new Set((styles.data ?? []).map((s) => s.name!.toLowerCase()))]}
                    value={draft.style}
                    onChange={(v) => set('style', v)}
                    error={fieldErrors.style}
                    maxLength={50}
                  />
                </Group>
                <Textarea label="Description" autosize minRows={1} value={draft.description} onChange={(e) => set('description', e.currentTarget.value)} error={fieldErrors.description} />
                <PromptInput
                  label="Prompt"
                  description="Type { to insert a variable; its default is the preview's sample."
                  value={draft.promptText}
                  declared={declared}
                  error={fieldErrors.promptText}
                  onChange={(text) => setDraft((d) => ({ ...d, promptText: text, variables: syncVariables(d.variables, text) }))}
                />
              </Stack>
            </Card>
            <Card withBorder radius="md">
              <Title order={3} size="h5" mb="xs">
                Variables
              </Title>
              <VariablesEditor variables={draft.variables} used={used} onChange={(v) => set('variables', v)} />
            </Card>
            <Card withBorder radius="md">
              <Title order={3} size="h5" mb="xs">
                Parameters
              </Title>
              <GenerationParameters value={draft.settings} onChange={(s) => set('settings', s)} errors={fieldErrors} />
            </Card>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md">
            <PromptPreview preview={preview.data} loading={preview.isFetching} />
            <TestGenerate prompt={rendered} templateId={id} version={template.data?.version} settings={draft.settings} disabled={!rendered || (preview.data?.problems?.length ?? 0) > 0} />
            <AnalyzerFindings analysis={analysis.data} />
            {id && <VersionHistory versions={versions.data ?? []} current={template.data?.version} onRestore={(v) => setDraft(draftOf(v as never))} />}
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}

/** Test generate: one image of the rendered sample prompt, shown when the live stream says it is ready. */
function TestGenerate({ prompt, templateId, version, settings, disabled }: { prompt: string; templateId?: string; version?: number; settings: GenerationSettings; disabled: boolean }) {
  const generate = useGenerate();
  const [itemId, setItemId] = useState<string>();
  const item = useItem(itemId);
  return (
    <Card withBorder radius="md" aria-labelledby="test-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h5" id="test-title">
          Test generate
        </Title>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPhotoAi size={14} aria-hidden />}
          disabled={disabled}
          loading={generate.isPending}
          onClick={() =>
            generate.mutate(
              { body: { prompt, templateId, templateVersion: version, ...toRequest(settings), fresh: true }, key: crypto.randomUUID() },
              { onSuccess: (created) => setItemId(created?.id) },
            )
          }
        >
          Test generate
        </Button>
      </Group>
      <ProblemAlert error={generate.error} title="The test image was not started" />
      {item.data ? (
        <ImageResult item={item.data} alt={`Test image: ${prompt}`} size={320} />
      ) : (
        <Text size="sm" c="dimmed">
          Make one image of the preview's prompt with these parameters, before you run a whole batch.
        </Text>
      )}
    </Card>
  );
}
