// The dashboard's only door to the server: JSON over fetch, bearer key on every call, and
// one error type for the three error dialects the server speaks (RFC 9457 problems on /v1,
// seed 004's `{error, code, message}` and seed 000's `{success:false, error, message}`).

export interface Credentials {
  key: string;
  /** Set when an admin key acts for a tenant (`X-Tenant-Id`). */
  tenantId: string | null;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** A failed call. `code` is the server's own word for it: `insufficient_credits` (/v1),
 * `INSUFFICIENT_CREDITS` (seed 004), `QuotaExceeded` (seed 000), or `network_error`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: Readonly<Record<string, unknown>>,
    readonly requestId: string | null = null,
  ) {
    super(message);
  }

  static async fromResponse(response: Response): Promise<ApiError> {
    const body = await readJson(response);
    const problem = typeof body.status === 'number' && typeof body.title === 'string';
    const code = str(body.code) ?? str(body.error) ?? `http_${response.status}`;
    const message = problem
      ? (str(body.detail) ?? str(body.title) ?? code)
      : (str(body.message) ?? str(body.error) ?? `The server answered ${response.status} ${response.statusText}`.trim());
    return new ApiError(response.status, code, message, body, str(body.request_id) ?? response.headers.get('x-request-id'));
  }

  static network(cause: unknown): ApiError {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return new ApiError(0, 'network_error', `Could not reach the server (${detail}).`, {});
  }

  is(...codes: string[]): boolean {
    return codes.includes(this.code);
  }

  number(field: string): number | undefined {
    const value = this.body[field];
    return typeof value === 'number' ? value : undefined;
  }

  /** Messages per field: /v1 `errors: [{path, message}]` or a seed `{field, message}`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const errors = this.body.errors;
    if (Array.isArray(errors)) {
      for (const entry of errors) {
        if (entry && typeof entry === 'object') {
          const { path, message } = entry as { path?: unknown; message?: unknown };
          const key = Array.isArray(path) ? path.join('.') : str(path);
          if (key && typeof message === 'string' && !(key in out)) out[key.replace(/^\//, '')] = message;
        }
      }
    }
    const field = str(this.body.field);
    if (field && !(field in out)) out[field] = this.message;
    return out;
  }
}

export interface Api {
  readonly credentials: Credentials;
  request<T>(method: string, path: string, options?: RequestOptions): Promise<T>;
  get<T>(path: string, options?: RequestOptions): Promise<T>;
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T>;
  patch<T>(path: string, body: unknown, options?: RequestOptions): Promise<T>;
  delete(path: string, options?: RequestOptions): Promise<void>;
  /** URL for EventSource, which cannot send headers: the server accepts the key as a query param on SSE routes only. */
  eventsUrl(path: string): string;
}

export interface ApiOptions {
  /** Called when the server stops accepting the key (401): a revoked key ends the session. */
  onUnauthorized?: (error: ApiError) => void;
}

export function createApi(credentials: Credentials, options: ApiOptions = {}): Api {
  async function request<T>(method: string, path: string, call: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      Authorization: `Bearer ${credentials.key}`,
      ...call.headers,
    };
    if (credentials.tenantId) headers['X-Tenant-Id'] = credentials.tenantId;
    const init: RequestInit = { method, headers };
    if (call.signal) init.signal = call.signal;
    if (call.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(call.body);
    }
    let response: Response;
    try {
      response = await fetch(withQuery(path, call.query), init);
    } catch (cause) {
      if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
      throw ApiError.network(cause);
    }
    if (!response.ok) {
      const error = await ApiError.fromResponse(response);
      if (error.status === 401) options.onUnauthorized?.(error);
      throw error;
    }
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    credentials,
    request,
    get: (path, call) => request('GET', path, call),
    post: (path, body, call) => request('POST', path, { ...call, body: body ?? {} }),
    patch: (path, body, call) => request('PATCH', path, { ...call, body }),
    delete: (path, call) => request<void>('DELETE', path, call),
    eventsUrl: (path) =>
      withQuery(path, { access_token: credentials.key, tenant_id: credentials.tenantId ?? undefined }),
  };
}

export function withQuery(path: string, query: Record<string, QueryValue> | undefined): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const search = params.toString();
  return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path;
}

/** The human sentence for any thrown value. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const value: unknown = await response.json();
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
