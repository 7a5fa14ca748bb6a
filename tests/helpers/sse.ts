export type SseEvent = { event: string; data: string };

/** Read Server-Sent Events from a fetch Response until `done` says stop (or a timeout). */
export async function readEvents(res: Response, done: (event: SseEvent) => boolean, timeoutMs = 10_000): Promise<SseEvent[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = '';
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return events;
      buffer += decoder.decode(value, { stream: true });
      let sep: number;
      while ((sep = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, sep);
        buffer = buffer.slice(sep + 2);
        const event = /^event: ?(.*)$/m.exec(block)?.[1] ?? 'message';
        const data = [...block.matchAll(/^data: ?(.*)$/gm)].map((m) => m[1]).join('\n');
        events.push({ event, data });
        if (done({ event, data })) return events;
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
  }
}

/**
 * `readEvents`, plus `first`: the stream's first event, which the server writes once it is
 * subscribed. What happens after `await first` reaches the stream live, with no fixed wait.
 */
export function followEvents(
  res: Response, done: (event: SseEvent) => boolean, timeoutMs = 10_000,
): { first: Promise<SseEvent | undefined>; all: Promise<SseEvent[]> } {
  let resolveFirst!: (event: SseEvent | undefined) => void;
  const first = new Promise<SseEvent | undefined>((r) => { resolveFirst = r; });
  const all = readEvents(res, (e) => { resolveFirst(e); return done(e); }, timeoutMs);
  // A stream that ends (or times out) before any event must not leave `first` hanging.
  void all.then(() => resolveFirst(undefined), () => resolveFirst(undefined));
  return { first, all };
}
