/**
 * oidc-provider ships no TypeScript types (and @types/oidc-provider is not installed): these
 * declare the part of its v9 API that the local identity provider (api/dev/idp.ts) and our own
 * provider (api/services/oidc-provider.ts) use, nothing more.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  type UnknownObject = Record<string, unknown>;

  export type AdapterPayload = UnknownObject & {
    uid?: string;
    userCode?: string;
    grantId?: string;
    consumed?: number;
  };

  export interface Adapter {
    upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<AdapterPayload | undefined>;
    findByUid(uid: string): Promise<AdapterPayload | undefined>;
    findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
  }

  export type AdapterFactory = (model: string) => Adapter;

  export interface InteractionResults {
    login?: { accountId: string; [key: string]: unknown };
    consent?: { grantId?: string; [key: string]: unknown };
    error?: string;
    error_description?: string;
    [key: string]: unknown;
  }

  export interface OIDCContext {
    result?: InteractionResults;
    provider: Provider;
    client?: { clientId: string; [key: string]: unknown };
    session?: { accountId?: string; acr?: string; grantIdFor(clientId: string): string | undefined; [key: string]: unknown };
    params?: UnknownObject & { post_logout_redirect_uri?: string; client_id?: string; scope?: string; acr_values?: string };
    requestParamOIDCScopes: Set<string>;
    [key: string]: unknown;
  }

  export interface KoaContextWithOIDC {
    oidc: OIDCContext;
    type: string;
    body: unknown;
    status: number;
    set(name: string, value: string): void;
    [key: string]: unknown;
  }

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: UnknownObject, rejected: string[]): Promise<UnknownObject & { sub: string }>;
  }

  export interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    client_name?: string;
    redirect_uris: string[];
    grant_types?: string[];
    response_types?: string[];
    token_endpoint_auth_method?: string;
    [key: string]: unknown;
  }

  export interface Interaction {
    uid: string;
    returnTo: string;
    prompt: {
      name: string;
      reasons: string[];
      details: { missingOIDCScope?: string[]; missingOIDCClaims?: string[]; [key: string]: unknown };
    };
    params: UnknownObject & { client_id?: string; scope?: string; redirect_uri?: string; acr_values?: string };
    session?: { accountId: string; uid: string; [key: string]: unknown };
    grantId?: string;
    lastSubmission?: InteractionResults;
    /** When the interaction began (seconds). */
    iat?: number;
  }

  export interface Configuration {
    adapter?: AdapterFactory;
    clients?: ClientMetadata[];
    findAccount?: (ctx: KoaContextWithOIDC, sub: string, token?: unknown) => Promise<Account | undefined>;
    acrValues?: string[];
    routes?: Record<string, string>;
    proxy?: boolean;
    claims?: Record<string, string[]>;
    scopes?: string[];
    conformIdTokenClaims?: boolean;
    cookies?: {
      names?: Record<string, string>;
      long?: UnknownObject;
      short?: UnknownObject;
      keys?: string[];
    };
    jwks?: { keys: UnknownObject[] };
    features?: Record<string, UnknownObject>;
    interactions?: {
      policy?: interactionPolicy.Prompt[];
      url?: (ctx: KoaContextWithOIDC, interaction: Interaction) => string;
    };
    loadExistingGrant?: (ctx: KoaContextWithOIDC) => Promise<Grant | undefined>;
    pkce?: { required?: (ctx: KoaContextWithOIDC, client: unknown) => boolean };
    responseTypes?: string[];
    clientBasedCORS?: (ctx: KoaContextWithOIDC, origin: string, client: unknown) => boolean;
    ttl?: Record<string, number>;
    [key: string]: unknown;
  }

  export class Grant {
    constructor(props: { accountId: string; clientId: string });
    jti: string;
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: string[]): void;
    save(): Promise<string>;
    static find(id: string): Promise<Grant | undefined>;
  }

  export namespace interactionPolicy {
    class Check {
      static REQUEST_PROMPT: true;
      static NO_NEED_TO_PROMPT: false;
      constructor(reason: string, description: string, check: (ctx: KoaContextWithOIDC) => boolean | Promise<boolean>);
    }
    class Prompt {
      name: string;
      checks: Check[] & { add(check: Check, index?: number): void; get(reason: string): Check | undefined };
    }
    function base(): Prompt[] & { get(name: string): Prompt | undefined };
  }

  export namespace errors {
    class OIDCProviderError extends Error {
      error: string;
      error_description?: string;
      status: number;
    }
    class SessionNotFound extends OIDCProviderError {}
  }

  export default class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    proxy: boolean;
    readonly Grant: typeof Grant;
    callback(): (req: IncomingMessage, res: ServerResponse) => Promise<void>;
    interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<Interaction>;
    /** Stores the result and returns the URL that resumes the authorization (no redirect sent). */
    interactionResult(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<string>;
    readonly Client: { find(id: string): Promise<{ clientId: string; backchannelLogout(sub: string, sid: string): Promise<void>; [key: string]: unknown } | undefined> };
    readonly Interaction: { find(uid: string): Promise<Interaction | undefined> };
    interactionFinished(
      req: IncomingMessage,
      res: ServerResponse,
      result: InteractionResults,
      options?: { mergeWithLastSubmission?: boolean },
    ): Promise<void>;
    on(event: 'server_error', listener: (ctx: unknown, err: Error) => void): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
}
