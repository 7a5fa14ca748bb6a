import { createSignal, onCleanup } from 'solid-js';

/** The current time, ticking every `ms`, for countdowns; stops with its owner. */
export function createNow(ms = 1_000): () => number {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), ms);
  onCleanup(() => clearInterval(timer));
  return now;
}
