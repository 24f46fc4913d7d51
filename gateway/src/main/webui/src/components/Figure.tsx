import { Card, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One figure as the studio shows figures: a small label, the value large, a hint under it. */
export function Figure({ label, value, hint, color, testId }: { label: string; value: ReactNode; hint?: ReactNode; color?: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" tt="uppercase" fw={700} c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700} c={color} data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c={color ?? 'dimmed'}>
          {hint}
        </Text>
      )}
    </Stack>
  );
}

/** A figure in its own bordered card, for a row of figures. */
export function FigureCard(props: Parameters<typeof Figure>[0]) {
  return (
    <Card withBorder radius="md" padding="sm">
      <Figure {...props} />
    </Card>
  );
}
