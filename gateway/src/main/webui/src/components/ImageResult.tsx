import { Anchor, AspectRatio, Badge, Box, Center, Group, Image, Loader, Rating, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useRateItem, type Item } from '@/lib/items';
import { money } from '@/lib/format';
import { StatusBadge } from './StatusBadge';

/** One image as it comes: waiting, then the image with its cost and a 1-5 star rating, or why it failed. */
export function ImageResult({ item, alt, size = 360 }: { item: Item | undefined; alt: string; size?: number }) {
  const rate = useRateItem();
  if (!item) return null;
  const done = item.status === 'completed';
  return (
    <Stack gap="xs" maw={size}>
      <AspectRatio ratio={1} w={size} maw="100%">
        <Box bg="gray.1" style={{ borderRadius: 'var(--mantine-radius-md)', overflow: 'hidden' }}>
          {done && item.resultUrl ? (
            <Anchor href={item.resultUrl} target="_blank" rel="noreferrer">
              <Image src={item.resultUrl} alt={alt} fit="cover" h="100%" />
            </Anchor>
          ) : item.status === 'failed' ? (
            <Center h="100%" p="md">
              <Stack align="center" gap={4}>
                <IconAlertCircle color="var(--mantine-color-red-6)" aria-hidden />
                <Text size="sm" c="red.9" ta="center">
                  {item.errorMessage ?? 'The image could not be made.'}
                </Text>
              </Stack>
            </Center>
          ) : (
            <Center h="100%">
              <Stack align="center" gap={4}>
                <Loader size="sm" role="status" aria-label="Generating" />
                <Text size="sm" c="dimmed">
                  {item.status === 'processing' ? 'Generating…' : 'Queued…'}
                </Text>
              </Stack>
            </Center>
          )}
        </Box>
      </AspectRatio>
      <Group justify="space-between">
        <Group gap={6}>
          <StatusBadge status={item.status} />
          {item.cachedFrom && (
            <Badge variant="outline" color="gray">
              reused
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {money(item.costUsd ?? item.estimatedCostUsd)}
          </Text>
        </Group>
        {done && (
          <Rating
            value={item.rating ?? 0}
            onChange={(value) => rate.mutate({ id: item.id!, rating: value })}
            aria-label="Rate this image"
            getSymbolLabel={(v) => `${v} star${v === 1 ? '' : 's'}`}
          />
        )}
      </Group>
    </Stack>
  );
}
