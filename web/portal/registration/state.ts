/**
 * The registration as every step page sees it: loaded once by the layout, refreshed on
 * `ตรวจสอบสถานะ`, and live (server-sent events) whenever it changes on any API instance.
 */
import { createContext, createSignal, onCleanup, useContext } from 'solid-js';
import { api, ApiError, type Registration } from '../../lib/api.ts';
import { openLiveStream, type LiveState } from '../../lib/live.ts';

export type RegistrationStore = {
  /** The latest registration (kept while a refresh runs, so pages do not flash). */
  data: () => Registration | undefined;
  error: () => ApiError | undefined;
  loading: () => boolean;
  checkedAt: () => Date | undefined;
  live: () => LiveState;
  refresh: () => Promise<void>;
};

export function createRegistrationStore(): RegistrationStore {
  const [data, setData] = createSignal<Registration>();
  const [error, setError] = createSignal<ApiError>();
  const [loading, setLoading] = createSignal(false);
  const [checkedAt, setCheckedAt] = createSignal<Date>();
  const [live, setLive] = createSignal<LiveState>('connecting');
  // Answers can overtake each other: only the newest request may write.
  let sequence = 0;

  async function refresh() {
    const mine = ++sequence;
    setLoading(true);
    try {
      const next = await api.registration.get();
      if (mine !== sequence) return;
      setData(next);
      setError(undefined);
      setCheckedAt(new Date());
    } catch (err) {
      if (mine !== sequence) return;
      setError(err instanceof ApiError ? err : new ApiError(0, 'unexpected', String(err)));
    } finally {
      if (mine === sequence) setLoading(false);
    }
  }

  void refresh();
  const close = openLiveStream(api.registration.eventsUrl, {
    onReady: () => void refresh(),
    onUpdate: () => void refresh(),
    onState: (state) => {
      setLive(state);
      // A stream refused for good may mean the session ended: the refresh finds out.
      if (state === 'down') void refresh();
    },
  });
  // Back to a tab that slept (laptop lid, background tab): catch up at once.
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };
  document.addEventListener('visibilitychange', onVisible);
  onCleanup(() => {
    close();
    document.removeEventListener('visibilitychange', onVisible);
  });

  return { data, error, loading, checkedAt, live, refresh };
}

export const RegistrationContext = createContext<RegistrationStore>();

export function useRegistration(): RegistrationStore {
  const store = useContext(RegistrationContext);
  if (!store) throw new Error('useRegistration outside the registration layout');
  return store;
}
