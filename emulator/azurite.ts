// Azurite (the Azure Storage emulator, an npm dev dependency) as a child process on 127.0.0.1.
// Used by the store contract suite, the scale-out tests and `npm run dev:scale`; never by production.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Azurite's fixed development account (public, documented by Microsoft; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteInstance {
  blobEndpoint: string;
  tableEndpoint: string;
  /** Connection string in the form tenants use for keys (`AZURE_STORAGE_CONNECTION_STRING`). */
  connectionString: string;
  location: string;
  pid: number;
  stop(): Promise<void>;
}

export interface AzuriteOptions {
  /** Workspace folder (data survives a restart of Azurite). Default: a fresh temporary folder. */
  location?: string;
  /** How long to wait for both services to listen. */
  startTimeoutMs?: number;
}

function azuriteEntry(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('azurite/package.json')), 'dist', 'src', 'azurite.js');
}

const LISTENING = /Azurite (Blob|Table) service is successfully listening at (http:\/\/127\.0\.0\.1:\d+)/;

export async function startAzurite(options: AzuriteOptions = {}): Promise<AzuriteInstance> {
  const location = options.location ?? mkdtempSync(join(tmpdir(), 'netpilot-azurite-'));
  mkdirSync(location, { recursive: true, mode: 0o700 });
  const args = [
    azuriteEntry(),
    '--disableTelemetry',
    '--skipApiVersionCheck',
    '--location', location,
    '--blobHost', '127.0.0.1', '--blobPort', '0',
    '--queueHost', '127.0.0.1', '--queuePort', '0',
    '--tableHost', '127.0.0.1', '--tablePort', '0',
  ];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoints: Partial<Record<'Blob' | 'Table', string>> = {};
  let output = '';

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Azurite did not start within ${options.startTimeoutMs ?? 20_000} ms: ${output.slice(-500)}`));
    }, options.startTimeoutMs ?? 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of output.split('\n')) {
        const m = LISTENING.exec(line);
        if (m) endpoints[m[1] as 'Blob' | 'Table'] = m[2];
      }
      if (endpoints.Blob && endpoints.Table) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with code ${code} before listening: ${output.slice(-500)}`));
    });
  });

  const blobEndpoint = `${endpoints.Blob}/${AZURITE_ACCOUNT}`;
  const tableEndpoint = `${endpoints.Table}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint,
    tableEndpoint,
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `BlobEndpoint=${blobEndpoint};TableEndpoint=${tableEndpoint};`,
    location,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
      }),
  };
}
