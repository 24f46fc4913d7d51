/** What the gateway tells the app about its identity provider (GET /api/studio/config). */
export interface StudioConfig {
  authority: string;
  clientId: string;
}

export async function loadConfig(): Promise<StudioConfig> {
  const response = await fetch('/api/studio/config', { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(`The gateway did not give the sign-in settings (HTTP ${response.status}).`);
  }
  return (await response.json()) as StudioConfig;
}
