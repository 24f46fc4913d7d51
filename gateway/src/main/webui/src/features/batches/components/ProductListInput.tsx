import { ActionIcon, Button, Group, Stack, Table, Text, TextInput, Textarea, VisuallyHidden } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';

/** One product of a product-list batch: it fills {product_name}, {category}, {strain_type} and {brand_name}. */
export interface ProductRow {
  name: string;
  category: string;
  strainType: string;
  brand: string;
}

export const emptyProduct = (): ProductRow => ({ name: '', category: '', strainType: '', brand: '' });

/** The products to generate for, typed in a table or pasted one name per line. */
export function ProductListInput({ products, onChange, errors }: { products: ProductRow[]; onChange: (p: ProductRow[]) => void; errors: Record<number, string> }) {
  const [paste, setPaste] = useState('');
  const update = (i: number, patch: Partial<ProductRow>) => onChange(products.map((p, j) => (j === i ? { ...p, ...patch } : p)));
  return (
    <Stack gap="sm">
      <Table verticalSpacing={4} aria-label="Products">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Product name</Table.Th>
            <Table.Th>Category</Table.Th>
            <Table.Th>Strain type</Table.Th>
            <Table.Th>Brand</Table.Th>
            <Table.Th>
              <VisuallyHidden>Remove</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {products.map((p, i) => (
            <Table.Tr key={i}>
              <Table.Td>
                <TextInput size="xs" aria-label={`Product ${i + 1} name`} value={p.name} error={errors[i]} onChange={(e) => update(i, { name: e.currentTarget.value })} />
              </Table.Td>
              <Table.Td>
                <TextInput size="xs" aria-label={`Product ${i + 1} category`} value={p.category} onChange={(e) => update(i, { category: e.currentTarget.value })} />
              </Table.Td>
              <Table.Td>
                <TextInput size="xs" aria-label={`Product ${i + 1} strain type`} value={p.strainType} onChange={(e) => update(i, { strainType: e.currentTarget.value })} />
              </Table.Td>
              <Table.Td>
                <TextInput size="xs" aria-label={`Product ${i + 1} brand`} value={p.brand} onChange={(e) => update(i, { brand: e.currentTarget.value })} />
              </Table.Td>
              <Table.Td>
                <ActionIcon variant="subtle" color="gray" aria-label={`Remove product ${i + 1}`} onClick={() => onChange(products.filter((_, j) => j !== i))} disabled={products.length === 1}>
                  <IconTrash size={16} />
                </ActionIcon>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Group justify="space-between" align="flex-end">
        <Button variant="light" size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => onChange([...products, emptyProduct()])}>
          Add product
        </Button>
        <Text size="xs" c="dimmed">
          {products.filter((p) => p.name.trim()).length} product(s)
        </Text>
      </Group>
      <Group align="flex-end" gap="xs">
        <Textarea
          label="Or paste product names"
          description="One per line"
          autosize
          minRows={2}
          maxRows={6}
          value={paste}
          onChange={(e) => setPaste(e.currentTarget.value)}
          style={{ flex: 1 }}
        />
        <Button
          variant="default"
          disabled={!paste.trim()}
          onClick={() => {
            const names = paste.split('\n').map((l) => l.trim()).filter(Boolean);
            onChange([...products.filter((p) => p.name.trim()), ...names.map((name) => ({ ...emptyProduct(), name }))]);
            setPaste('');
          }}
        >
          Add these
        </Button>
      </Group>
    </Stack>
  );
}
