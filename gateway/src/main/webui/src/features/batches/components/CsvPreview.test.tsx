import { render, screen, within } from '@testing-library/react';
import { MantineProvider } from '@mantine/core';
import { CsvPreview } from './CsvPreview';

const renderPreview = (preview: Parameters<typeof CsvPreview>[0]['preview']) =>
  render(
    <MantineProvider>
      <CsvPreview preview={preview} fileName="products.csv" />
    </MantineProvider>,
  );

describe('the CSV preview', () => {
  it('names each problem by its line and column, as the API located it', () => {
    renderPreview({
      rows: 3,
      mapping: { 'Product Name': 'product_name', 'Strain Type': 'strain_type' },
      prompts: ['Blue Dream cannabis flower, hybrid strain'],
      problems: [
        { field: 'rows[1].strain_type', message: 'missing value for {strain_type}', line: 3, column: 'Strain Type' },
        { message: 'the file has a stray quote', line: 5 },
      ],
      estimatedCostUsd: 0.04,
      estimatedSeconds: 30,
      budget: { monthlyLimitUsd: 10, spentUsd: 2, remainingUsd: 8 },
    });
    const table = screen.getByRole('table', { name: 'CSV problems' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Line 3, column Strain Type');
    expect(rows[0]).toHaveTextContent('missing value for {strain_type}');
    expect(rows[1]).toHaveTextContent('Line 5');
    expect(screen.getByText('2 problems')).toBeInTheDocument();
    expect(screen.getByText('3 rows found')).toBeInTheDocument();
  });

  it('shows the mapping, the first prompts and the estimate of a clean file', () => {
    renderPreview({
      rows: 2,
      mapping: { 'Product Name': 'product_name' },
      ignoredColumns: ['sku'],
      prompts: ['Blue Dream cannabis flower', 'Gelato cannabis flower'],
      problems: [],
      estimatedCostUsd: 0.0264,
      estimatedSeconds: 130,
      budget: { monthlyLimitUsd: 1, spentUsd: 0.99, remainingUsd: 0.01 },
    });
    expect(screen.getByText('ready')).toBeInTheDocument();
    expect(screen.getByText(/Product Name → \{product_name\}/)).toHaveTextContent('ignored: sku');
    expect(within(screen.getByRole('list', { name: 'First prompts' })).getAllByRole('listitem')).toHaveLength(2);
    expect(screen.getByText('$0.0264')).toBeInTheDocument();
    expect(screen.getByText('2 min')).toBeInTheDocument();
    // the estimate is over what is left of the budget: said, not hidden
    expect(screen.getByText('more than the budget left')).toBeInTheDocument();
  });
});
