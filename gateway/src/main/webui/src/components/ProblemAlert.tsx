import { Alert, List, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError, locate } from '@/lib/problem';

/** An API error in words: what happened, and each offending field or CSV line with what to change. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problem = error instanceof ApiError ? error.problem : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const errors = problem?.errors ?? [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={title ?? problem?.title ?? 'Something went wrong'} role="alert">
      <Text size="sm">{message}</Text>
      {errors.length > 0 && (
        <List size="sm" mt="xs" spacing={2} aria-label="Problems">
          {errors.slice(0, 50).map((e, i) => {
            const where = locate(e);
            return (
              <List.Item key={i}>
                {where && <Text span fw={600}>{where}: </Text>}
                {e.message}
              </List.Item>
            );
          })}
          {errors.length > 50 && <List.Item>… and {errors.length - 50} more</List.Item>}
        </List>
      )}
    </Alert>
  );
}
