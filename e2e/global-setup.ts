import { startInspectorWeb } from './server';

/** One browser-mode server for the specs that do not change server-wide state; its URL goes in INSPECTOR_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const server = await startInspectorWeb();
  process.env.INSPECTOR_URL = server.url;
  return server.stop;
}
