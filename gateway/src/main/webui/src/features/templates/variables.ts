/**
 * The editor's variable handling, as template-service reads a prompt: `{name}` is a variable
 * (a letter or _ then letters, digits, _), `\{` a literal brace.
 */

/** The seed's variables, offered first when completing. */
export const STANDARD_VARIABLES = [
  'product_name',
  'category',
  'strain_type',
  'brand_name',
  'custom_1',
  'custom_2',
  'style',
  'background',
] as const;

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** A run of prompt text: plain, or a placeholder (well-formed or not). */
export interface Segment {
  text: string;
  variable?: string;
  malformed?: boolean;
}

/** Splits a prompt into plain text and placeholders, for highlighting. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let plain = '';
  let i = 0;
  const flush = () => {
    if (plain) out.push({ text: plain });
    plain = '';
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && text[i + 1] === '{') {
      plain += '\\{';
      i += 2;
      continue;
    }
    if (c === '{') {
      const close = text.indexOf('}', i + 1);
      const open = text.indexOf('{', i + 1);
      if (close < 0 || (open >= 0 && open < close)) {
        flush();
        out.push({ text: '{', malformed: true });
        i += 1;
        continue;
      }
      const name = text.slice(i + 1, close);
      flush();
      out.push(NAME.test(name) ? { text: text.slice(i, close + 1), variable: name } : { text: text.slice(i, close + 1), malformed: true });
      i = close + 1;
      continue;
    }
    plain += c;
    i += 1;
  }
  flush();
  return out;
}

/** The variables a prompt uses, in order of first use. */
export function placeholders(text: string): string[] {
  const seen: string[] = [];
  for (const s of segments(text)) {
    if (s.variable && !seen.includes(s.variable)) seen.push(s.variable);
  }
  return seen;
}

/** A variable being typed at the cursor: `{prod|` gives start (the brace) and "prod". */
export interface Typing {
  start: number;
  partial: string;
}

export function typingAt(text: string, cursor: number): Typing | null {
  const before = text.slice(0, cursor);
  const match = /\{([A-Za-z0-9_]*)$/.exec(before);
  if (!match) return null;
  const start = cursor - match[0].length;
  if (start > 0 && text[start - 1] === '\\') return null;
  return { start, partial: match[1] };
}

/** Names to offer for what is being typed: declared ones first, then the seed's, prefix matches first. */
export function completions(partial: string, declared: string[]): string[] {
  const all = [...declared, ...STANDARD_VARIABLES.filter((v) => !declared.includes(v))];
  const p = partial.toLowerCase();
  const prefix = all.filter((v) => v.toLowerCase().startsWith(p));
  const inside = all.filter((v) => !v.toLowerCase().startsWith(p) && v.toLowerCase().includes(p));
  return [...prefix, ...inside];
}

/** Completes the variable being typed: the text with `{name}` in place and the cursor after it. */
export function complete(text: string, cursor: number, name: string): { text: string; cursor: number } {
  const typing = typingAt(text, cursor);
  if (!typing) return { text, cursor };
  const rest = text.slice(cursor);
  const skip = /^[A-Za-z0-9_]*\}?/.exec(rest)![0].length;
  const inserted = `{${name}}`;
  return { text: text.slice(0, typing.start) + inserted + rest.slice(skip), cursor: typing.start + inserted.length };
}

/** A declared variable, as template-service keeps it. */
export interface Variable {
  name: string;
  description?: string;
  defaultValue?: string;
  required?: boolean;
}

/**
 * The declared variables after the prompt changed: each variable the prompt uses is declared (new
 * ones appended, empty), and a declared one the prompt no longer uses stays only if it says
 * something (a default or description), so typing does not throw away a vendor's work.
 */
export function syncVariables(declared: Variable[], text: string): Variable[] {
  const used = placeholders(text);
  const kept = declared.filter((v) => used.includes(v.name) || v.defaultValue || v.description);
  const added = used.filter((name) => !kept.some((v) => v.name === name)).map((name) => ({ name }));
  return [...kept, ...added];
}
