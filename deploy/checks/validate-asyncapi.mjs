// Validates docs/asyncapi.yaml with the AsyncAPI parser (its 3.0 schema and the spec's own rules).
// Prints each diagnostic; exits 1 when any is an error.
//   node validate-asyncapi.mjs ../../docs/asyncapi.yaml
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';

const file = process.argv[2];
const { document, diagnostics } = await new Parser().parse(readFileSync(file, 'utf8'));
const errors = diagnostics.filter((d) => d.severity === 0);
for (const d of diagnostics) {
  console.log(`${['error', 'warning', 'info', 'hint'][d.severity]} ${d.code} at ${d.path.join('.')}: ${d.message}`);
}
if (errors.length > 0 || !document) {
  console.error(`${file}: ${errors.length} error(s)`);
  process.exit(1);
}
console.log(`${file}: AsyncAPI ${document.version()}, ${document.channels().length} channels, ${document.operations().length} operations,`
  + ` ${document.components().messages().length} messages: valid`);
