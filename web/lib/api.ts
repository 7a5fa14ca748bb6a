/**
 * The one client for the API: same origin, session cookies, JSON both ways. Every failure
 * becomes an ApiError carrying the server's code and its message in the user's language.
 */
import { t } from './i18n.ts';

export type FieldErrors = Record<string, { code: string; message: string }>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldErrors = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Health = { status: 'ok'; database: 'postgres' | 'pglite' };
export type PublicConfig = { providerName: string; vapidPublicKey: string | null; passwordPolicy: 'manual' | 'nist' };
export type Unit = { code: string; ministry: string; department: string; name: string };

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', t('error.network'));
  }
  if (response.status === 204) return undefined as T;
  const data: unknown = await response.json().catch(() => undefined);
  if (response.ok && data !== undefined) return data as T;
  throw toApiError(response.status, data);
}

function toApiError(status: number, data: unknown): ApiError {
  if (typeof data === 'object' && data !== null && 'code' in data && 'message' in data) {
    const { code, message } = data;
    const fields = 'fields' in data && typeof data.fields === 'object' && data.fields !== null ? (data.fields as FieldErrors) : {};
    if (typeof code === 'string' && typeof message === 'string') return new ApiError(status, code, message, fields);
  }
  // Not our JSON (a proxy's HTML error page, an empty body): say so plainly.
  return new ApiError(status, 'unexpected_response', t('error.unexpected'));
}

const get = <T>(path: string) => request<T>('GET', path);

export const api = {
  health: () => get<Health>('/api/health'),
  public: {
    config: () => get<PublicConfig>('/api/public/config'),
    unit: (code: string) => get<Unit>(`/api/public/units/${encodeURIComponent(code)}`),
  },
};
