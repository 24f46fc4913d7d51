import { useState } from 'react';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MantineProvider } from '@mantine/core';
import { PromptInput } from './PromptInput';

function Editor({ declared = [] as string[] }) {
  const [value, setValue] = useState('');
  return (
    <MantineProvider>
      <PromptInput label="Prompt" value={value} onChange={setValue} declared={declared} />
    </MantineProvider>
  );
}

describe('the prompt input', () => {
  it('offers the variables after a brace and completes the chosen one with the keyboard', async () => {
    const user = userEvent.setup();
    render(<Editor declared={['scent']} />);
    const prompt = screen.getByRole('combobox', { name: 'Prompt' });
    await user.click(prompt);
    await user.type(prompt, 'A {{s');
    const options = within(screen.getByRole('listbox', { name: 'Variables' })).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['{scent}declared', '{strain_type}', '{style}', '{custom_1}', '{custom_2}']);
    await user.keyboard('{ArrowDown}{Enter}');
    expect(prompt).toHaveValue('A {strain_type}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
  });

  it('highlights declared, unknown and malformed placeholders differently', async () => {
    const user = userEvent.setup();
    const { container } = render(<Editor declared={['product_name']} />);
    const prompt = screen.getByRole('combobox', { name: 'Prompt' });
    await user.click(prompt);
    // user-event reads { as a key descriptor: {{ types one brace
    await user.type(prompt, '{{product_name} and {{mood} and {{bad name}');
    await user.keyboard('{Escape}');
    const marks = Array.from(container.querySelectorAll('mark'));
    expect(marks.map((m) => m.textContent)).toEqual(['{product_name}', '{mood}', '{bad name}']);
    expect(new Set(marks.map((m) => m.className)).size).toBe(3);
  });

  it('closes the suggestions with Escape and leaves the text as typed', async () => {
    const user = userEvent.setup();
    render(<Editor />);
    const prompt = screen.getByRole('combobox', { name: 'Prompt' });
    await user.click(prompt);
    await user.type(prompt, '{{prod');
    expect(screen.getByRole('listbox', { name: 'Variables' })).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('listbox')).not.toBeInTheDocument();
    expect(prompt).toHaveValue('{prod');
  });
});
