import { Button, Group } from '@mantine/core';

/** A form's closing row: Cancel on the left of the submit button, which says what it does and spins while it does. */
export function FormActions({ submit, onCancel, loading, disabled, cancel = 'Cancel', color }: {
  submit: string;
  onCancel: () => void;
  loading?: boolean;
  disabled?: boolean;
  cancel?: string;
  color?: string;
}) {
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onCancel}>
        {cancel}
      </Button>
      <Button type="submit" loading={loading} disabled={disabled} color={color}>
        {submit}
      </Button>
    </Group>
  );
}
