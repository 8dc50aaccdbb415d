import { readFile } from 'node:fs/promises';
import WebSocket from 'ws';

export interface MemoryReading {
  /** Resident set size of the whole process, from /proc. */
  rssKiB: number;
  /** V8 heap in use right after a full garbage collection. */
  heapUsedKiB: number;
}

/** The inspector address a Node process started with `--inspect=127.0.0.1:0` printed on its standard error. */
export async function inspectorUrl(output: () => string, ms = 10_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const m = /Debugger listening on (ws:\/\/\S+)/.exec(output());
    if (m) return m[1]!;
    if (Date.now() > deadline) throw new Error(`no inspector address in: ${output().slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Reads another process's memory after asking its V8 for a full collection through the inspector protocol, so
 * that garbage still waiting to be collected is not taken for a leak.
 */
export async function readMemory(pid: number, inspector: string): Promise<MemoryReading> {
  const socket = new WebSocket(inspector);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let next = 0;
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<{ result?: { result?: { value?: unknown } } }>((resolve, reject) => {
      const id = ++next;
      const onMessage = (raw: WebSocket.RawData) => {
        const msg = JSON.parse(raw.toString()) as { id?: number; error?: unknown };
        if (msg.id !== id) return;
        socket.off('message', onMessage);
        if (msg.error) reject(new Error(JSON.stringify(msg.error)));
        else resolve(msg as never);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    for (let i = 0; i < 3; i++) await call('HeapProfiler.collectGarbage');
    const usage = await call('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    });
    const heap = JSON.parse(String(usage.result?.result?.value)) as { heapUsed: number };
    await new Promise((r) => setTimeout(r, 500));
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return { rssKiB: rss, heapUsedKiB: Math.round(heap.heapUsed / 1024) };
  } finally {
    socket.close();
  }
}
