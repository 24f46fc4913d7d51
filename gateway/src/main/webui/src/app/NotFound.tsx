import { Button } from '@mantine/core';
import { IconMapPinOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { EmptyState } from '@/components/EmptyState';

export function NotFound() {
  return (
    <EmptyState icon={<IconMapPinOff />} title="This page does not exist" action={<Button component={Link} to="/">Back to the studio</Button>}>
      The address may be mistyped, or the page has moved.
    </EmptyState>
  );
}
