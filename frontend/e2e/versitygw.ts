import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { repoRoot } from './env';
import { freePort } from './server';

/** versitygwPath is the S3 gateway the specs write to: VERSITYGW_BIN, or the one scripts/lib.sh builds. */
export const versitygwPath = process.env.VERSITYGW_BIN ?? resolve(repoRoot, '.cache/bin/versitygw');

/** versitygwMissing explains how to get versitygw, or is undefined when it exists. */
export function versitygwMissing(): string | undefined {
  if (existsSync(versitygwPath)) return undefined;
  return (
    `versitygw not found at ${versitygwPath}: build it with scripts/test.sh, or run ` +
    '"GOBIN=$PWD/.cache/bin go install github.com/versity/versitygw/cmd/versitygw@v1.8.0" in the repository ' +
    'root, or set VERSITYGW_BIN'
  );
}

/** startTimeoutMs bounds how long a fresh versitygw may take to accept connections. */
const startTimeoutMs = 30_000;

/** stopTimeoutMs is how long versitygw gets to exit after an interrupt before it is killed. */
const stopTimeoutMs = 5_000;

/** S3Server is a versitygw serving a temporary folder, with one bucket already there. */
export interface S3Server {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** accepts tells whether something accepts TCP connections on port of host. */
export function accepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((r) => child.once('exit', () => r()));
}

/**
 * startVersitygw runs versitygw's posix backend on a free loopback port, as s3test.Start does in
 * the Go tests. The posix backend keeps each bucket as a folder of its root, so the bucket is
 * made by creating that folder.
 */
export async function startVersitygw(): Promise<S3Server> {
  const missing = versitygwMissing();
  if (missing) throw new Error(missing);
  const root = await mkdtemp(join(tmpdir(), 'dbackup-e2e-s3-'));
  const server = { accessKey: 'AKIDE2E', secretKey: 'SECRETE2E', region: 'us-east-1', bucket: 'dbackup-e2e' };
  await mkdir(join(root, server.bucket));
  const port = await freePort();
  let output = '';
  const child = spawn(
    versitygwPath,
    [
      '--access',
      server.accessKey,
      '--secret',
      server.secretKey,
      '--region',
      server.region,
      '--port',
      `127.0.0.1:${port}`,
      '--quiet',
      'posix',
      root,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const done = await Promise.race([exited(child).then(() => true), sleep(stopTimeoutMs).then(() => false)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited(child);
      }
    }
    await rm(root, { recursive: true, force: true });
  };

  const deadline = Date.now() + startTimeoutMs;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`versitygw did not listen on 127.0.0.1:${port}:\n${output}`);
    }
    await sleep(50);
  }
  return { ...server, endpoint: `http://127.0.0.1:${port}`, stop };
}
