import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));
export const API_TSCONFIG = fileURLToPath(new URL('../../apps/api/tsconfig.json', import.meta.url));

/** Runs one of the bench's TypeScript files in a process of its own (with an IPC channel when asked). */
export function spawnTs(
  file: string,
  args: string[],
  options: { ipc?: boolean; env?: Record<string, string> } = {},
): ChildProcess {
  const path = fileURLToPath(new URL(file, import.meta.url));
  return spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    cwd: BENCH_DIR,
    env: { ...process.env, TSX_TSCONFIG_PATH: API_TSCONFIG, ...options.env },
    stdio: options.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
}

/** Resolves once the child prints `ready`; rejects with its output if it exits first. */
export function waitReady(child: ChildProcess, what: string, ms = 120_000): Promise<void> {
  let out = '';
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${out}`)), ms);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/ready/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => {
      clearTimeout(timer);
      reject(new Error(`${what} exited: ${out}`));
    });
  });
}

/** Runs a child to completion and returns its stdout. */
export function runToEnd(child: ChildProcess, what: string): Promise<string> {
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${what} failed (${code}): ${err || out}`)),
    ),
  );
}

/** Sends an IPC command and waits for the first reply of the given type. */
export function ask<T extends { type: string }>(
  child: ChildProcess,
  command: unknown,
  reply: T['type'],
  ms = 300_000,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', on);
      reject(new Error(`no ${reply} reply within ${ms} ms`));
    }, ms);
    const on = (m: T) => {
      if (m.type !== reply) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send(command as never);
  });
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory (bytes) and CPU time used so far (ms) of a process, from /proc. */
export async function processStats(pid: number): Promise<{ rss: number; cpuMs: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of /proc/<pid>/stat (user and system time, in clock ticks of 10 ms), counted after the name.
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
  return { rss, cpuMs };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
