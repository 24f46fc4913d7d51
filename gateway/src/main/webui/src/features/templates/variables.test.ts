import { complete, completions, placeholders, segments, syncVariables, typingAt } from './variables';

describe('the prompt editor reads variables as template-service does', () => {
  it('finds each variable once, in order of first use', () => {
    expect(placeholders('{product_name} cannabis, {strain_type} strain, {product_name} again')).toEqual(['product_name', 'strain_type']);
  });

  it('treats an escaped brace as text and marks malformed placeholders', () => {
    const parts = segments('price \\{not} {ok} {bad name} {open');
    expect(parts.filter((p) => p.variable).map((p) => p.variable)).toEqual(['ok']);
    expect(parts.filter((p) => p.malformed).map((p) => p.text)).toEqual(['{bad name}', '{']);
    expect(parts.map((p) => p.text).join('')).toBe('price \\{not} {ok} {bad name} {open');
  });

  it('knows when a variable is being typed at the cursor', () => {
    expect(typingAt('a {prod', 7)).toEqual({ start: 2, partial: 'prod' });
    expect(typingAt('a {prod} b', 10)).toBeNull();
    expect(typingAt('a \\{prod', 8)).toBeNull();
  });

  it('offers declared variables first, then the standard ones that match', () => {
    expect(completions('s', ['scent'])).toEqual(['scent', 'strain_type', 'style', 'custom_1', 'custom_2']);
    expect(completions('name', [])).toEqual(['product_name', 'brand_name']);
  });

  it('completes the variable in place and moves the cursor after it', () => {
    expect(complete('a {prod b', 7, 'product_name')).toEqual({ text: 'a {product_name} b', cursor: 16 });
    // completing inside an existing name replaces the rest of it and its brace
    expect(complete('a {pro} b', 6, 'product_name')).toEqual({ text: 'a {product_name} b', cursor: 16 });
  });

  it('declares new variables as they are typed and keeps the ones a vendor described', () => {
    const declared = [
      { name: 'product_name', defaultValue: 'Blue Dream' },
      { name: 'old' },
      { name: 'mood', description: 'the feeling' },
    ];
    expect(syncVariables(declared, '{product_name} in {background}')).toEqual([
      { name: 'product_name', defaultValue: 'Blue Dream' },
      { name: 'mood', description: 'the feeling' },
      { name: 'background' },
    ]);
  });
});
