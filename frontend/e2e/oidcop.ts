import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './env';

/** oidcopPath is the OpenID Provider the SSO specs sign in at: OIDCOP_BIN, or the one scripts/lib.sh builds. */
export const oidcopPath = process.env.OIDCOP_BIN ?? resolve(repoRoot, '.cache/bin/oidcop');

/** oidcopMissing explains how to get oidcop, or is undefined when it exists. */
export function oidcopMissing(): string | undefined {
  if (existsSync(oidcopPath)) return undefined;
  return (
    `oidcop not found at ${oidcopPath}: build it with scripts/test.sh, or run ` +
    '"(cd scripts/oidcop && go build -o ../../.cache/bin/oidcop .)" in the repository root, or set OIDCOP_BIN'
  );
}

/** startTimeoutMs bounds how long a fresh oidcop may take to print its issuer. */
const startTimeoutMs = 30_000;

/** stopTimeoutMs is how long oidcop gets to exit after its stdin closes before it is killed. */
const stopTimeoutMs = 5_000;

/**
 * OIDCKnobs make the provider issue correctly signed ID tokens with one bad claim; see
 * internal/testutil/oidctest.Knobs. A client's knob overrides the top-level one.
 */
export interface OIDCKnobs {
  /** ID token lifetime; zero or negative issues an expired token. Unset: one hour. */
  idTokenLifetimeSeconds?: number;
  /** Shifts iat, exp and auth_time as if the provider's clock were this far ahead. */
  clockOffsetSeconds?: number;
  /** Replaces aud (and removes azp and client_id). */
  overrideAudience?: string[];
  /** Replaces iss. */
  overrideIssuer?: string;
  /** Replaces nonce; '' removes it. */
  overrideNonce?: string;
}

/** OIDCClient is a confidential client (client_secret_basic or client_secret_post). */
export interface OIDCClient extends OIDCKnobs {
  id: string;
  secret: string;
  /** Matched exactly. */
  redirectURIs?: string[];
  /** Any redirect URI starting with one of these, such as 'http://127.0.0.1:'. */
  redirectURIPrefixes?: string[];
  /** Doublestar patterns. */
  redirectURIGlobs?: string[];
  postLogoutRedirectURIs?: string[];
}

/** OIDCUser signs in on the provider's login page (fields username and password, button "Sign in"). */
export interface OIDCUser {
  username: string;
  password: string;
  subject: string;
  email?: string;
  emailVerified?: boolean;
  name?: string;
  groups?: string[];
}

export interface OIDCConfig extends OIDCKnobs {
  clients: OIDCClient[];
  users: OIDCUser[];
}

/** OIDCProvider is a running oidcop. */
export interface OIDCProvider {
  /** issuer is the provider's URL, such as http://127.0.0.1:40123. */
  issuer: string;
  port: number;
  /** setConfig replaces clients, users and knobs; codes already issued stay valid. */
  setConfig(config: OIDCConfig): Promise<void>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * startOIDCOP runs scripts/oidcop on a free loopback port with config, as oidctest.Start does in
 * the Go tests, and resolves once it has printed its issuer. It exits when its stdin closes, so
 * it dies with the test runner.
 */
export async function startOIDCOP(config: OIDCConfig): Promise<OIDCProvider> {
  const missing = oidcopMissing();
  if (missing) throw new Error(missing);
  const dir = await mkdtemp(join(tmpdir(), 'dbackup-e2e-oidc-'));
  const configFile = join(dir, 'oidcop.json');
  await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
  let output = '';
  const child = spawn(oidcopPath, ['-addr', '127.0.0.1:0', '-config', configFile], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r();
    else child.once('exit', () => r());
  });

  const stop = async () => {
    child.stdin?.end();
    const done = await Promise.race([exited.then(() => true), sleep(stopTimeoutMs).then(() => false)]);
    if (!done) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((ok, fail) => {
    lines.once('line', ok);
    child.once('error', fail);
    void exited.then(() => fail(new Error(`oidcop exited:\n${output}`)));
  });
  let ready: { issuer: string; port: number };
  try {
    const line = await Promise.race([
      firstLine,
      sleep(startTimeoutMs).then(() => {
        throw new Error(`oidcop did not start within ${startTimeoutMs} ms:\n${output}`);
      }),
    ]);
    ready = JSON.parse(line) as { issuer: string; port: number };
  } catch (err) {
    await stop();
    throw err;
  }
  // Keep draining stdout so that the provider never blocks writing to it.
  lines.on('line', () => {});

  const setConfig = async (next: OIDCConfig) => {
    const res = await fetch(`${ready.issuer}/test/config`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(next),
    });
    if (res.status !== 204) throw new Error(`oidcop set config: ${res.status} ${await res.text()}`);
  };
  return { issuer: ready.issuer, port: ready.port, setConfig, stop };
}
