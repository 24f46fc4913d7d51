import { Anchor, Group, Pagination, Progress, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { StatusBadge } from '@/components/StatusBadge';
import { money, when } from '@/lib/format';
import type { BatchSchemas } from '@/lib/api';

type Batch = BatchSchemas['BatchView'];

/** Batches as rows: name, status, progress, cost and when; each opens its page. */
export function BatchTable({ batches, total, page, size, onPage, label, timeColumn }: {
  batches: Batch[];
  total: number;
  page: number;
  size: number;
  onPage: (p: number) => void;
  label: string;
  timeColumn: 'createdAt' | 'completedAt' | 'scheduledFor';
}) {
  const timeLabel = { createdAt: 'Started', completedAt: 'Finished', scheduledFor: 'Runs at' }[timeColumn];
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table highlightOnHover aria-label={label} verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Batch</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th w={220}>Progress</Table.Th>
              <Table.Th>Cost</Table.Th>
              <Table.Th>{timeLabel}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {batches.map((b) => {
              const total = b.totalImages ?? 0;
              const done = (b.completedImages ?? 0) + (b.failedImages ?? 0) + (b.cancelledImages ?? 0);
              return (
                <Table.Tr key={b.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/batches/${b.id}`} fw={500}>
                      {b.name || 'Untitled batch'}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={b.status} />
                  </Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Progress value={total ? (100 * done) / total : 0} w={120} aria-label={`${b.name || 'Batch'} progress`} color={b.failedImages ? 'orange' : 'teal'} />
                      <Text size="xs">
                        {done}/{total}
                      </Text>
                    </Group>
                  </Table.Td>
                  <Table.Td>{money(b.costUsd)}</Table.Td>
                  <Table.Td>{when(b[timeColumn])}</Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {total > size && <Pagination mt="sm" total={Math.ceil(total / size)} value={page + 1} onChange={(p) => onPage(p - 1)} aria-label={`${label} pages`} />}
    </>
  );
}
