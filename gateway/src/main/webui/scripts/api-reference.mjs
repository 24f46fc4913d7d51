// Writes docs/api/<service>.md, the API reference of each service, from the same OpenAPI documents
// the typed client is generated from (their operations' @Operation summaries and @APIResponse
// statuses). Run by generate-api.mjs on every build, so the reference says what the code answers.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
/** The answers every /api operation may give, said once at the top of each page instead of on every row. */
const EVERYWHERE = new Set(['401', '403']);

const cell = (text) => String(text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();

export function reference(service, document) {
  const lines = [
    `# ${document.info?.title ?? service} API`,
    '',
    `Generated from \`${service}/target/openapi/openapi.json\` by \`gateway/src/main/webui/scripts/api-reference.mjs\` on every`,
    'build: do not edit; change the resource\'s `@Operation` and `@APIResponse` annotations instead.',
    '',
    `${document.info?.description ?? ''} Behind the gateway under \`/api/vendor/media/\` with a bearer token; every`,
    'operation there may also answer 401 (no token, or a refused one) and 403 (no vendor in the token, or a role it lacks).',
    'Errors are `application/problem+json` (RFC 9457) naming every offending field.',
    '',
    '| method and path | what it does | answers |',
    '|---|---|---|',
  ];
  const paths = Object.keys(document.paths ?? {}).sort();
  for (const path of paths) {
    for (const method of METHODS) {
      const operation = document.paths[path][method];
      if (!operation) continue;
      const answers = Object.entries(operation.responses ?? {})
        .filter(([code]) => !(path.startsWith('/api/') && EVERYWHERE.has(code)))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([code, response]) => `${code} ${cell(response.description)}`)
        .join('; ');
      lines.push(`| \`${method.toUpperCase()} ${path}\` | ${cell(operation.summary)} | ${answers} |`);
    }
  }
  return lines.join('\n') + '\n';
}

export function writeReferences(root, services) {
  const out = resolve(root, 'docs/api');
  mkdirSync(out, { recursive: true });
  for (const service of services) {
    const document = JSON.parse(readFileSync(resolve(root, service, 'target/openapi/openapi.json'), 'utf8'));
    writeFileSync(resolve(out, `${service}.md`), reference(service, document));
    console.log(`API reference for ${service} -> docs/api/${service}.md`);
  }
}
