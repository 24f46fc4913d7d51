import { ActionIcon, Checkbox, Group, Stack, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import type { Variable } from '../variables';

/** The template's declared variables: each with a default (also the preview's sample), a description, required or not. */
export function VariablesEditor({ variables, used, onChange }: { variables: Variable[]; used: string[]; onChange: (v: Variable[]) => void }) {
  const update = (i: number, patch: Partial<Variable>) => onChange(variables.map((v, j) => (j === i ? { ...v, ...patch } : v)));
  if (variables.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Type {'{'} in the prompt to add a variable, such as {'{product_name}'}.
      </Text>
    );
  }
  return (
    <Table verticalSpacing={4} aria-label="Variables">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Variable</Table.Th>
          <Table.Th>Default (and preview sample)</Table.Th>
          <Table.Th>Description</Table.Th>
          <Table.Th>Required</Table.Th>
          <Table.Th>
            <VisuallyHidden>Remove</VisuallyHidden>
          </Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {variables.map((v, i) => (
          <Table.Tr key={v.name}>
            <Table.Td>
              <Stack gap={0}>
                <Text ff="monospace" size="sm">{`{${v.name}}`}</Text>
                {!used.includes(v.name) && (
                  <Text size="xs" c="red.9">
                    not in the prompt
                  </Text>
                )}
              </Stack>
            </Table.Td>
            <Table.Td>
              <TextInput size="xs" aria-label={`Default for ${v.name}`} value={v.defaultValue ?? ''} onChange={(e) => update(i, { defaultValue: e.currentTarget.value || undefined })} />
            </Table.Td>
            <Table.Td>
              <TextInput size="xs" aria-label={`Description of ${v.name}`} value={v.description ?? ''} onChange={(e) => update(i, { description: e.currentTarget.value || undefined })} />
            </Table.Td>
            <Table.Td>
              <Group justify="center">
                <Checkbox aria-label={`${v.name} is required`} checked={v.required ?? false} onChange={(e) => update(i, { required: e.currentTarget.checked })} />
              </Group>
            </Table.Td>
            <Table.Td>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Remove ${v.name}`}
                disabled={used.includes(v.name)}
                onClick={() => onChange(variables.filter((_, j) => j !== i))}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
