import { AspectRatio, Badge, Button, Card, Center, Group, Image, SimpleGrid, Skeleton, Stack, Tabs, Text, Title } from '@mantine/core';
import { IconFileTypeCsv, IconLayoutGrid, IconListDetails, IconPalette, IconPhotoAi, IconPlus, IconStack2 } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/EmptyState';
import { Figure } from '@/components/Figure';
import { ProblemAlert } from '@/components/ProblemAlert';
import { StatusBadge } from '@/components/StatusBadge';
import { batchApi, data, styleApi, templateApi } from '@/lib/api';
import { useProfile } from '@/lib/auth';
import { money, percent, when } from '@/lib/format';

const TABS = ['templates', 'batch', 'queue', 'styles'] as const;

/** The studio's main page: the vendor's templates and quick actions, with tabs for batches, the queue and styles. */
export function StudioHome() {
  const profile = useProfile();
  const [params, setParams] = useSearchParams();
  const tab = TABS.includes(params.get('tab') as never) ? params.get('tab')! : 'templates';
  return (
    <Stack gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={2}>
          <Title order={1} size="h2">
            AI Generation Studio
          </Title>
          <Text c="dimmed">Welcome back, {profile?.name}. What shall we make today?</Text>
        </Stack>
      </Group>
      <QuickActions />
      <Tabs value={tab} onChange={(v) => setParams(v === 'templates' || !v ? {} : { tab: v }, { replace: true })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="templates" leftSection={<IconLayoutGrid size={16} aria-hidden />}>
            Templates
          </Tabs.Tab>
          <Tabs.Tab value="batch" leftSection={<IconStack2 size={16} aria-hidden />}>
            Batch
          </Tabs.Tab>
          <Tabs.Tab value="queue" leftSection={<IconListDetails size={16} aria-hidden />}>
            Queue
          </Tabs.Tab>
          <Tabs.Tab value="styles" leftSection={<IconPalette size={16} aria-hidden />}>
            Styles
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="templates" pt="md">
          <RecentTemplates />
        </Tabs.Panel>
        <Tabs.Panel value="batch" pt="md">
          <RecentBatches />
        </Tabs.Panel>
        <Tabs.Panel value="queue" pt="md">
          <QueueSummary />
        </Tabs.Panel>
        <Tabs.Panel value="styles" pt="md">
          <Styles />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function QuickActions() {
  return (
    <Card withBorder radius="md" aria-label="Quick actions" component="section">
      <Text size="sm" fw={600} mb="xs">
        Quick actions
      </Text>
      <Group>
        <Button component={Link} to="/generate" leftSection={<IconPhotoAi size={18} aria-hidden />}>
          Generate single
        </Button>
        <Button component={Link} to="/batches/new" variant="light" leftSection={<IconStack2 size={18} aria-hidden />}>
          Start batch
        </Button>
        <Button component={Link} to="/batches/new?source=csv" variant="light" leftSection={<IconFileTypeCsv size={18} aria-hidden />}>
          Import CSV
        </Button>
        <Button component={Link} to="/queue" variant="default" leftSection={<IconListDetails size={18} aria-hidden />}>
          View queue
        </Button>
      </Group>
    </Card>
  );
}

function RecentTemplates() {
  const templates = useQuery({
    queryKey: ['templates', 'home'],
    queryFn: async () => data(await templateApi.GET('/api/vendor/media/prompt-templates', { params: { query: { size: 8, sort: 'recent' } } })),
  });
  const navigate = useNavigate();
  if (templates.isPending) return <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>{Array.from({ length: 4 }, (_, i) => <Skeleton key={i} h={220} radius="md" />)}</SimpleGrid>;
  if (templates.error) return <ProblemAlert error={templates.error} title="Your templates could not be loaded" />;
  const items = templates.data?.items ?? [];
  if (items.length === 0) {
    return (
      <EmptyState icon={<IconLayoutGrid />} title="Start with a template" action={<Group><Button component={Link} to="/templates/new">New template</Button><Button variant="light" component={Link} to="/templates?scope=public">Browse public templates</Button></Group>}>
        A template is a prompt with variables: write "{'{product_name}'} on a marble table" once and generate it for every product.
      </EmptyState>
    );
  }
  return (
    <Stack>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
        {items.map((t) => (
          <Card key={t.id} withBorder radius="md" padding="sm" component={Link} to={`/templates/${t.id}`} aria-label={t.name}>
            <Card.Section>
              <AspectRatio ratio={16 / 9}>
                {t.latestImageUrl ? <Image src={t.latestImageUrl} alt="" fit="cover" /> : <Center bg="gray.1"><IconPhotoAi color="var(--mantine-color-gray-5)" aria-hidden /></Center>}
              </AspectRatio>
            </Card.Section>
            <Text fw={600} mt="xs" lineClamp={1}>
              {t.name}
            </Text>
            <Group gap={4} mt={4}>
              {t.category && <Badge variant="light">{t.category}</Badge>}
              <Text size="xs" c="dimmed">
                Used {t.usageCount}× · {t.successRate == null ? 'no images yet' : `${percent(t.successRate)} success`}
              </Text>
            </Group>
          </Card>
        ))}
      </SimpleGrid>
      <Group>
        <Button variant="subtle" onClick={() => navigate('/templates')}>
          All templates
        </Button>
        <Button variant="subtle" leftSection={<IconPlus size={16} aria-hidden />} component={Link} to="/templates/new">
          New template
        </Button>
      </Group>
    </Stack>
  );
}

function RecentBatches() {
  const batches = useQuery({
    queryKey: ['batches', 'home'],
    queryFn: async () => data(await batchApi.GET('/api/vendor/media/generate/batch', { params: { query: { size: 6 } } })),
  });
  if (batches.isPending) return <Skeleton h={200} radius="md" />;
  if (batches.error) return <ProblemAlert error={batches.error} title="Your batches could not be loaded" />;
  const items = batches.data?.items ?? [];
  if (items.length === 0) {
    return (
      <EmptyState icon={<IconStack2 />} title="No batches yet" action={<Button component={Link} to="/batches/new">Start a batch</Button>}>
        A batch makes one image per product or CSV row from one template.
      </EmptyState>
    );
  }
  return (
    <Stack gap="xs">
      {items.map((b) => (
        <Card key={b.id} withBorder radius="md" padding="sm" component={Link} to={`/batches/${b.id}`}>
          <Group justify="space-between">
            <Group gap="sm">
              <StatusBadge status={b.status} />
              <Text fw={500}>{b.name || 'Untitled batch'}</Text>
            </Group>
            <Text size="sm" c="dimmed">
              {(b.completedImages ?? 0) + (b.failedImages ?? 0)}/{b.totalImages} · {money(b.costUsd)} · {when(b.createdAt)}
            </Text>
          </Group>
        </Card>
      ))}
      <Button variant="subtle" component={Link} to="/batches/new" w="fit-content">
        Start a batch
      </Button>
    </Stack>
  );
}

function QueueSummary() {
  const stats = useQuery({ queryKey: ['queue-stats'], queryFn: async () => data(await batchApi.GET('/api/vendor/media/queue/stats')) });
  if (stats.isPending) return <Skeleton h={100} radius="md" />;
  if (stats.error) return <ProblemAlert error={stats.error} />;
  const s = stats.data!;
  const waiting = Object.values(s.depth ?? {}).reduce((a, b) => a + b, 0);
  return (
    <Card withBorder radius="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Figure label="Waiting" value={waiting} />
        <Figure label="Scheduled" value={s.scheduled} />
        <Figure label="Success, 24 h" value={percent(s.successRate)} />
        <Figure label="Spent this month" value={money(s.costThisMonthUsd)} />
      </SimpleGrid>
      <Button mt="md" variant="light" component={Link} to="/queue" w="fit-content">
        Open the queue
      </Button>
    </Card>
  );
}

function Styles() {
  const gallery = useQuery({
    queryKey: ['styles', 'gallery'],
    queryFn: async () => data(await styleApi.GET('/api/vendor/media/style-presets/gallery', { params: { query: { size: 24 } } })),
  });
  if (gallery.isPending) return <SimpleGrid cols={{ base: 2, sm: 4 }}>{Array.from({ length: 8 }, (_, i) => <Skeleton key={i} h={180} radius="md" />)}</SimpleGrid>;
  if (gallery.error) return <ProblemAlert error={gallery.error} title="The styles could not be loaded" />;
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} aria-label="Styles">
      {(gallery.data?.items ?? []).map((entry) => {
        const preview = entry.previews?.[0];
        return (
          <Card key={entry.style?.id} withBorder radius="md" padding="sm" component="article" aria-label={entry.style?.name}>
            <Card.Section>
              <AspectRatio ratio={1}>
                {preview?.thumbnailUrl ? <Image src={preview.thumbnailUrl} alt={`${entry.style?.name} example`} fit="cover" /> : <Center bg="gray.1"><IconPalette color="var(--mantine-color-gray-5)" aria-hidden /></Center>}
              </AspectRatio>
            </Card.Section>
            <Text fw={600} mt="xs">
              {entry.style?.name}
            </Text>
            <Text size="xs" c="dimmed" lineClamp={2}>
              {entry.style?.basePromptSuffix}
            </Text>
          </Card>
        );
      })}
    </SimpleGrid>
  );
}
