import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Card, FileInput, Grid, Group, Radio, SegmentedControl, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFileTypeCsv, IconPlayerPlay } from '@tabler/icons-react';
import { useNavigate, useSearchParams } from 'react-router';
import { Estimate } from '@/components/Estimate';
import { GenerationParameters, fromParameters, toRequest, type GenerationSettings } from '@/components/GenerationParameters';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { ApiError } from '@/lib/problem';
import { useStyles } from '@/lib/styles';
import { useBatchPreview, useCsvPreview, useStartBatch, useTemplateChoices, type CreateBatch, type CsvFields, type Priority } from '../api';
import { CsvPreview } from './CsvPreview';
import { ProductListInput, emptyProduct, type ProductRow } from './ProductListInput';

type Source = 'products' | 'csv';
type When = 'now' | 'at' | 'off-peak';

/** The batch generator: template, style, products or a CSV, parameters, priority and schedule, the estimate, Start. */
export function BatchGenerator() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const choices = useTemplateChoices();
  const styles = useStyles();
  const [templateId, setTemplateId] = useState<string | null>(params.get('template'));
  const [styleId, setStyleId] = useState<string | null>(params.get('style'));
  const [name, setName] = useState('');
  const [source, setSource] = useState<Source>(params.get('source') === 'csv' ? 'csv' : 'products');
  const [products, setProducts] = useState<ProductRow[]>([emptyProduct()]);
  const [file, setFile] = useState<File | null>(null);
  const [settings, setSettings] = useState<GenerationSettings>({ quality: 'medium', styleStrength: 70 });
  const [priority, setPriority] = useState<Priority>('normal');
  const [when, setWhen] = useState<When>('now');
  const [at, setAt] = useState('');

  const all = useMemo(() => [...(choices.data?.mine ?? []), ...(choices.data?.shared ?? [])], [choices.data]);
  const template = all.find((t) => t.id === templateId);
  useEffect(() => {
    // the template's own parameters are the batch's starting point
    if (template) setSettings((s) => ({ ...s, ...Object.fromEntries(Object.entries(fromParameters(template.parameters as Record<string, unknown>)).filter(([, v]) => v !== undefined)) }));
  }, [template]);

  const { parameters, tuning } = toRequest(settings);
  const schedule = when === 'off-peak' ? { schedule: 'off-peak' } : when === 'at' && at ? { scheduledFor: new Date(at).toISOString() } : {};
  const named = products.filter((p) => p.name.trim());
  const json: CreateBatch | null =
    templateId && source === 'products' && named.length > 0
      ? {
          name: name || undefined,
          templateId,
          styleId: styleId ?? undefined,
          parameters,
          tuning: styleId ? tuning : undefined,
          priority,
          products: named.map((p) => ({ name: p.name.trim(), category: p.category || undefined, strainType: p.strainType || undefined, brand: p.brand || undefined })),
          ...schedule,
        }
      : null;
  const fields: CsvFields | null =
    templateId && source === 'csv' ? { templateId, name: name || undefined, styleId: styleId ?? undefined, parameters, tuning: styleId ? tuning : undefined, priority, ...schedule } : null;

  const [debouncedJson] = useDebouncedValue(json, 400);
  const [debouncedFields] = useDebouncedValue(fields, 400);
  const preview = useBatchPreview(source === 'products' ? debouncedJson : null);
  const csv = useCsvPreview(source === 'csv' ? file : null, source === 'csv' ? debouncedFields : null);
  const start = useStartBatch();

  // One key per request: a double click (or a retry after a lost answer) is the same batch; a changed request is a new one.
  const request = JSON.stringify({ json, fields, file: file && [file.name, file.size, file.lastModified] });
  const key = useRef({ request: '', key: '' });
  if (key.current.request !== request) key.current = { request, key: crypto.randomUUID() };

  const problems = source === 'csv' ? csv.data?.problems ?? [] : preview.data?.problems ?? [];
  const ready = source === 'csv' ? !!file && !!csv.data && problems.length === 0 : !!json && !!preview.data && problems.length === 0;
  const productErrors = Object.fromEntries(
    problems.flatMap((p) => {
      const m = /^products\[(\d+)\]/.exec(p.field ?? '');
      return m ? [[Number(m[1]), p.message ?? 'invalid']] : [];
    }),
  );

  const onStart = () =>
    start.mutate(
      source === 'csv' ? { key: key.current.key, file: file!, fields: fields! } : { key: key.current.key, json: json! },
      { onSuccess: (batch) => batch?.id && navigate(`/batches/${batch.id}`) },
    );

  return (
    <>
      <PageHeader title="Batch generation" description="Many images from one template: one per product or CSV row." />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack gap="md">
            <Card withBorder radius="md">
              <Stack gap="sm">
                <Select
                  label="Template"
                  placeholder={choices.isPending ? 'Loading templates…' : 'Choose a template'}
                  searchable
                  required
                  nothingFoundMessage="No template by that name"
                  data={[
                    { group: 'My templates', items: (choices.data?.mine ?? []).map((t) => ({ value: t.id!, label: t.name! })) },
                    { group: 'Public templates', items: (choices.data?.shared ?? []).map((t) => ({ value: t.id!, label: t.name! })) },
                  ]}
                  value={templateId}
                  onChange={setTemplateId}
                />
                {template && (
                  <Text size="sm" c="dimmed" ff="monospace" lineClamp={2}>
                    {template.promptText}
                  </Text>
                )}
                <Group grow align="flex-start">
                  <Select
                    label="Style"
                    placeholder="No style"
                    clearable
                    clearButtonProps={{ 'aria-label': 'No style' }}
                    searchable
                    data={(styles.data ?? []).map((s) => ({ value: s.id!, label: s.name! }))}
                    value={styleId}
                    onChange={setStyleId}
                  />
                  <TextInput label="Batch name" placeholder={template ? `${template.name} batch` : 'Optional'} value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={255} />
                </Group>
              </Stack>
            </Card>

            <Card withBorder radius="md">
              <Group justify="space-between" mb="sm">
                <Title order={3} size="h5">
                  Input
                </Title>
                <SegmentedControl
                  aria-label="Input method"
                  value={source}
                  onChange={(v) => setSource(v as Source)}
                  data={[
                    { value: 'products', label: 'Product list' },
                    { value: 'csv', label: 'CSV upload' },
                  ]}
                />
              </Group>
              {source === 'products' ? (
                <ProductListInput products={products} onChange={setProducts} errors={productErrors} />
              ) : (
                <FileInput
                  label="CSV file"
                  description="A header row names the variables (Product Name or product_name both fill {product_name}). Up to 10,000 rows, 10 MB."
                  placeholder="Choose products.csv"
                  accept=".csv,text/csv"
                  leftSection={<IconFileTypeCsv size={16} aria-hidden />}
                  value={file}
                  onChange={setFile}
                  clearable
                  clearButtonProps={{ 'aria-label': 'Remove the file' }}
                />
              )}
            </Card>

            <Card withBorder radius="md">
              <Title order={3} size="h5" mb="sm">
                Parameters
              </Title>
              <GenerationParameters value={settings} onChange={setSettings} withStyleStrength={styleId !== null} />
            </Card>

            <Card withBorder radius="md">
              <Stack gap="sm">
                <Title order={3} size="h5">
                  Priority and schedule
                </Title>
                <SegmentedControl
                  aria-label="Priority"
                  value={priority}
                  onChange={(v) => setPriority(v as Priority)}
                  data={[
                    { value: 'urgent', label: 'Urgent' },
                    { value: 'normal', label: 'Normal' },
                    { value: 'bulk', label: 'Bulk (cheapest)' },
                  ]}
                />
                <Radio.Group label="When" value={when} onChange={(v) => setWhen(v as When)}>
                  <Group mt={4}>
                    <Radio value="now" label="Now" />
                    <Radio value="at" label="At a time" />
                    <Radio value="off-peak" label="Off-peak hours" />
                  </Group>
                </Radio.Group>
                {when === 'at' && <TextInput type="datetime-local" label="Start at (your local time)" value={at} onChange={(e) => setAt(e.currentTarget.value)} w={260} />}
              </Stack>
            </Card>
          </Stack>
        </Grid.Col>

        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack gap="md" pos="sticky" top={76}>
            <Title order={2} size="h4">
              Before you start
            </Title>
            {!templateId && <Text c="dimmed">Choose a template to see what the batch will make and cost.</Text>}
            {source === 'csv' && templateId && !file && <Text c="dimmed">Choose a CSV file to preview it.</Text>}
            <ProblemAlert error={source === 'csv' ? csv.error : preview.error} title="The preview failed" />
            {source === 'csv' && csv.data && file && <CsvPreview preview={csv.data} fileName={file.name} />}
            {source === 'products' && preview.data && (
              <Stack gap="sm">
                {(preview.data.prompts?.length ?? 0) > 0 && (
                  <Card withBorder radius="md">
                    <Text size="sm" fw={600} mb={4}>
                      First prompts, as they will be sent
                    </Text>
                    {preview.data.prompts!.map((p, i) => (
                      <Text key={i} size="sm" mb={4}>
                        {i + 1}. {p}
                      </Text>
                    ))}
                  </Card>
                )}
                {problems.length > 0 && (
                  <ProblemAlert
                    error={new ApiError({ status: 400, detail: `Fix ${problems.length === 1 ? 'this' : `these ${problems.length}`} before starting.`, errors: problems.map((p) => ({ ...p, message: p.message ?? '' })) })}
                    title="Not ready yet"
                  />
                )}
                <Estimate images={preview.data.rows} costUsd={preview.data.estimatedCostUsd} seconds={preview.data.estimatedSeconds} budget={preview.data.budget} />
              </Stack>
            )}
            <ProblemAlert error={start.error} title="The batch was not started" />
            <Button size="md" leftSection={<IconPlayerPlay size={18} aria-hidden />} disabled={!ready} loading={start.isPending} onClick={onStart}>
              {when === 'now' ? 'Start batch generation' : 'Schedule batch'}
            </Button>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
