import { useState } from 'react';
import { Anchor, Badge, Button, Card, Center, Group, Loader, Pagination, Rating, SegmentedControl, Select, SimpleGrid, Stack, Table, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconBuildingStore, IconSearch } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { useTemplateChoices } from '@/features/batches/api';
import { useLeaderboard, useListings, useMyListings, usePublish, useUnlist, type Listing } from './api';

const SORTS = [
  { value: 'popular', label: 'Most popular' },
  { value: 'rating', label: 'Best rated' },
  { value: 'newest', label: 'Newest' },
  { value: 'installs', label: 'Most installed' },
  { value: 'usage', label: 'Most used' },
];

/** The template marketplace: browse and search, the leaderboard, and the vendor's own listings. */
export function Marketplace() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'browse';
  return (
    <>
      <PageHeader title="Marketplace" description="Templates other shops made: install one into your library, rate it, and share your own." />
      <Tabs value={tab} onChange={(t) => setParams(t && t !== 'browse' ? { tab: t } : {})} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab value="browse">Browse</Tabs.Tab>
          <Tabs.Tab value="leaderboard">Leaderboard</Tabs.Tab>
          <Tabs.Tab value="mine">My listings</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="browse">
          <Browse />
        </Tabs.Panel>
        <Tabs.Panel value="leaderboard">
          <Leaderboard />
        </Tabs.Panel>
        <Tabs.Panel value="mine">
          <MyListings />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

function Browse() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const [sort, setSort] = useState('popular');
  const [page, setPage] = useState(0);
  const listings = useListings(q, sort, page);
  const items = listings.data?.items ?? [];
  const pages = Math.ceil((listings.data?.total ?? 0) / (listings.data?.size ?? 24));
  return (
    <>
      <Group mb="md" wrap="wrap">
        <TextInput
          aria-label="Search the marketplace"
          placeholder="Search name, description and prompt"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setPage(0);
          }}
          w={340}
        />
        <Select aria-label="Sort by" data={SORTS} value={sort} onChange={(s) => s && setSort(s)} allowDeselect={false} w={180} />
      </Group>
      <ProblemAlert error={listings.error} title="Could not load the marketplace" />
      {listings.isPending ? (
        <Loader role="status" aria-label="Loading the marketplace" />
      ) : items.length === 0 && !listings.error ? (
        <EmptyState icon={<IconBuildingStore size={28} />} title={q ? 'Nothing matches' : 'No templates listed yet'}>
          {q ? 'Try other words.' : 'Be the first: list one of your templates under My listings.'}
        </EmptyState>
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" role="list" aria-label="Listings">
            {items.map((l) => (
              <ListingCard key={l.id} listing={l} />
            ))}
          </SimpleGrid>
          {pages > 1 && (
            <Center mt="md">
              <Pagination total={pages} value={page + 1} onChange={(p) => setPage(p - 1)} aria-label="Pages of listings" />
            </Center>
          )}
        </>
      )}
    </>
  );
}

function ListingCard({ listing }: { listing: Listing }) {
  return (
    <Card withBorder radius="md" padding="md" role="listitem" aria-label={listing.name}>
      <Stack gap={6} style={{ flex: 1 }}>
        <Group justify="space-between" wrap="nowrap">
          <Anchor component={Link} to={`/marketplace/${listing.id}`} fw={600} lineClamp={1}>
            {listing.name}
          </Anchor>
          {listing.category && (
            <Badge variant="light" color="gray" style={{ flexShrink: 0 }}>
              {listing.category}
            </Badge>
          )}
        </Group>
        {listing.description && (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {listing.description}
          </Text>
        )}
        <Text size="xs" c="dimmed" lineClamp={2} ff="monospace">
          {listing.promptText}
        </Text>
      </Stack>
      <Group gap="md" mt="sm">
        <Group gap={4}>
          <Rating value={listing.ratingAverage ?? 0} fractions={2} readOnly size="xs" role="img" aria-label={`Rated ${(listing.ratingAverage ?? 0).toFixed(1)} of 5`} />
          <Text size="xs" c="dimmed">
            ({listing.ratingCount ?? 0})
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          {listing.installs ?? 0} installs · used {listing.usage ?? 0} times
        </Text>
      </Group>
    </Card>
  );
}

function Leaderboard() {
  const [period, setPeriod] = useState('week');
  const [by, setBy] = useState('installs');
  const board = useLeaderboard(period, by);
  const rows = board.data ?? [];
  return (
    <>
      <Group mb="md" wrap="wrap">
        <SegmentedControl aria-label="Period" data={[{ value: 'week', label: 'This week' }, { value: 'all', label: 'All time' }]} value={period} onChange={setPeriod} />
        <SegmentedControl aria-label="Rank by" data={[{ value: 'installs', label: 'Installs' }, { value: 'usage', label: 'Usage' }, { value: 'rating', label: 'Rating' }]} value={by} onChange={setBy} />
      </Group>
      <ProblemAlert error={board.error} title="Could not load the leaderboard" />
      {board.isPending ? (
        <Loader role="status" aria-label="Loading the leaderboard" />
      ) : rows.length === 0 ? (
        <Text c="dimmed">No template has been installed or used in this period yet.</Text>
      ) : (
        <ListingTable listings={rows} label="Leaderboard" ranked week={period === 'week'} />
      )}
    </>
  );
}

function ListingTable({ listings, label, ranked, week, actions }: { listings: Listing[]; label: string; ranked?: boolean; week?: boolean; actions?: (l: Listing) => React.ReactNode }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={label} verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            {ranked && <Table.Th w={40}>#</Table.Th>}
            <Table.Th>Template</Table.Th>
            <Table.Th ta="right">Installs{week ? ' this week' : ''}</Table.Th>
            <Table.Th ta="right">Used{week ? ' this week' : ''}</Table.Th>
            <Table.Th ta="right">Rating</Table.Th>
            {actions && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {listings.map((l, i) => (
            <Table.Tr key={l.id}>
              {ranked && <Table.Td>{i + 1}</Table.Td>}
              <Table.Td>
                <Anchor component={Link} to={`/marketplace/${l.id}`} fw={500}>
                  {l.name}
                </Anchor>
                {l.status === 'hidden' && (
                  <Text size="xs" c="red.9">
                    Hidden by an admin{l.hiddenReason ? `: ${l.hiddenReason}` : ''}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right">{week ? l.installsThisWeek ?? 0 : l.installs ?? 0}</Table.Td>
              <Table.Td ta="right">{week ? l.usageThisWeek ?? 0 : l.usage ?? 0}</Table.Td>
              <Table.Td ta="right">
                {l.ratingCount ? `${(l.ratingAverage ?? 0).toFixed(1)} (${l.ratingCount})` : '—'}
              </Table.Td>
              {actions && <Table.Td ta="right">{actions(l)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function MyListings() {
  const mine = useMyListings();
  const choices = useTemplateChoices();
  const publish = usePublish();
  const unlist = useUnlist();
  const [templateId, setTemplateId] = useState<string | null>(null);
  const listed = new Set((mine.data ?? []).map((l) => l.id));
  return (
    <Stack>
      <Card withBorder radius="md">
        <Title order={2} size="h5" mb="xs">
          List a template
        </Title>
        <Group align="flex-end">
          <Select
            label="Your template"
            placeholder="Choose one of yours"
            searchable
            data={(choices.data?.mine ?? []).filter((t) => !listed.has(t.id)).map((t) => ({ value: t.id!, label: t.name! }))}
            value={templateId}
            onChange={setTemplateId}
            w={320}
          />
          <Button
            disabled={!templateId}
            loading={publish.isPending}
            onClick={() =>
              publish.mutate(templateId!, {
                onSuccess: () => {
                  notifications.show({ message: 'Listed in the marketplace' });
                  setTemplateId(null);
                },
              })
            }
          >
            List it
          </Button>
        </Group>
        <ProblemAlert error={publish.error} title="The template was not listed" />
      </Card>
      <ProblemAlert error={mine.error ?? unlist.error} title="Could not load or change your listings" />
      {mine.isPending ? (
        <Loader role="status" aria-label="Loading your listings" />
      ) : (mine.data ?? []).length === 0 ? (
        <Text c="dimmed">You have not listed a template yet.</Text>
      ) : (
        <ListingTable
          listings={mine.data ?? []}
          label="My listings"
          actions={(l) => (
            <Button size="xs" variant="subtle" color="red" loading={unlist.isPending && unlist.variables === l.id} onClick={() => unlist.mutate(l.id!)}
              aria-label={`Take out: ${l.name}`}>
              Take out
            </Button>
          )}
        />
      )}
    </Stack>
  );
}
