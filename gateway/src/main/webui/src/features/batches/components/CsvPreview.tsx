import { Alert, Badge, Card, Group, List, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { Estimate } from '@/components/Estimate';
import { locate } from '@/lib/problem';
import type { CsvPreview as Preview } from '../api';

/** What an uploaded CSV will make: rows found, the column mapping, the first prompts, and every problem by line and column. */
export function CsvPreview({ preview, fileName }: { preview: Preview; fileName: string }) {
  const problems = preview.problems ?? [];
  const mapping = Object.entries(preview.mapping ?? {});
  return (
    <Stack gap="md" component="section" aria-label="CSV preview">
      <Card withBorder radius="md">
        <Group justify="space-between" mb="xs">
          <Title order={3} size="h5">
            {fileName}
          </Title>
          <Group gap={6}>
            <Badge variant="light" size="lg">
              {preview.rows ?? 0} row{preview.rows === 1 ? '' : 's'} found
            </Badge>
            {problems.length === 0 ? (
              <Badge color="teal" variant="light" size="lg" leftSection={<IconCircleCheck size={14} aria-hidden />}>
                ready
              </Badge>
            ) : (
              <Badge color="red" variant="light" size="lg" leftSection={<IconAlertTriangle size={14} aria-hidden />}>
                {problems.length} problem{problems.length === 1 ? '' : 's'}
              </Badge>
            )}
          </Group>
        </Group>
        {mapping.length > 0 && (
          <Text size="sm" c="dimmed" mb="xs">
            Columns: {mapping.map(([column, variable]) => `${column} → {${variable}}`).join(', ')}
            {(preview.ignoredColumns?.length ?? 0) > 0 && ` · ignored: ${preview.ignoredColumns!.join(', ')}`}
          </Text>
        )}
        {problems.length > 0 && (
          <Alert color="red" variant="light" title="Fix these lines before starting" mb="sm" role="alert">
            <Table withRowBorders={false} verticalSpacing={2} aria-label="CSV problems">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Where</Table.Th>
                  <Table.Th>Problem</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {problems.slice(0, 100).map((p, i) => (
                  <Table.Tr key={i}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }} fw={600}>
                      {locate({ ...p, message: p.message ?? '' }) ?? 'File'}
                    </Table.Td>
                    <Table.Td>{p.message}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {problems.length > 100 && <Text size="sm">… and {problems.length - 100} more.</Text>}
          </Alert>
        )}
        {(preview.prompts?.length ?? 0) > 0 && (
          <>
            <Text size="sm" fw={600} mb={4}>
              First prompts, as they will be sent
            </Text>
            <List size="sm" spacing={4} type="ordered" aria-label="First prompts">
              {preview.prompts!.map((p, i) => (
                <List.Item key={i}>{p}</List.Item>
              ))}
            </List>
          </>
        )}
      </Card>
      <Estimate images={preview.rows} costUsd={preview.estimatedCostUsd} seconds={preview.estimatedSeconds} budget={preview.budget} />
    </Stack>
  );
}
