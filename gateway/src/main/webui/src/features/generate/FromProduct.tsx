import { useState } from 'react';
import { Anchor, Badge, Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconSparkles } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ProblemAlert } from '@/components/ProblemAlert';
import { data, templateApi, type TemplateSchemas } from '@/lib/api';
import { percent } from '@/lib/format';
import { useStyles } from '@/lib/styles';

/** The product categories and strain types auto-enhance knows (template-service's prompt knowledge; a 400 names them too). */
const CATEGORIES = ['flower', 'pre-rolls', 'vapes', 'edibles', 'concentrates', 'topicals', 'accessories', 'apparel'];
const STRAIN_TYPES = ['indica', 'sativa', 'hybrid', 'cbd'];

/**
 * Auto-enhance: a product name (and its category, strain type, brand) becomes a strong prompt, and
 * the templates and styles that have worked best for the category are offered beside it.
 */
export function FromProduct({ onPrompt, onStyle }: { onPrompt: (prompt: string) => void; onStyle: (styleId: string) => void }) {
  const [name, setName] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [strainType, setStrainType] = useState<string | null>(null);
  const [brand, setBrand] = useState('');
  const enhance = useMutation({
    mutationFn: async (request: TemplateSchemas['EnhanceRequest']) => data(await templateApi.POST('/api/vendor/media/enhance-prompt', { body: request })),
    onSuccess: (answer) => answer.prompt && onPrompt(answer.prompt),
  });
  const found = category ?? enhance.data?.category ?? null;
  return (
    <Stack gap="xs">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          enhance.mutate({ productName: name, category: category ?? undefined, strainType: strainType ?? undefined, brand: brand || undefined });
        }}
      >
        <Stack gap="xs">
          <SimpleGrid cols={2} spacing="xs">
            <TextInput label="Product name" required maxLength={255} value={name} onChange={(e) => setName(e.currentTarget.value)} placeholder="Blue Dream" />
            <TextInput label="Brand" maxLength={255} value={brand} onChange={(e) => setBrand(e.currentTarget.value)} />
            <Select label="Category" placeholder="Found in the name" clearable clearButtonProps={{ 'aria-label': 'No category' }} data={CATEGORIES} value={category} onChange={setCategory} />
            <Select label="Strain type" placeholder="None" clearable clearButtonProps={{ 'aria-label': 'No strain type' }} data={STRAIN_TYPES} value={strainType} onChange={setStrainType} />
          </SimpleGrid>
          <ProblemAlert error={enhance.error} title="No prompt was written" />
          <Group>
            <Button type="submit" variant="light" leftSection={<IconSparkles size={16} aria-hidden />} disabled={!name.trim()} loading={enhance.isPending}>
              Write the prompt
            </Button>
            {enhance.data && (
              <Text size="xs" c="dimmed" role="status">
                Written for {enhance.data.category ?? 'any product'}
                {enhance.data.categorySource === 'name' ? ' (found in the name)' : ''}: it is in the prompt box.
              </Text>
            )}
          </Group>
        </Stack>
      </form>
      {found && <Recommended category={found} onStyle={onStyle} />}
    </Stack>
  );
}

/** What has worked best for the category: templates to start a batch from, styles to apply here. */
function Recommended({ category, onStyle }: { category: string; onStyle: (styleId: string) => void }) {
  const picks = useQuery({
    queryKey: ['recommendations', category],
    queryFn: async () => data(await templateApi.GET('/api/vendor/media/recommendations', { params: { query: { category, limit: 3 } } })),
  });
  const styles = useStyles();
  const styleName = (id?: string) => styles.data?.find((s) => s.id === id)?.name ?? 'a style';
  if (picks.error) return <ProblemAlert error={picks.error} title="No recommendations" />;
  const templates = picks.data?.templates ?? [];
  const stylePicks = picks.data?.styles ?? [];
  if (!picks.data || (templates.length === 0 && stylePicks.length === 0)) return null;
  return (
    <Stack gap={4} aria-label={`Recommended for ${category}`} role="region">
      <Text size="sm" fw={600}>
        Works best for {category}
      </Text>
      {templates.map((t) => (
        <Group key={t.id} gap="xs" wrap="nowrap">
          <Badge variant="light" color="gray" size="sm">
            Template
          </Badge>
          <Anchor component={Link} to={`/batches/new?template=${t.id}`} size="sm">
            {t.name}
          </Anchor>
          <Text size="xs" c="dimmed">
            {t.imagesAttempted ? `${percent(t.successRate)} success` : t.source}
          </Text>
        </Group>
      ))}
      {stylePicks.map((s) => (
        <Group key={s.styleId} gap="xs" wrap="nowrap">
          <Badge variant="light" color="gray" size="sm">
            Style
          </Badge>
          <Text size="sm">{styleName(s.styleId)}</Text>
          <Button size="compact-xs" variant="subtle" onClick={() => onStyle(s.styleId!)} aria-label={`Use style ${styleName(s.styleId)}`}>
            Use
          </Button>
        </Group>
      ))}
    </Stack>
  );
}
