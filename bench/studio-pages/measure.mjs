// Times two studio pages in a real headless Chromium, signed in once through Keycloak's login page:
// the studio home until it is interactive (its heading, quick actions and templates shown), and a
// batch of 10,000 items until its first item tiles are rendered. Prints each run and the median.
//   node measure.mjs BASE_URL USER PASSWORD BATCH_ID RUNS
import { chromium } from 'playwright-core';

const [base, user, password, batchId, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
await page.goto(base + '/');
await page.getByRole('button', { name: 'Sign in' }).click();
await page.getByLabel('Username or email').fill(user);
await page.getByLabel('Password', { exact: true }).fill(password);
await page.getByRole('button', { name: 'Sign In' }).click();
await page.waitForURL(base + '/');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(label, path, ready) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const start = Date.now();
    await page.goto(base + path);
    await ready();
    ms.push(Date.now() - start);
  }
  console.log(`${label}: median ${median(ms)} ms (runs: ${ms.join(', ')} ms)`);
}

await time('studio home, to interactive', '/', async () => {
  await page.getByRole('link', { name: 'Start batch' }).waitFor();
  await page.getByRole('tabpanel').locator('a, h3').first().waitFor();
});
await time('batch of 10,000 items, to its first item tiles rendered', `/batches/${batchId}`, async () => {
  await page.getByRole('grid').getByRole('button', { name: /^1\. / }).waitFor();
});
const cells = await page.evaluate(() => document.querySelectorAll('[role=gridcell]').length);
console.log(`item elements in the page of 10,000: ${cells}`);
await browser.close();
