import { AspectRatio, Badge, Box, Button, Card, Center, Group, Image, Stack, Text } from '@mantine/core';
import { IconCopy, IconPhoto } from '@tabler/icons-react';
import { Link } from 'react-router';
import { percent } from '@/lib/format';
import type { Template } from '../api';

/** A template in the library: its newest image, name, category and style, and how well it works. */
export function TemplateCard({ template, onFork, forking }: { template: Template; onFork?: () => void; forking?: boolean }) {
  const to = `/templates/${template.id}`;
  return (
    <Card withBorder radius="md" padding="sm" component="article" aria-label={template.name}>
      <Card.Section>
        <AspectRatio ratio={16 / 10}>
          {template.latestImageUrl ? (
            <Image src={template.latestImageUrl} alt={`Newest image from ${template.name}`} fit="cover" />
          ) : (
            <Center bg="gray.1">
              <IconPhoto size={32} color="var(--mantine-color-gray-5)" aria-hidden />
            </Center>
          )}
        </AspectRatio>
      </Card.Section>
      <Stack gap={6} mt="sm">
        {onFork ? (
          <Text fw={600} lineClamp={1}>
            {template.name}
          </Text>
        ) : (
          <Text fw={600} lineClamp={1} component={Link} to={to} style={{ color: 'inherit', textDecoration: 'none' }}>
            {template.name}
          </Text>
        )}
        <Group gap={4}>
          {template.category && <Badge variant="light">{template.category}</Badge>}
          {template.style && (
            <Badge variant="light" color="grape">
              {template.style}
            </Badge>
          )}
          {template.isPublic && (
            <Badge variant="outline" color="gray">
              public
            </Badge>
          )}
        </Group>
        <Text size="sm" c="dimmed" lineClamp={2} mih={40}>
          {template.description || template.promptText}
        </Text>
        <Group justify="space-between">
          <Text size="xs" c="dimmed">
            Used {template.usageCount ?? 0}× · {template.successRate == null ? 'no images yet' : `${percent(template.successRate)} success`}
          </Text>
          <Box>
            {onFork ? (
              <Button size="xs" variant="light" leftSection={<IconCopy size={14} aria-hidden />} onClick={onFork} loading={forking}>
                Copy to mine
              </Button>
            ) : (
              <Button size="xs" variant="subtle" component={Link} to={to} aria-label={`Edit ${template.name}`}>
                Edit
              </Button>
            )}
          </Box>
        </Group>
      </Stack>
    </Card>
  );
}
