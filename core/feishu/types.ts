/**
 * Shapes of the Feishu / Lark Open API as this endpoint returns them
 * (GET /open-apis/im/v1/messages/:message_id). Everything the platform sends is optional
 * here on purpose: real payloads omit fields, and the inspector must show whatever came.
 */

export type UserIdType = 'open_id' | 'union_id' | 'user_id';
export const USER_ID_TYPES: readonly UserIdType[] = ['open_id', 'union_id', 'user_id'];

/** A name in the languages the platform keeps it in. */
export interface ApiI18nNames {
  zh_cn?: string;
  en_us?: string;
  ja_jp?: string;
}

export interface ApiSender {
  id?: string;
  id_type?: string;
  sender_type?: string;
  tenant_key?: string;
  /** Only when asked with `with_sender_name=true`, and not always then. */
  sender_name?: string;
  sender_i18n_names?: ApiI18nNames;
}

export interface ApiMention {
  key?: string;
  /** A string in API answers; an object `{open_id, union_id, user_id}` in receive events. */
  id?: string | { open_id?: string; union_id?: string; user_id?: string };
  id_type?: string;
  name?: string;
  tenant_key?: string;
}

/** One element of `data.items`. */
export interface ApiMessage {
  message_id?: string;
  root_id?: string;
  parent_id?: string;
  thread_id?: string;
  msg_type?: string;
  create_time?: string;
  update_time?: string;
  deleted?: boolean;
  updated?: boolean;
  chat_id?: string;
  sender?: ApiSender;
  body?: { content?: string };
  mentions?: ApiMention[];
  upper_message_id?: string;
}

export interface ApiPermissionViolation {
  type?: string;
  subject?: string;
  /** Older error shape. */
  scope?: string;
  url?: string;
}

export interface ApiFieldViolation {
  field?: string;
  value?: string;
  description?: string;
}

export interface ApiHelp {
  url?: string;
  description?: string;
}

export interface ApiErrorDetail {
  message?: string;
  log_id?: string;
  /** Older shape of log_id. */
  logid?: string;
  troubleshooter?: string;
  permission_violations?: ApiPermissionViolation[];
  field_violations?: ApiFieldViolation[];
  helps?: ApiHelp[];
}

export interface GetMessageResponse {
  code: number;
  msg: string;
  data?: { items?: ApiMessage[] };
  error?: ApiErrorDetail;
}

/** A chat as GET /open-apis/im/v1/chats/:chat_id answers it (the fields the inspector reads). */
export interface ApiChat {
  name?: string;
  i18n_names?: ApiI18nNames;
  description?: string;
  chat_mode?: string;
  chat_type?: string;
}

export interface GetChatResponse {
  code: number;
  msg: string;
  data?: ApiChat;
  error?: ApiErrorDetail;
}

/**
 * Where a failure happened: getting the tenant token, or the call itself (a message, a resource, a
 * chat); for the event long connection, asking for its endpoint, or opening the WebSocket there;
 * for a store app, getting its app token (from the app_ticket); for a signed-in user, renewing the
 * user's token or signing in.
 */
export type FailureStage = 'token' | 'message' | 'event_endpoint' | 'event_socket' | 'app_token' | 'user_token';

/**
 * What is wrong with this side's own credentials, found before or instead of asking the platform:
 * a store app without an app_ticket, a pasted token past its expiry, a user whose sign-in ran out.
 */
export interface CredentialProblem {
  problem: 'ticket_missing' | 'token_expired' | 'signed_out';
  /** The signed-in user's name, for "sign in again as …". */
  user?: string;
  /** Epoch ms: when the pasted token or the sign-in expired. */
  expiresAt?: number;
}

/**
 * Kinds of failure. `api`: the platform answered with a non-zero `code`.
 * The others have no platform code: an HTTP error without a JSON body, a timeout, a network
 * failure (DNS, TLS, refused), an HTML page or other non-JSON body, JSON cut short, a
 * download larger than the caller takes (stopped at the limit, or refused by its Content-Length),
 * or this side's own credentials (`credential`: see CredentialProblem).
 */
export type FailureKind = 'api' | 'http' | 'timeout' | 'network' | 'not_json' | 'truncated_json' | 'too_large' | 'credential';

/** A failed lookup, as a value: everything a support engineer needs to act on it. */
export interface FeishuFailure {
  kind: FailureKind;
  stage: FailureStage;
  /** The platform's `code` when the body had one. */
  code?: number;
  /** The platform's `msg`, or the transport error's text. */
  msg: string;
  httpStatus?: number;
  /** From `error.log_id`, `error.logid` or the `x-tt-logid` header. */
  logId?: string;
  troubleshooter?: string;
  permissionViolations?: ApiPermissionViolation[];
  fieldViolations?: ApiFieldViolation[];
  helps?: ApiHelp[];
  /** The raw response body (cut at a sane size), for codes nobody has catalogued. */
  body?: string;
  /** Set when the credentials themselves are the problem (kind `credential`, or a refused renewal). */
  credential?: CredentialProblem;
  /** Whom the call was made as, when not the app's bot: a signed-in user, or a pasted token. */
  identity?: { as: 'bot' | 'user'; pasted?: boolean };
}
