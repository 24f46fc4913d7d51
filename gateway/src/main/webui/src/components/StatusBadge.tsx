import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  pending: 'gray',
  scheduled: 'violet',
  processing: 'blue',
  completed: 'teal',
  failed: 'red',
  cancelled: 'dark',
};

/** A batch's or an image's status, in its colour. */
export function StatusBadge({ status }: { status?: string }) {
  return (
    <Badge color={COLORS[status ?? ''] ?? 'gray'} variant="light">
      {status ?? 'unknown'}
    </Badge>
  );
}
