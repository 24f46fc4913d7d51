// Generates the typed API client's types from each service's own OpenAPI document, written by the
// service's build (quarkus.smallrye-openapi.store-schema-directory). A changed endpoint then breaks
// `tsc` here instead of a vendor's page.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { writeReferences } from './api-reference.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../../..');
const services = ['template-service', 'style-service', 'batch-service', 'notification-service'];
const out = resolve(here, '../src/api/generated');
mkdirSync(out, { recursive: true });

for (const service of services) {
  const document = resolve(root, service, 'target/openapi/openapi.json');
  if (!existsSync(document)) {
    console.error(`${document} is missing: build ${service} first (./mvnw install -pl ${service} -DskipTests)`);
    process.exit(1);
  }
  const ast = await openapiTS(new URL(`file://${document}`));
  const name = service.replace('-service', '');
  writeFileSync(resolve(out, `${name}.ts`), `// Generated from ${service}/target/openapi/openapi.json by scripts/generate-api.mjs: do not edit.\n${astToString(ast)}`);
  console.log(`API types for ${service} -> src/api/generated/${name}.ts`);
}

writeReferences(root, services);
