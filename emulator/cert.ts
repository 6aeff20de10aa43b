// The emulator's TLS identity: a self-signed certificate for 127.0.0.1 and localhost, made at
// start-up. Clients trust it explicitly (`tlsOptions.ca`, kubeconfig certificate-authority-data).
import { generate } from 'selfsigned';

/** PEM certificate (also the CA clients trust) and its private key. */
export interface EmulatorCertificate {
  cert: string;
  key: string;
}

/** Generates a fresh certificate valid for 127.0.0.1 (IP SAN) and localhost, for 30 days. */
export async function generateCertificate(): Promise<EmulatorCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'NetPilot Azure emulator' }, { name: 'organizationName', value: 'NetPilot' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 30 * 24 * 3600_000),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private };
}
