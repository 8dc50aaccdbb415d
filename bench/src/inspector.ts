import WebSocket from 'ws';

/** What a Node process is started with so that the bench can reach its inspector (a port of its own choosing). */
export const INSPECT = '--inspect=127.0.0.1:0';

/** The inspector's address, from the output of a process started with `INSPECT`. */
export function inspectorUrl(output: string): string {
  const url = /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
  if (!url) throw new Error(`no inspector address in the process's output: ${output.slice(0, 300)}`);
  return url;
}

/**
 * Has a process collect all its garbage (`HeapProfiler.collectGarbage`, twice, through its inspector), so that its
 * memory is read without what a burst of work left behind and V8 had not yet collected.
 */
export async function collectGarbage(url: string): Promise<void> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  try {
    for (let id = 1; id <= 2; id++) {
      await new Promise<void>((resolve, reject) => {
        const onMessage = (data: WebSocket.RawData) => {
          const message = JSON.parse(String(data)) as { id?: number; error?: { message: string } };
          if (message.id !== id) return;
          socket.off('message', onMessage);
          if (message.error) reject(new Error(`inspector: ${message.error.message}`));
          else resolve();
        };
        socket.on('message', onMessage);
        socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      });
    }
  } finally {
    socket.close();
  }
}
