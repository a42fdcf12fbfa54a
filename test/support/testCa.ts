/**
 * A certificate authority made for one test run with the openssl CLI: the CA, and a server
 * certificate it signed for 127.0.0.1, 127.0.0.2 (a loopback address that is not "localhost"
 * to VS Code), localhost and *.oss.test (names a counting proxy can map to local servers). Everything lives in a temp dir that remove() deletes.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCa {
  dir: string;
  /** The CA certificate (PEM) and its file. */
  caPem: string;
  caFile: string;
  /** The server's key and certificate (PEM). */
  keyPem: string;
  certPem: string;
  remove(): void;
}

/** Host names the server certificate covers (besides 127.0.0.1 and 127.0.0.2). */
export const TEST_CERT_HOSTS = ['localhost', 'oss.test', '*.oss.test'];

export function makeTestCa(): TestCa {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'oss-test-ca-'));
  const f = (name: string): string => path.join(dir, name);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  };
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2',
    '-subj', '/CN=OSS Explorer Test CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=127.0.0.1');
  const san = ['IP:127.0.0.1', 'IP:127.0.0.2', ...TEST_CERT_HOSTS.map((h) => `DNS:${h}`)].join(',');
  fs.writeFileSync(f('ext.cnf'), `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial', '-out', f('server.pem'),
    '-days', '2', '-extfile', f('ext.cnf'));
  return {
    dir,
    caPem: fs.readFileSync(f('ca.pem'), 'utf8'),
    caFile: f('ca.pem'),
    keyPem: fs.readFileSync(f('server.key'), 'utf8'),
    certPem: fs.readFileSync(f('server.pem'), 'utf8'),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
