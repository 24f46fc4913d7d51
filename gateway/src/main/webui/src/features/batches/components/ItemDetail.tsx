import { Anchor, Badge, Button, Code, Drawer, Group, Image, Rating, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconExternalLink, IconPhotoAi } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { StatusBadge } from '@/components/StatusBadge';
import { money, when } from '@/lib/format';
import { useItem, useRateItem, type Item } from '@/lib/items';

/** One image of a batch: the full image, its prompt, cost, attempts and error; rate it or generate a similar one. */
export function ItemDetail({ item: initial, onClose }: { item: Item | null; onClose: () => void }) {
  const live = useItem(initial?.id);
  const item = live.data ?? initial;
  const rate = useRateItem();
  const navigate = useNavigate();
  return (
    <Drawer opened={!!initial} onClose={onClose} position="right" size="lg" title={item ? `Image ${(item.row ?? 0) + 1}` : ''}>
      {item && (
        <Stack gap="md">
          {item.status === 'completed' && item.resultUrl ? (
            <Anchor href={item.resultUrl} target="_blank" rel="noreferrer">
              <Image src={item.resultUrl} alt={item.prompt ?? 'Generated image'} radius="md" />
            </Anchor>
          ) : null}
          <Group justify="space-between">
            <Group gap={6}>
              <StatusBadge status={item.status} />
              {item.cachedFrom && <Badge variant="outline">reused, saved {money(item.savedUsd)}</Badge>}
            </Group>
            {item.status === 'completed' && <Rating value={item.rating ?? 0} onChange={(v) => rate.mutate({ id: item.id!, rating: v })} aria-label="Rate this image" getSymbolLabel={(v) => `${v} star${v === 1 ? '' : 's'}`} />}
          </Group>
          {item.errorMessage && (
            <Text c="red.9" size="sm" role="alert">
              {item.errorMessage}
            </Text>
          )}
          <Stack gap={4}>
            <Text size="xs" tt="uppercase" fw={700} c="dimmed">
              Prompt
            </Text>
            <Code block>{item.prompt}</Code>
          </Stack>
          <SimpleGrid cols={2} spacing="xs">
            <Field label="Cost" value={money(item.costUsd)} />
            <Field label="Estimated" value={money(item.estimatedCostUsd)} />
            <Field label="Attempts" value={String(item.attempt ?? 1)} />
            <Field label="Model" value={String((item.parameters as Record<string, unknown> | undefined)?.model ?? 'default')} />
            <Field label="Created" value={when(item.createdAt)} />
            <Field label="Finished" value={when(item.processedAt)} />
          </SimpleGrid>
          <Group>
            {item.resultUrl && (
              <Button component="a" href={item.resultUrl} target="_blank" rel="noreferrer" variant="light" leftSection={<IconExternalLink size={16} aria-hidden />}>
                Open full size
              </Button>
            )}
            <Button variant="default" leftSection={<IconPhotoAi size={16} aria-hidden />} onClick={() => navigate(`/generate?similar=${item.id}`)}>
              Generate similar
            </Button>
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}

function Field({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <Text size="sm">{value}</Text>
    </Stack>
  );
}
