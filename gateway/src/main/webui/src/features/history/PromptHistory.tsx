import { useState } from 'react';
import { Button, Center, Group, Loader, Pagination, SegmentedControl, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconHistory, IconRefresh, IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { EmptyState } from '@/components/EmptyState';
import { PageHeader } from '@/components/PageHeader';
import { ProblemAlert } from '@/components/ProblemAlert';
import { StatusBadge } from '@/components/StatusBadge';
import { data, templateApi } from '@/lib/api';
import { when } from '@/lib/format';

const OUTCOMES = [
  { value: 'all', label: 'All' },
  { value: 'completed', label: 'Completed' },
  { value: 'failed', label: 'Failed' },
  { value: 'pending', label: 'Pending' },
];

/** Every prompt the vendor generated, newest first: search it, filter by outcome, and generate a similar image from any. */
export function PromptHistory() {
  const [text, setText] = useState('');
  const [q] = useDebouncedValue(text.trim(), 300);
  const [outcome, setOutcome] = useState('all');
  const [page, setPage] = useState(0);
  const size = 25;
  const history = useQuery({
    queryKey: ['prompt-history', q, outcome, page],
    placeholderData: keepPreviousData,
    queryFn: async () =>
      data(
        await templateApi.GET('/api/vendor/media/prompt-history', {
          params: { query: { q: q || undefined, status: outcome === 'all' ? undefined : outcome, page, size } },
        }),
      ),
  });
  const items = history.data?.items ?? [];
  const pages = Math.ceil((history.data?.total ?? 0) / size);

  return (
    <>
      <PageHeader title="Prompt history" description="Every prompt you generated, with what came of it." />
      <Group mb="md" wrap="wrap">
        <TextInput
          aria-label="Search prompts"
          placeholder="Search prompts"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setPage(0);
          }}
          w={320}
        />
        <SegmentedControl
          aria-label="Outcome"
          data={OUTCOMES}
          value={outcome}
          onChange={(v) => {
            setOutcome(v);
            setPage(0);
          }}
        />
        {history.isFetching && <Loader size="xs" role="status" aria-label="Searching" />}
      </Group>
      <ProblemAlert error={history.error} title="Could not load the history" />
      {history.isPending ? (
        <Loader role="status" aria-label="Loading the history" />
      ) : items.length === 0 && !history.error ? (
        <EmptyState icon={<IconHistory size={28} />} title={q || outcome !== 'all' ? 'Nothing matches' : 'No prompts yet'}>
          {q || outcome !== 'all' ? 'Try other words or another outcome.' : 'Prompts appear here once you generate images.'}
        </EmptyState>
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table aria-label="Prompt history" verticalSpacing="xs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Prompt</Table.Th>
                  <Table.Th>Model</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                  <Table.Th>When</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((h) => (
                  <Table.Tr key={h.itemId}>
                    <Table.Td maw={480}>
                      <Text size="sm" lineClamp={2} title={h.prompt}>
                        {h.prompt}
                      </Text>
                      {h.errorCode && (
                        <Text size="xs" c="red.9">
                          {h.errorCode}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{h.model}</Text>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge status={h.status} />
                      {(h.attempts ?? 0) > 1 && (
                        <Text size="xs" c="dimmed">
                          {h.attempts} attempts
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{when(h.createdAt)}</Table.Td>
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="light"
                        component={Link}
                        to={`/generate?similar=${h.itemId}`}
                        leftSection={<IconRefresh size={14} aria-hidden />}
                      >
                        Generate similar
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {pages > 1 && (
            <Center mt="md">
              <Pagination total={pages} value={page + 1} onChange={(p) => setPage(p - 1)} aria-label="Pages of the history" />
            </Center>
          )}
        </>
      )}
    </>
  );
}
